"""Closing an incident after the checks (the titulaire), reopening it, and its report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents import closing, services, summary
from incidents.forms import CloseForm
from incidents.models import Incident
from incidents.playbooks import get_playbooks
from incidents.views.common import incident_for
from resilience.models import Role
from resilience.pdf import pdf_response
from resilience.tenancy import cabinet_view, compiled_once

# Closing ends the cabinet's follow-up and may override open points: the titulaire decides.
CLOSERS = frozenset({Role.TITULAIRE})

# The closing page's incident and its catch-up totals, read by a query compiled once (closing locks it instead).
INCIDENT_WITH_TOTALS = compiled_once(
    lambda tenant, incident_id: summary.with_catch_up_totals(tenant.scope(Incident).filter(pk=incident_id)), int
)


def _may_close(request) -> bool:
    return request.tenant.role in CLOSERS


@cabinet_view
def close(request, incident_id):
    """Every member sees what is left; the titulaire closes, with a reason if points remain."""
    if request.method == "POST":
        incident = incident_for(request, incident_id)
    else:
        incident = request.tenant.fetch_one(INCIDENT_WITH_TOTALS, incident_id)
    if not incident.is_open:
        messages.info(request, _("Cet incident est déjà clos."))
        return redirect("incidents:detail", incident_id=incident.pk)
    if request.method == "POST" and not _may_close(request):
        raise PermissionDenied(_("Seul le titulaire du cabinet peut clôturer un incident."))
    groups = summary.step_groups(incident, request.tenant.fetch(summary.STEP_MARKS, incident.pk))
    totals = summary.catch_up_totals(incident)
    problems = closing.closing_problems(summary.closing_state(incident, groups, totals))
    form = CloseForm(request.POST if request.method == "POST" else None, problems=problems)
    if request.method == "POST" and form.is_valid():
        services.close(incident, request.user, problems, form.cleaned_data.get("reason", ""))
        messages.success(request, _("Incident clos. Le rapport d'incident est prêt à télécharger."))
        return redirect("incidents:detail", incident_id=incident.pk)
    return render(
        request,
        "incidents/close.html",
        {
            "incident": incident,
            "problems": problems,
            "main_problems": [p for p in problems if not p.step_key],
            "step_problems": [p for p in problems if p.step_key],
            "form": form,
            "may_close": _may_close(request),
        },
    )


@cabinet_view
@require_POST
def reopen(request, incident_id):
    incident = incident_for(request, incident_id)
    if not _may_close(request):
        raise PermissionDenied(_("Seul le titulaire du cabinet peut rouvrir un incident."))
    if not incident.is_open:
        services.reopen(incident, request.user)
        messages.success(request, _("Incident rouvert."))
    return redirect("incidents:detail", incident_id=incident.pk)


def report_context(incident, cabinet) -> dict:
    now = timezone.now()
    groups = summary.step_groups(incident)
    views = summary.clock_views(incident, now)
    library = get_playbooks()
    return {
        "cabinet": cabinet,
        "incident": incident,
        "groups": groups,
        "clocks": views,
        "totals": summary.catch_up_totals(incident),
        "days": incident.catch_up_days.order_by("day"),
        "sheets": incident.paper_sheets.order_by("day", "number"),
        "items": summary.timeline(incident, now, views),
        "problems": closing.closing_problems(summary.closing_state(incident, groups, views=views)) if incident.is_open else [],
        "exemption": next((e for e in library.patient_information.exemptions if e.key == incident.patients_exemption), None),
    }


@cabinet_view
def report(request, incident_id):
    """The incident report: for the insurer, the police or the CNIL."""
    incident = request.tenant.get(Incident.objects.select_related("declared_by", "closed_by", "decision_by"), pk=incident_id)
    cabinet = request.tenant.cabinet
    day = timezone.localtime(incident.aware_at).strftime("%Y-%m-%d")
    return pdf_response("incidents/pdf/report.html", report_context(incident, cabinet), f"rapport-incident-{day}-{cabinet.name}")
