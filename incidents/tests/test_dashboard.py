"""The dashboard panel: the open incident with its countdowns."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Scenario, Status
from incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_an_open_incident_and_its_countdowns_are_on_the_dashboard(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, personal_data=True, aware_at=timezone.now() - timedelta(hours=60))
    page = team.client_for(team.member).get(reverse("resilience:dashboard")).content.decode()
    assert "Incident en cours" in page and reverse("incidents:detail", args=[incident.pk]) in page
    assert page.count("il reste 12 h") >= 1 or page.count("il reste 11 h") >= 1
    assert 'data-clock="cnil_notification"' in page and 'data-clock="police_complaint"' in page


def test_a_closed_incident_or_another_cabinet_s_is_not_there(team):
    IncidentFactory(cabinet=team.cabinet, status=Status.CLOSED, closed_at=timezone.now())
    IncidentFactory(cabinet=team.other_cabinet)
    page = team.client_for(team.member).get(reverse("resilience:dashboard")).content.decode()
    assert "Incident en cours" not in page and "Aucun incident en cours" in page
