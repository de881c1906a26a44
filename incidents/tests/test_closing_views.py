"""Closing: the checks, the written reason to close anyway, who closes, and the report."""

import html
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import EntryKind, Scenario, Status, StepMark
from incidents.playbooks import get_playbooks
from incidents.tests.factories import CatchUpDayFactory, IncidentFactory
from resilience.models import AuditEvent

pytestmark = pytest.mark.django_db


def settle_every_step(incident, user):
    library = get_playbooks()
    for key in incident.playbook_keys:
        for step in library.get(key).steps:
            StepMark.objects.create(cabinet=incident.cabinet, incident=incident, step_key=step.key, state="done", marked_by=user)


def close_url(incident):
    return reverse("incidents:close", args=[incident.pk])


def pdf_text(pdf: bytes) -> str:
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split())


def test_the_checks_list_steps_catch_up_billing_and_the_missing_decision(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True)
    CatchUpDayFactory(incident=incident, consultations=5, sheets_typed=3, acts_noted=4, acts_billed=4)
    page = html.unescape(team.client_for(team.secretary).get(close_url(incident)).content.decode())
    assert "Des données personnelles sont touchées : indiquez si vous notifiez la CNIL ou non." in page
    assert "Il reste 2 fiches papier à ressaisir dans le logiciel métier." in page
    assert "Étape non terminée : N'éteignez pas l'ordinateur" in page
    assert "Le titulaire du cabinet clôt l'incident" in page  # the secretary sees, does not close


@pytest.mark.parametrize("who", ["secretary", "member"])
def test_only_the_titulaire_closes(team, who):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A, personal_data=False)
    settle_every_step(incident, team.secretary)
    response = team.client_for(getattr(team, who)).post(close_url(incident))
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.status != Status.CLOSED


def test_with_everything_done_the_titulaire_closes_without_a_reason(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A, personal_data=False)
    settle_every_step(incident, team.secretary)
    CatchUpDayFactory(incident=incident, consultations=5, sheets_typed=5, acts_noted=5, acts_billed=5)
    response = team.client_for(team.titulaire).post(close_url(incident))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.closed_by == team.titulaire and incident.closing_problems == []
    assert incident.entries.filter(kind=EntryKind.CLOSED).exists()
    assert AuditEvent.objects.filter(action="incident.close", actor=team.titulaire).exists()


@pytest.mark.parametrize("reason", ["", "ok", "          ", "a  b  c"])
def test_closing_anyway_needs_a_real_written_reason(team, reason):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True)
    response = team.client_for(team.titulaire).post(close_url(incident), {"reason": reason})
    assert response.status_code == 200 and "Expliquez en quelques mots" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == Status.OPEN


def test_closing_anyway_keeps_the_reason_and_the_open_points(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True)
    reason = "Déclaré par erreur : simple coupure d'électricité."
    team.client_for(team.titulaire).post(close_url(incident), {"reason": reason})
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.close_reason == reason
    codes = {problem["code"] for problem in incident.closing_problems}
    assert {"notification_decision_missing", "step_open"} <= codes


def test_notifying_without_a_recorded_notification_or_late_without_reason_blocks(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True, notify_cnil=True, aware_at=timezone.now() - timedelta(hours=80))
    page = team.client_for(team.titulaire).get(close_url(incident)).content.decode()
    assert "indiquez quand la notification a été faite" in page
    assert "écrivez la raison du retard" in page


def test_the_titulaire_reopens_and_others_cannot(team):
    incident = IncidentFactory(cabinet=team.cabinet, status=Status.CLOSED, closed_at=timezone.now())
    assert team.client_for(team.secretary).post(reverse("incidents:reopen", args=[incident.pk])).status_code == 403
    assert team.client_for(team.titulaire).post(reverse("incidents:reopen", args=[incident.pk])).status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.RECOVERY and incident.closed_at is None
    assert incident.entries.filter(kind=EntryKind.REOPENED).exists()


def test_the_report_tells_the_whole_story(team):
    aware = timezone.now() - timedelta(hours=100)
    incident = IncidentFactory(
        cabinet=team.cabinet, scenario=Scenario.B, aware_at=aware, personal_data=True, high_risk=True,
        breach_nature="Rançongiciel : fichiers du logiciel chiffrés", data_categories="Dossiers médicaux",
        people_affected=1800, notify_cnil=True, cnil_notified_at=aware + timedelta(hours=80),
        cnil_delay_reason="Prestataire injoignable le week-end", complaint_filed_at=aware + timedelta(hours=20),
        complaint_place="Commissariat de Bordeaux",
    )
    client = team.client_for(team.secretary)
    client.post(reverse("incidents:step", args=[incident.pk, "b_disconnect"]), {"state": "done"})
    client.post(reverse("incidents:note", args=[incident.pk]), {"text": "<b>Prestataire</b> sur place"})
    client.post(reverse("incidents:count", args=[incident.pk]), {"day": timezone.localdate().isoformat(), "counter": "consultations", "delta": "4"})
    response = client.get(reverse("incidents:report", args=[incident.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="rapport-incident-')
    text = pdf_text(response.content)
    for expected in (
        "Rapport d'incident", "Cabinet des Acacias", "Scénario B — Suspicion de cyberattaque",
        "Notification à la CNIL", "fait en retard", "Prestataire injoignable le week-end",
        "Plainte (condition de l'assurance cyber)", "respecté", "Commissariat de Bordeaux",
        "Information des patients", "Rançongiciel : fichiers du logiciel chiffrés", "1800",
        "4 consultations notées sur papier ; 4 fiches encore à ressaisir",
        "Débranchez tout de suite le câble réseau", "<b>Prestataire</b> sur place",
        "Points encore ouverts", "Page 1 /",
    ):
        assert expected in text, expected
