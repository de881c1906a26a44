"""The incident report says each deadline's outcome once (never « non fait (non fait) »)."""

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Scenario, Status
from incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_a_deadline_missed_at_closing_reads_non_fait_once(team):
    aware = timezone.now() - timedelta(days=5)
    incident = IncidentFactory(
        cabinet=team.cabinet, scenario=Scenario.B, aware_at=aware, personal_data=False,
        status=Status.CLOSED, closed_at=aware + timedelta(days=4),
    )
    response = team.client_for(team.titulaire).get(reverse("incidents:report", args=[incident.pk]))
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "non fait" in text
    assert "non fait (non fait)" not in " ".join(text.split())
