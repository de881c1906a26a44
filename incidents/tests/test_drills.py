"""Exercise mode: a timed run of a playbook, kept apart from incidents and the register."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Drill, DrillStep, Incident
from incidents.tests.factories import DrillFactory

pytestmark = pytest.mark.django_db


def test_a_drill_is_run_step_by_step_and_stores_what_it_covered(team):
    client = team.client_for(team.secretary)
    response = client.post(reverse("incidents:drills"), {"playbook": "exit"})
    drill = Drill.objects.get()
    assert response.url == reverse("incidents:drill", args=[drill.pk])
    page = client.get(response.url).content.decode()
    assert "EXERCICE" in page and "aucun délai légal" in page
    for key in ("exit_test_usb", "exit_security_check"):
        assert client.post(reverse("incidents:drill_step", args=[drill.pk, key]), {"done": "1"}, HTTP_HX_REQUEST="true").status_code == 200
    client.post(reverse("incidents:drill_step", args=[drill.pk, "exit_restock"]), {"done": "1"})
    client.post(reverse("incidents:drill_step", args=[drill.pk, "exit_restock"]), {"done": "0"})
    client.post(reverse("incidents:drill_finish", args=[drill.pk]), {"note": "Clé USB introuvable"})
    drill.refresh_from_db()
    assert drill.playbook_key == "exit" and drill.finished_at is not None
    assert drill.covered_steps == ["exit_security_check", "exit_test_usb"]  # in playbook order
    assert not Incident.objects.exists()  # nothing declared
    assert "Clé USB introuvable" in client.get(reverse("incidents:drill", args=[drill.pk])).content.decode()


def test_a_finished_drill_no_longer_changes(team):
    drill = DrillFactory(cabinet=team.cabinet, finished_at=timezone.now(), covered_steps=["b_keep_on"])
    client = team.client_for(team.member)
    client.post(reverse("incidents:drill_step", args=[drill.pk, "b_disconnect"]), {"done": "1"})
    client.post(reverse("incidents:drill_finish", args=[drill.pk]))
    assert not DrillStep.objects.exists()
    drill.refresh_from_db()
    assert drill.covered_steps == ["b_keep_on"]


def test_forged_keys_are_refused(team):
    drill = DrillFactory(cabinet=team.cabinet, playbook_key="scenario_a")
    client = team.client_for(team.member)
    assert client.post(reverse("incidents:drill_step", args=[drill.pk, "b_disconnect"]), {"done": "1"}).status_code == 404
    response = client.post(reverse("incidents:drills"), {"playbook": "scenario_z"})
    assert response.status_code == 200 and not Drill.objects.exclude(pk=drill.pk).exists()


def test_the_dashboard_shows_when_the_last_drill_was_run(team):
    client = team.client_for(team.secretary)
    page = html.unescape(client.get(reverse("resilience:dashboard")).content.decode())
    assert "Aucun exercice pour l'instant." in page
    DrillFactory(cabinet=team.cabinet, started_at=timezone.now() - timedelta(days=40), finished_at=timezone.now() - timedelta(days=40))
    DrillFactory(cabinet=team.other_cabinet, finished_at=timezone.now())
    page = client.get(reverse("resilience:dashboard")).content.decode()
    expected = (timezone.localdate() - timedelta(days=40)).strftime("%-d")
    assert f"Dernier exercice : le {expected} " in page
    assert "Un exercice tous les 6 mois est recommandé." not in page
