"""Following up the action plan: status, owner, due date, reason when not retained."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from resilience.assessment import services
from resilience.assessment.forms import ActionItemForm
from resilience.assessment.links import action_url
from resilience.assessment.questionnaire import get_questionnaire
from resilience.models import ActionItem
from resilience.tenancy import cabinet_view


@cabinet_view
def action_edit(request, action_id):
    """Any member updates an action of the current plan; older plans are history and stay as they were."""
    tenant = request.tenant
    item = tenant.get(ActionItem.objects.select_related("assessment", "owner__user"), pk=action_id)
    if services.is_superseded(tenant, item.assessment):
        raise Http404
    action = get_questionnaire(item.assessment.questionnaire_version).action(item.action_key)
    form = ActionItemForm(request.POST or None, instance=item, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        services.update_action_item(tenant, form, request.user)
        messages.success(request, _("L'action « %(title)s » est mise à jour.") % {"title": action.title})
        url = reverse("resilience:assessment_result", kwargs={"assessment_id": item.assessment_id})
        return redirect(f"{url}#action-{item.pk}")
    return render(
        request,
        "resilience/assessment/action_form.html",
        {"form": form, "item": item, "action": action, "url": action_url(action)},
    )
