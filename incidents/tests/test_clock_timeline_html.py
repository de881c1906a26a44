"""`{% incident_clocks %}` and `{% incident_timeline %}` write what the includes they replaced wrote, to the byte.

The includes as they were are kept in `templates_before/` (clocks.html, timeline.html); the clocks of
incidents in every state (running, overdue, met, not needed, missed at closing) and journals with notes
to escape, several lines, lines typed later from paper, entries without author, are rendered through both.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import Context, engines
from django.utils import timezone

from incidents import services, summary
from incidents.models import EntryKind, Scenario, Status
from incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before"


def render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).template.render(Context(context, autoescape=True))


@pytest.fixture
def incidents(team):
    now = timezone.now()
    long_ago = now - timedelta(days=5)
    cabinet = team.cabinet
    return [
        IncidentFactory(cabinet=cabinet, scenario=Scenario.A),
        IncidentFactory(cabinet=cabinet, scenario=Scenario.B),  # personal data not answered: the CNIL clock's note
        IncidentFactory(cabinet=cabinet, scenario=Scenario.B, personal_data=True, aware_at=long_ago),  # overdue
        IncidentFactory(cabinet=cabinet, scenario=Scenario.B, personal_data=True, high_risk=True, notify_cnil=True,
                        cnil_notified_at=now - timedelta(hours=2), aware_at=now - timedelta(hours=30), patients_exemption="encryption"),
        IncidentFactory(cabinet=cabinet, scenario=Scenario.C, personal_data=True, notify_cnil=False, aware_at=long_ago),
        IncidentFactory(cabinet=cabinet, scenario=Scenario.B, personal_data=True, aware_at=long_ago,
                        status=Status.CLOSED, closed_at=now - timedelta(days=1)),
    ]


def test_the_clocks_are_the_include_s_html(incidents):
    before = (BEFORE / "clocks.html").read_text()
    states = set()
    for incident in incidents:
        clocks = summary.clock_views(incident)
        states |= {c.state for c in clocks}
        context = {"clocks": clocks}
        assert render("{% load incidents_tags %}{% incident_clocks clocks %}", context) == render(before, context), incident.scenario
    assert len(states) >= 4
    assert render("{% load incidents_tags %}{% incident_clocks clocks %}", {"clocks": []}) == render(before, {"clocks": []})


def test_the_journal_is_the_include_s_html(team, incidents):
    incident = incidents[2]
    services.add_note(incident, team.titulaire, "Serveur <débranché> & « isolé »\nAppel au prestataire\r\nfait")
    services.add_note(incident, team.secretary, "Recopié du papier", occurred_at=timezone.now() - timedelta(hours=3))
    services.add_entry(incident, EntryKind.NOTE, "Sans auteur", None)
    items = summary.timeline(incident)
    before = (BEFORE / "timeline.html").read_text()
    old = render(before, {"items": items})
    assert render("{% load incidents_tags %}{% incident_timeline items %}", {"items": items}) == old
    assert "saisi le" in old and "&lt;débranché&gt;" in old and "<br>" in old and old.count("<li") == len(items) > 4
    assert render("{% load incidents_tags %}{% incident_timeline items %}", {"items": []}) == render(before, {"items": []})
