"""Ticking playbook steps: done or not applicable (why), by whom and when; forged keys refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Scenario, StepMark
from incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def step_url(incident, key):
    return reverse("incidents:step", args=[incident.pk, key])


def test_without_javascript_a_step_is_done_and_the_page_comes_back_at_it(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    response = team.client_for(team.secretary).post(step_url(incident, "b_disconnect"), {"state": "done"})
    assert response.status_code == 302 and response.url.endswith("#etape-b_disconnect")
    mark = StepMark.objects.get(incident=incident)
    assert (mark.step_key, mark.state, mark.marked_by) == ("b_disconnect", "done", team.secretary)
    assert incident.entries.get().text == "Étape faite : Débranchez tout de suite le câble réseau ou coupez le Wi-Fi."


def test_with_htmx_only_the_step_and_the_progress_are_swapped(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    response = team.client_for(team.secretary).post(step_url(incident, "b_keep_on"), {"state": "done"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="etape-b_keep_on"' in html and "step-done" in html
    assert 'id="progress" class="badge text-bg-secondary" hx-swap-oob="true">1 / 28' in html
    assert 'id="progress-scenario_b"' in html


def test_not_applicable_needs_a_reason_and_keeps_it(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    client = team.client_for(team.member)
    response = client.post(step_url(incident, "b_report_ars"), {"state": "not_applicable", "reason": "  "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "pourquoi cette étape est sans objet" in response.content.decode()
    assert not StepMark.objects.exists()
    client.post(step_url(incident, "b_report_ars"), {"state": "not_applicable", "reason": "Signalé par le prestataire"})
    mark = StepMark.objects.get()
    assert mark.state == "not_applicable" and mark.reason == "Signalé par le prestataire"


def test_a_step_can_be_put_back_to_do_and_everything_stays_in_the_timeline(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    client = team.client_for(team.secretary)
    client.post(step_url(incident, "b_photo"), {"state": "done"})
    client.post(step_url(incident, "b_photo"), {"state": "open"})
    assert StepMark.objects.get().state == "open"
    assert incident.entries.count() == 2


def test_a_step_done_earlier_on_paper_carries_its_real_time(team):
    incident = IncidentFactory(cabinet=team.cabinet, aware_at=timezone.now() - timedelta(hours=3))
    real = (timezone.localtime() - timedelta(hours=2)).replace(second=0, microsecond=0)
    team.client_for(team.secretary).post(step_url(incident, "b_disconnect"), {"state": "done", "occurred_at": real.strftime("%Y-%m-%dT%H:%M")})
    assert StepMark.objects.get().occurred_at == real
    assert incident.entries.get().occurred_at == real


@pytest.mark.parametrize("key", ["b_unknown", "a_restart", "reflex_preserve", "scenario_b", "DROP_TABLE"])
def test_a_forged_or_foreign_step_key_is_404_and_changes_nothing(team, key):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B)  # a_restart belongs to scenario A
    response = team.client_for(team.secretary).post(step_url(incident, key), {"state": "done"})
    assert response.status_code == 404
    assert not StepMark.objects.exists() and not incident.entries.exists()


def test_a_forged_state_is_refused(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    response = team.client_for(team.secretary).post(step_url(incident, "b_photo"), {"state": "hacked"})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert not StepMark.objects.exists()


def test_after_a_scenario_change_the_new_scenario_steps_apply(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A)
    client = team.client_for(team.secretary)
    assert client.post(step_url(incident, "b_disconnect"), {"state": "done"}).status_code == 404
    client.post(reverse("incidents:scenario", args=[incident.pk]), {"scenario": "B"})
    assert client.post(step_url(incident, "b_disconnect"), {"state": "done"}).status_code == 302


@pytest.mark.parametrize("state", ["", "hacked"])
def test_with_a_missing_or_forged_state_what_was_typed_comes_back(team, state):
    incident = IncidentFactory(cabinet=team.cabinet)
    posted = {"state": state, "reason": "2147483648 <b>", "occurred_at": "2026-01-02T10:00"}
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        html = team.client_for(team.secretary).post(step_url(incident, "b_keep_on"), posted, **headers).content.decode()
        assert 'value="2147483648 &lt;b&gt;"' in html and 'value="2026-01-02T10:00"' in html
    assert not StepMark.objects.exists()
