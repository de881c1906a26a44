"""No input makes a 500: every incident URL, posted junk by a member of the cabinet."""

import pytest
from django.urls import reverse

from incidents.models import Incident
from incidents.tests.factories import DrillFactory, IncidentFactory, PaperSheetFactory
from resilience.tests.test_tenancy_urls import project_patterns

pytestmark = pytest.mark.django_db

JUNK = ["", "\x00", "x" * 5000, "-1", "99999999999999999999999", "2026-13-45T25:61", "<script>alert(1)</script>", "true", "on"]
KEYS = [
    "answer", "aware_at", "summary", "text", "occurred_at", "state", "reason", "status", "scenario", "personal_data",
    "high_risk", "people_affected", "records_affected", "breach_nature", "notify_cnil", "notify_reason", "cnil_notified_at",
    "cnil_delay_reason", "complaint_filed_at", "patients_informed_at", "patients_exemption", "ars_reported_at", "seen",
    "day", "counter", "delta", "numbers", "to_bill", "action", "playbook", "done", "note",
]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_posted_everywhere_never_crashes(team, junk):
    incident = IncidentFactory(cabinet=team.cabinet)
    kwargs = {
        "incident_id": incident.pk,
        "drill_id": DrillFactory(cabinet=team.cabinet).pk,
        "sheet_id": PaperSheetFactory(incident=incident).pk,
        "step_key": "b_disconnect",
        "playbook_key": "scenario_b",
    }
    client = team.client_for(team.titulaire)
    data = {key: junk for key in KEYS}
    checked = 0
    for name, arguments in project_patterns():
        if not name.startswith("incidents:"):
            continue
        url = reverse(name, kwargs={argument: kwargs[argument] for argument in arguments})
        for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(url, data, **extra)
            assert response.status_code < 500, (url, junk, response.status_code)
        checked += 1
    assert checked >= 30
    assert Incident.objects.filter(cabinet=team.cabinet).count() <= 2  # at most a declaration, never a crash
