"""Following up the action plan: status, owner, due date, reason when not retained."""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from resilience.assessment import services
from resilience.assessment.forms import ActionItemForm
from resilience.assessment.links import action_url
from resilience.assessment.questionnaire import get_questionnaire
from resilience.models import ActionItem, Assessment
from resilience.tenancy import cabinet_view, compiled_once


def _action_item(tenant, action_id):
    newer = Assessment.objects.finished().filter(cabinet=OuterRef("cabinet"), finished_at__gt=OuterRef("assessment__finished_at"))
    return (
        tenant.scope(ActionItem)
        .select_related("assessment", "owner__user")
        .annotate(plan_superseded=Exists(newer))
        .filter(pk=action_id)
    )


# The action, its assessment and whether a newer plan replaced it: one query, built once per process.
ACTION_ITEM = compiled_once(_action_item, int)


@cabinet_view
def action_edit(request, action_id):
    """Any member updates an action of the current plan; older plans are history and stay as they were."""
    tenant = request.tenant
    item = tenant.fetch_one(ACTION_ITEM, action_id)
    if item.plan_superseded:
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
