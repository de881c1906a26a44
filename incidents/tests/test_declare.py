"""Declaring: a red button on every cabinet page, one triage question, one tap."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.clocks import PARIS
from incidents.models import EntryKind, Incident, Scenario, Status
from resilience.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["resilience:dashboard", "resilience:contacts", "resilience:members", "incidents:playbooks"])
def test_the_red_declare_button_is_on_every_cabinet_page(team, url_name):
    page = team.client_for(team.secretary).get(reverse(url_name)).content.decode()
    assert f'class="btn btn-danger fw-semibold' in page
    assert reverse("incidents:declare") in page


def test_the_page_asks_the_triage_question_with_three_answers(team):
    page = team.client_for(team.secretary).get(reverse("incidents:declare")).content.decode()
    assert "Écran bloqué, message de rançon, fichiers illisibles ou renommés, activité suspecte ?" in page
    for key in ("triage_yes", "triage_no", "triage_unsure"):
        assert f'value="{key}"' in page


@pytest.mark.parametrize(
    "answer, scenario",
    [("triage_yes", Scenario.B), ("triage_unsure", Scenario.B), ("triage_no", Scenario.A), ("triage_lost_device", Scenario.C)],
)
def test_an_answer_declares_the_proposed_scenario_now(team, answer, scenario):
    before = timezone.now()
    response = team.client_for(team.secretary).post(reverse("incidents:declare"), {"answer": answer})
    incident = Incident.objects.get(cabinet=team.cabinet)
    assert response.status_code == 302 and response.url == reverse("incidents:detail", args=[incident.pk])
    assert incident.scenario == scenario and incident.status == Status.OPEN
    assert incident.declared_by == team.secretary and incident.aware_at >= before
    entry = incident.entries.get()
    assert entry.kind == EntryKind.DECLARED and entry.author == team.secretary
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="incident.declare").exists()


def test_a_lost_device_follows_its_playbook_and_runs_the_cnil_clock_until_answered(team):
    client = team.client_for(team.member)
    client.post(reverse("incidents:declare"), {"answer": "triage_lost_device"})
    incident = Incident.objects.get(cabinet=team.cabinet)
    assert incident.playbook_keys == ("lost_device", "degraded", "exit")
    page = html.unescape(client.get(reverse("incidents:detail", args=[incident.pk])).content.decode())
    assert "Faites verrouiller puis effacer l'appareil à distance." in page
    assert "Notification à la CNIL" in page and "Plainte (condition de l'assurance cyber)" not in page
    assert incident.register_status == "to_qualify"
    client.post(reverse("incidents:personal_data", args=[incident.pk]), {"personal_data": "non"})
    incident.refresh_from_db()
    assert not incident.personal_data_possible and incident.register_status is None


def test_awareness_earlier_than_now_is_kept_in_paris_time(team):
    team.client_for(team.member).post(
        reverse("incidents:declare"), {"answer": "triage_yes", "aware_at": "2026-03-14T09:30", "summary": "Écran bloqué à l'accueil"}
    )
    incident = Incident.objects.get()
    assert incident.aware_at == timezone.datetime(2026, 3, 14, 9, 30, tzinfo=PARIS)
    assert incident.summary == "Écran bloqué à l'accueil"


def test_a_future_awareness_is_refused_and_what_was_typed_is_kept(team):
    future = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = team.client_for(team.member).post(
        reverse("incidents:declare"), {"answer": "triage_yes", "aware_at": future, "summary": "Rançon affichée"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cette heure est dans le futur" in page and "Rançon affichée" in page and future in page
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    "value, message",
    [
        ("2026-03-29T02:30", "passage à l'heure d'été"),
        ("hier matin", "Indiquez une date et une heure"),
        ("0001-01-01T00:00", "trop ancienne"),
        ("2026-02-30T10:00", "Indiquez une date et une heure"),
    ],
)
def test_impossible_times_are_refused_in_plain_french(team, value, message):
    response = team.client_for(team.member).post(reverse("incidents:declare"), {"answer": "triage_no", "aware_at": value})
    assert response.status_code == 200 and message in html.unescape(response.content.decode())
    assert not Incident.objects.exists()


def test_the_ambiguous_autumn_hour_is_the_first_one(team):
    team.client_for(team.member).post(reverse("incidents:declare"), {"answer": "triage_no", "aware_at": "2025-10-26T02:30"})
    assert Incident.objects.get().aware_at.utcoffset() is not None
    assert timezone.localtime(Incident.objects.get().aware_at).utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("answer", ["", "triage_maybe", "scenario_b"])
def test_a_forged_answer_is_refused(team, answer):
    response = team.client_for(team.member).post(reverse("incidents:declare"), {"answer": answer})
    assert response.status_code == 200 and "Choisissez une des trois réponses." in response.content.decode()
    assert not Incident.objects.exists()


def test_a_double_tap_on_a_slow_network_declares_once(team):
    client = team.client_for(team.secretary)
    first = client.post(reverse("incidents:declare"), {"answer": "triage_yes"})
    second = client.post(reverse("incidents:declare"), {"answer": "triage_yes"})
    assert Incident.objects.count() == 1 and first.url == second.url


def test_an_open_incident_is_shown_before_declaring_another(team):
    client = team.client_for(team.secretary)
    client.post(reverse("incidents:declare"), {"answer": "triage_no"})
    page = client.get(reverse("incidents:declare")).content.decode()
    assert "Un incident est déjà en cours" in page
