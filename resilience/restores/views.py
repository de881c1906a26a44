from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from resilience.models import Role, RestoreTest
from resilience.restores import services
from resilience.restores.forms import IntervalForm, RestoreTestForm
from resilience.tenancy import cabinet_view

LIST_LENGTH = 50


def _page(request, form=None, interval_form=None, status=200):
    tenant = request.tenant
    settings = services.settings_for(tenant.cabinet)
    context = {
        "tests": tenant.scope(RestoreTest).select_related("performed_by__user")[:LIST_LENGTH],
        "status": services.status(tenant, timezone.localdate()),
        "settings": settings,
        "interval_form": interval_form or IntervalForm(instance=settings),
        "is_titulaire": tenant.role == Role.TITULAIRE,
    }
    return render(request, "resilience/restores/list.html", context, status=status)


@cabinet_view
def restore_tests(request):
    return _page(request)


@cabinet_view
def restore_new(request):
    tenant = request.tenant
    form = RestoreTestForm(request.POST or None, tenant=tenant, initial={"performed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        test = services.record(tenant, request.user, form)
        messages.success(
            request,
            _("Test enregistré. Prochain test de restauration : le %(day)s.") % {"day": test.next_due.strftime("%d/%m/%Y")},
        )
        return redirect("resilience:restore_tests")
    return render(request, "resilience/restores/form.html", {"form": form})


@cabinet_view(roles={Role.TITULAIRE})
def restore_interval(request):
    if request.method != "POST":
        return redirect("resilience:restore_tests")
    settings = services.settings_for(request.tenant.cabinet)
    form = IntervalForm(request.POST, instance=settings)
    if not form.is_valid():
        return _page(request, interval_form=form, status=400)
    services.set_interval(request.tenant, request.user, form.cleaned_data["restore_interval_months"])
    messages.success(request, _("L'intervalle entre deux tests de restauration est enregistré."))
    return redirect("resilience:restore_tests")
