"""Running an incident: its page, status, scenario, awareness time, notes and the timeline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import EntryKind, Incident, Scenario, Status
from incidents.tests.factories import IncidentFactory
from resilience.models import AuditEvent

pytestmark = pytest.mark.django_db


def detail(client, incident):
    return client.get(reverse("incidents:detail", args=[incident.pk]))


def test_scenario_b_shows_the_cnil_and_complaint_countdowns_until_data_is_assessed(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, aware_at=timezone.now() - timedelta(hours=2))
    page = detail(team.client_for(team.secretary), incident).content.decode()
    assert 'data-clock="cnil_notification"' in page and 'data-clock="police_complaint"' in page
    assert "il reste 2 j 21 h" in page
    assert "Données de patients touchées ? À confirmer." in page
    assert "Des données de patients peuvent-elles être touchées ?" in page


def test_a_plain_failure_without_personal_data_has_no_clock(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A, personal_data=False)
    page = detail(team.client_for(team.secretary), incident).content.decode()
    assert "data-clock=" not in page


def test_the_first_open_step_of_the_focused_playbook_is_the_next_step(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B)
    page = detail(team.client_for(team.secretary), incident).content.decode()
    assert 'href="#etape-b_keep_on"' in page
    incident.status = Status.DEGRADED
    incident.save()
    page = detail(team.client_for(team.secretary), incident).content.decode()
    assert 'href="#etape-deg_patient_notice"' in page


def test_marking_a_personal_data_breach_puts_it_in_the_register(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A)
    client = team.client_for(team.secretary)
    assert "data-clock=" not in detail(client, incident).content.decode()
    response = client.post(reverse("incidents:personal_data", args=[incident.pk]), {"personal_data": "oui"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.personal_data is True
    assert 'data-clock="cnil_notification"' in detail(client, incident).content.decode()
    assert incident.entries.filter(kind=EntryKind.BREACH).exists()
    register = client.get(reverse("incidents:register")).content.decode()
    assert reverse("incidents:detail", args=[incident.pk]) in register


def test_a_forged_personal_data_answer_changes_nothing(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    response = team.client_for(team.secretary).post(reverse("incidents:personal_data", args=[incident.pk]), {"personal_data": "peut-être"})
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.personal_data is None


def test_changing_the_scenario_is_recorded_and_starts_the_complaint_clock(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A, personal_data=False)
    client = team.client_for(team.member)
    response = client.post(reverse("incidents:scenario", args=[incident.pk]), {"scenario": "B", "reason": "Message de rançon apparu"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.scenario == Scenario.B
    entry = incident.entries.get(kind=EntryKind.SCENARIO)
    assert "Scénario A — Panne ou bug logiciel → Scénario B — Suspicion de cyberattaque" in entry.text
    assert "Message de rançon apparu" in entry.text
    assert AuditEvent.objects.filter(action="incident.scenario", actor=team.member).exists()
    assert 'data-clock="police_complaint"' in detail(client, incident).content.decode()


def test_status_goes_through_degraded_mode_and_recovery_but_not_to_closed(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    client = team.client_for(team.secretary)
    for status in (Status.DEGRADED, Status.RECOVERY):
        client.post(reverse("incidents:status", args=[incident.pk]), {"status": status})
        incident.refresh_from_db()
        assert incident.status == status
    response = client.post(reverse("incidents:status", args=[incident.pk]), {"status": Status.CLOSED})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == Status.RECOVERY
    assert [e.text for e in incident.entries.filter(kind=EntryKind.STATUS)] == [
        "Statut : En cours → Mode dégradé",
        "Statut : Mode dégradé → Rétablissement",
    ]


def test_correcting_the_awareness_time_recomputes_the_clocks_and_is_logged(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B)
    client = team.client_for(team.secretary)
    form = client.get(reverse("incidents:awareness", args=[incident.pk])).context["form"]
    earlier = timezone.localtime() - timedelta(hours=70)
    response = client.post(
        reverse("incidents:awareness", args=[incident.pk]),
        {"aware_at": earlier.strftime("%Y-%m-%dT%H:%M"), "summary": "", "seen": form["seen"].value()},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.aware_at == earlier.replace(second=0, microsecond=0)
    assert "il reste 1 h" in detail(client, incident).content.decode()
    assert incident.entries.filter(kind=EntryKind.AWARENESS).exists()


def test_a_note_typed_later_from_paper_carries_its_real_time(team):
    incident = IncidentFactory(cabinet=team.cabinet, aware_at=timezone.now() - timedelta(hours=5))
    client = team.client_for(team.secretary)
    real = (timezone.localtime() - timedelta(hours=3)).replace(second=0, microsecond=0)
    client.post(reverse("incidents:note", args=[incident.pk]), {"text": "Prestataire appelé, rappel à 11 h", "occurred_at": real.strftime("%Y-%m-%dT%H:%M")})
    entry = incident.entries.get(kind=EntryKind.NOTE)
    assert entry.occurred_at == real and entry.author == team.secretary and entry.typed_later
    journal = client.get(reverse("incidents:journal", args=[incident.pk])).content.decode()
    assert "Prestataire appelé" in journal and "saisi le" in journal


def test_an_empty_or_future_note_is_refused_without_losing_the_text(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    client = team.client_for(team.secretary)
    response = client.post(reverse("incidents:note", args=[incident.pk]), {"text": ""})
    assert "Écrivez la note" in response.content.decode()
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("incidents:note", args=[incident.pk]), {"text": "Appel à l'éditeur", "occurred_at": future})
    page = response.content.decode()
    assert "dans le futur" in page and "Appel à l&#x27;éditeur" in page
    assert not incident.entries.filter(kind=EntryKind.NOTE).exists()


def test_the_timeline_shows_everything_in_the_order_it_happened(team):
    aware = timezone.now() - timedelta(hours=80)
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, aware_at=aware)
    client = team.client_for(team.secretary)
    client.post(reverse("incidents:step", args=[incident.pk, "b_disconnect"]), {"state": "done", "occurred_at": timezone.localtime(aware + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")})
    client.post(reverse("incidents:note", args=[incident.pk]), {"text": "Note récente"})
    page = client.get(reverse("incidents:journal", args=[incident.pk])).content.decode()
    order = [
        page.index("Prise de connaissance de l&#x27;incident"),
        page.index("Débranchez tout de suite"),
        page.index("Fin du délai de 72 h : Plainte"),
        page.index("Note récente"),
    ]
    assert order == sorted(order)


def test_a_closed_incident_is_read_only_and_not_kept_offline(team):
    incident = IncidentFactory(cabinet=team.cabinet, status=Status.CLOSED, closed_at=timezone.now())
    client = team.client_for(team.titulaire)
    response = detail(client, incident)
    assert response["X-Offline-Cache"] == "no"
    for name in ("note", "status", "scenario", "awareness", "breach", "decision"):
        response = client.post(reverse(f"incidents:{name}", args=[incident.pk]), {"text": "x", "status": "mode_degrade", "scenario": "A"})
        assert response.status_code == 302, name
    assert not incident.entries.exists()
    assert Incident.objects.get().status == Status.CLOSED


def test_an_open_incident_page_may_be_kept_offline(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    assert "X-Offline-Cache" not in detail(team.client_for(team.secretary), incident)


def test_an_open_incident_offers_the_printable_kit_and_the_patient_notice(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    page = detail(team.client_for(team.secretary), incident).content.decode()
    assert f'href="{reverse("kit:pdf_kit")}"' in page
    assert f'href="{reverse("kit:patient_notice")}"' in page
