"""Urgent due items of an open scenario-B incident, and the email to titulaires when one is declared.

The CNIL decision and the police complaint must be done within 72 hours of
becoming aware (see clocks.py). With no decision recorded, every member who
may act is told at 48 h and again at 66 h, within a sweep (15 minutes): these
reminders are urgent, outside the daily digest, and cannot be turned off.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.clocks import LEGAL_DELAY
from incidents.models import Incident, Scenario, Status
from resilience.reminders import registry, services, tasks
from resilience.reminders.stages import local_day

CNIL = "incident_cnil"
COMPLAINT = "incident_complaint"
DECLARED = "incident_declared"
FIRST_ALERT = timedelta(hours=48)
SECOND_ALERT = timedelta(hours=66)


def urgent_stage(aware_at, now) -> int | None:
    """1 from 48 h after becoming aware, 2 from 66 h; None before."""
    elapsed = now - aware_at
    if elapsed >= SECOND_ALERT:
        return 2
    if elapsed >= FIRST_ALERT:
        return 1
    return None


def due_incident_decisions(cabinet_ids, now, horizon=None):
    """For the sweep, only incidents past 48 h (with their stage); for a calendar (a horizon), every open one."""
    incidents = Incident.objects.filter(registry.in_cabinets(cabinet_ids), scenario=Scenario.B).exclude(status=Status.CLOSED)
    if horizon is None:
        incidents = incidents.filter(aware_at__lte=now - FIRST_ALERT)
    rows = incidents.order_by().values_list("id", "cabinet_id", "aware_at", "decision_at", "complaint_filed_at")
    detail = registry.path_maker("incidents:detail")
    for incident_id, cabinet_id, aware_at, decision_at, complaint_filed_at in rows:
        stage = urgent_stage(aware_at, now)
        deadline = aware_at + LEGAL_DELAY
        url = detail(incident_id)
        common = {"cabinet_id": cabinet_id, "item_id": incident_id, "due": local_day(deadline), "url": url,
                  "recipients": registry.ALL_MEMBERS, "stage": stage, "starts_at": deadline}
        if decision_at is None:
            yield registry.DueItem(
                kind=CNIL,
                title=_("Incident en cours : décider s'il faut notifier la CNIL"),
                why=_("La notification à la CNIL doit être faite au plus tard 72 h après la découverte de l'incident."),
                **common,
            )
        if complaint_filed_at is None:
            yield registry.DueItem(
                kind=COMPLAINT,
                title=_("Incident en cours : porter plainte"),
                why=_("L'assurance cyber ne paie que si la plainte est déposée au plus tard 72 h après la découverte."),
                **common,
            )


def incident_declared(incident, user) -> None:
    """Tell the titulaire(s) at once, by email: the scenario, when, by whom, a link. Never the summary."""
    tasks.notify_now(
        cabinet_id=incident.cabinet_id,
        kind=DECLARED,
        item_id=incident.pk,
        day=local_day(incident.declared_at),
        title=_("Incident déclaré : %(scenario)s, le %(when)s, par %(who)s")
        % {
            "scenario": incident.get_scenario_display(),
            "when": incident.declared_at.astimezone(services.PARIS).strftime("%d/%m/%Y à %H:%M"),
            "who": user.display_name if user is not None else _("un membre du cabinet"),
        },
        why=_("Un membre du cabinet a déclaré un incident. Ouvrez-le pour voir où en est l'équipe."),
        url=reverse("incidents:detail", args=[incident.pk]),
        recipients=registry.TITULAIRES,
    )


def register():
    label = gettext_lazy("Incident en cours (délais de 72 h)")
    registry.register(registry.Kind(CNIL, label, due_incident_decisions, urgent=True, watch=(Incident,)))
    registry.register(registry.Kind(COMPLAINT, label, None, urgent=True))
    registry.register(registry.Kind(DECLARED, gettext_lazy("Incident déclaré"), None, urgent=True, swept=False))
