"""Ticking a playbook step of an incident: done, not applicable (why), or back to do.

With htmx the step is swapped in place; without JavaScript the plain form posts
and the page comes back at the step. A key that is not a step of this
incident's playbooks is a 404 and changes nothing.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from incidents import closing, services, summary
from incidents.forms import StepForm
from incidents.views.common import closed_response, incident_for, is_htmx
from resilience.tenancy import cabinet_view

REFILLED_FORMS = ("done", closing.NOT_APPLICABLE)  # the step's two forms that take a time or a reason


@cabinet_view
def step_mark(request, incident_id, step_key):
    incident = incident_for(request, incident_id)
    step = summary.applicable_step(incident, step_key)
    if step is None:
        raise Http404
    if not incident.is_open:
        return closed_response(request, incident)
    form = StepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.mark_step(incident, request.user, step, data["state"], data["reason"].strip(), data["occurred_at"])
        if not is_htmx(request):
            return redirect(reverse("incidents:detail", kwargs={"incident_id": incident.pk}) + f"#etape-{step.key}")
        form = None
    view = summary.step_view(incident, step)
    # A refused form comes back with what was typed (reason, time) in the form that sent it; with a state
    # missing or forged (no button sends one), in the « sans objet » form, the one with both fields.
    refused = None
    if form is not None and form.is_bound and form.errors:
        refused = form.data.get("state") if form.data.get("state") in REFILLED_FORMS else closing.NOT_APPLICABLE
    context = {"incident": incident, "s": view, "form": form, "refused": refused}
    if is_htmx(request):
        groups = summary.step_groups(incident)
        context.update(
            {
                "oob": True,
                "settled": sum(g.settled for g in groups),
                "total_steps": sum(g.total for g in groups),
                "group": next(g for g in groups if g.playbook.key == view.playbook_key),
            }
        )
        return render(request, "incidents/includes/step_swap.html", context)
    return render(request, "incidents/step_page.html", context)
