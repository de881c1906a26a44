"""`{% incident_heading %}` writes what the incident page's template wrote for its heading, to the byte.

That part of the template is kept in `templates_before/incident_heading.html`; it is rendered through both for
open and closed incidents, declared by someone or not (a name to escape), with a summary and a reason to close
despite open points (to escape), closed by someone who left (« ? »), on the 1st of a month.
"""

from datetime import datetime
from pathlib import Path

import pytest
from django.template import RequestContext, engines
from django.utils import timezone

from incidents.addresses import detail_links
from incidents.models import Status
from incidents.tests.factories import IncidentFactory
from resilience.tests.html_support import tenant_request

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before" / "incident_heading.html"
PARIS = timezone.get_default_timezone()


def both(request, incident):
    context = {"incident": incident, "urls": detail_links(incident.pk)}
    before = engines["django"].from_string(BEFORE.read_text().removesuffix("\n")).template
    after = engines["django"].from_string("{% load incidents_tags %}{% incident_heading %}").template
    return before.render(RequestContext(request, context)), after.render(RequestContext(request, context))


@pytest.mark.parametrize("status", [Status.OPEN, Status.DEGRADED, Status.CLOSED])
@pytest.mark.parametrize("declared", [True, False])
@pytest.mark.parametrize("summary", ["", "Serveur <chiffré> & « rançon »"])
def test_the_heading_is_the_template_s_html(team, status, declared, summary):
    team.titulaire.first_name, team.titulaire.last_name = "Anne <b>", "D'Arc & co"
    team.titulaire.save()
    closed = status == Status.CLOSED
    incident = IncidentFactory(
        cabinet=team.cabinet,
        status=status,
        summary=summary,
        aware_at=datetime(2026, 3, 1, 8, 5, tzinfo=PARIS),
        declared_by=team.titulaire if declared else None,
        closed_at=datetime(2026, 4, 1, 18, 30, tzinfo=PARIS) if closed else None,
        closed_by=team.titulaire if closed and declared else None,
        close_reason="Fiches <perdues> & « retrouvées »" if closed and summary else "",
    )
    old, new = both(tenant_request(team.cabinet, team.titulaire), incident)
    assert new == old
    assert "1er mars" in old and ("Anne &lt;b&gt;" in old) == declared
    assert ("Incident clos le 1er avril 2026" in old) == closed
    assert (" par ?." in old) == (closed and not declared)
