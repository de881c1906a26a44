"""`{% incident_actions %}` writes what the incident page's template wrote for its status buttons and its links
to the incident's other pages, to the byte.

That part of the template is kept in `templates_before/incident_actions.html`; it is rendered through both for an
open incident in each status, with and without paper work pending, and for a closed one seen by the titulaire (who
may reopen it) and by the secretary (who may not).
"""

import re
from pathlib import Path

import pytest
from django.template import RequestContext, engines
from django.utils import timezone

from incidents.addresses import detail_links
from incidents.models import Status
from incidents.summary import CatchUpTotals
from incidents.tests.factories import IncidentFactory
from resilience.tests.html_support import tenant_request

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before" / "incident_actions.html"
STATUSES = [(value, label) for value, label in Status.choices if value != Status.CLOSED]  # as the incident page lists them


def blank_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)


def both(request, incident, totals):
    request.META["CSRF_COOKIE"] = "a" * 32
    context = {"incident": incident, "urls": detail_links(incident.pk), "statuses": STATUSES, "totals": totals, "tenant": request.tenant}
    before = engines["django"].from_string(BEFORE.read_text().removesuffix("\n")).template
    after = engines["django"].from_string("{% load incidents_tags %}{% incident_actions %}").template
    return blank_csrf(before.render(RequestContext(request, context))), blank_csrf(after.render(RequestContext(request, context)))


@pytest.mark.parametrize("status", [value for value, _ in STATUSES])
@pytest.mark.parametrize("totals", [CatchUpTotals(), CatchUpTotals(sheets_pending=1234, acts_pending=1), CatchUpTotals(acts_pending=2)])
def test_an_open_incident_s_actions_are_the_template_s_html(team, status, totals):
    old, new = both(tenant_request(team.cabinet, team.titulaire), IncidentFactory(cabinet=team.cabinet, status=status), totals)
    assert new == old
    assert 'aria-pressed="true" disabled' in old and 'name="csrfmiddlewaretoken"' in old and "/kit/" in old
    assert ('badge text-bg-warning' in old) == bool(totals.sheets_pending or totals.acts_pending)


@pytest.mark.parametrize("titulaire", [True, False])
def test_a_closed_incident_s_actions_are_the_template_s_html(team, titulaire):
    incident = IncidentFactory(cabinet=team.cabinet, status=Status.CLOSED, closed_at=timezone.now())
    user = team.titulaire if titulaire else team.secretary
    old, new = both(tenant_request(team.cabinet, user), incident, CatchUpTotals())
    assert new == old
    assert ("Rouvrir l'incident" in old) == titulaire and 'name="status"' not in old
