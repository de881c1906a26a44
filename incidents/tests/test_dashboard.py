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


def test_the_three_most_recent_open_incidents_are_shown_and_the_others_counted(team):
    now = timezone.now()
    incidents = [IncidentFactory(cabinet=team.cabinet, aware_at=now - timedelta(hours=hours)) for hours in range(1, 6)]
    page = team.client_for(team.member).get(reverse("resilience:dashboard")).content.decode()
    shown = [incident for incident in incidents if reverse("incidents:detail", args=[incident.pk]) + '"' in page]
    assert shown == incidents[:3]
    assert "Et 2 autres incidents en cours" in page and reverse("incidents:list") in page


def test_no_count_of_others_with_three_open_incidents_or_fewer(team):
    for hours in range(1, 4):
        IncidentFactory(cabinet=team.cabinet, aware_at=timezone.now() - timedelta(hours=hours))
    page = team.client_for(team.member).get(reverse("resilience:dashboard")).content.decode()
    assert 'data-testid="more-open-incidents"' not in page


def test_the_panel_is_written_as_its_template_wrote_it(team):
    """`{% incident_panel %}` against the template it replaced (`templates_before/dashboard_panel.html`), in several states."""
    from incidents.panels import incident_panel
    from incidents.tests.factories import DrillFactory
    from resilience.tests.html_support import panel_written_as_before, tenant_request

    request = tenant_request(team.cabinet, team.titulaire)
    now = timezone.now()
    states = [
        lambda: None,  # nothing yet: no incident, no drill
        lambda: DrillFactory(cabinet=team.cabinet, finished_at=now - timedelta(days=300)),  # a drill long ago
        lambda: IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, personal_data=True, aware_at=now - timedelta(hours=60)),
        lambda: IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A, aware_at=now - timedelta(days=3)),
        lambda: DrillFactory(cabinet=team.cabinet, finished_at=now - timedelta(days=2)),
        lambda: IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, personal_data=None, aware_at=now - timedelta(hours=80)),
        lambda: IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, aware_at=now - timedelta(hours=2)),  # 4 open: one counted
        lambda: IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A, aware_at=now - timedelta(hours=1)),  # 5 open: plural
    ]
    clocks = 0
    for make in states:
        make()
        clocks += panel_written_as_before(__file__, "incident_panel", "incident_panel", incident_panel, request).count("data-deadline=")
    assert clocks > 5
