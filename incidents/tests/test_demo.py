"""load_demo gives Cabinet démo a closed scenario A incident three months ago and one drill."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from incidents.models import Drill, Incident, Scenario, Status
from resilience.demo import DEMO_CABINET

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-1234567"


def test_demo_data_is_there_and_loading_twice_adds_nothing():
    call_command("load_demo", password=PASSWORD)
    call_command("load_demo", password=PASSWORD)
    incident = Incident.objects.get(cabinet__name=DEMO_CABINET)
    assert incident.scenario == Scenario.A and incident.status == Status.CLOSED
    assert timedelta(days=85) < timezone.now() - incident.aware_at < timedelta(days=100)
    assert incident.in_register and incident.notify_cnil is False and incident.notify_reason
    assert incident.step_marks.count() == 4 + 8 + 7 and incident.entries.exists()
    drill = Drill.objects.get(cabinet__name=DEMO_CABINET)
    assert drill.finished_at and drill.covered_steps
    assert not Incident.objects.exclude(cabinet__name=DEMO_CABINET).exists()
