"""Declaring an incident: one triage question, one tap."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from incidents import services
from incidents.forms import DeclareForm
from incidents.models import Incident, Status
from incidents.models.incidents import scenario_for
from incidents.playbooks import get_playbooks
from resilience.tenancy import cabinet_view


@cabinet_view
def declare(request):
    """Any member declares. The answer proposes scenario A or B; it can be changed later."""
    tenant = request.tenant
    library = get_playbooks()
    form = DeclareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        scenario = scenario_for(library.triage.proposal(answer))
        duplicate = services.recent_duplicate(tenant, request.user, scenario)
        if duplicate is not None:
            messages.info(request, _("Vous venez de déclarer cet incident : le voici."))
            return redirect("incidents:detail", incident_id=duplicate.pk)
        incident = services.declare(
            tenant, request.user, answer, form.cleaned_data["aware_at"], form.cleaned_data["summary"]
        )
        messages.success(
            request,
            _("Incident déclaré. %(scenario)s : suivez les étapes une par une, cochez-les au fur et à mesure.")
            % {"scenario": incident.get_scenario_display()},
        )
        return redirect("incidents:detail", incident_id=incident.pk)
    answers = library.triage.answers
    return render(
        request,
        "incidents/declare.html",
        {
            "form": form,
            "triage": library.triage,
            "answers": answers,
            # Shown as warnings by {% declare_open_incidents %}, which reads these two columns only.
            "open_incidents": tenant.scope(Incident).exclude(status=Status.CLOSED).only("pk", "scenario"),
            "details_open": bool(form.errors.get("aware_at") or form.errors.get("summary")),
        },
    )
