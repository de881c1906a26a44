from django.core.paginator import Paginator
from django.shortcuts import render

from resilience.models import AuditEvent, Role
from resilience.tenancy import cabinet_view


@cabinet_view(roles={Role.TITULAIRE})
def history(request):
    events = request.tenant.scope(AuditEvent).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "resilience/history.html", {"page": page})
