"""`{% catchup_day %}` writes what `incidents/includes/catchup_day.html` wrote as a template, to the byte.

The template as it was is kept in `templates_before/catchup_day.html`; a day is rendered through both,
open and closed, with and without a refused count, with counts of 0, 1 and more, on the 1st of a month.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.template import RequestContext, engines
from django.test import RequestFactory
from django.utils import timezone

from incidents.models import CatchUpDay, Counter, Status
from incidents.tests.factories import CatchUpDayFactory, IncidentFactory

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before" / "catchup_day.html"


def blank_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.parametrize("status", [Status.OPEN, Status.CLOSED])
@pytest.mark.parametrize("error", [None, "Impossible : <plus> que « noté » & d'autres"])
def test_a_day_is_the_template_s_html(team, status, error):
    incident = IncidentFactory(cabinet=team.cabinet, status=status, closed_at=timezone.now() if status == Status.CLOSED else None)
    rows = [
        CatchUpDay(incident=incident, day=date(2026, 3, 2)),  # today's, not saved yet
        CatchUpDayFactory(incident=incident, day=date(2026, 3, 1), consultations=1, sheets_typed=0, acts_noted=1, acts_billed=0),
        CatchUpDayFactory(incident=incident, day=date(2026, 2, 27), consultations=1234, sheets_typed=2, acts_noted=5, acts_billed=3),
    ]
    request = RequestFactory().get("/")
    before = engines["django"].from_string(BEFORE.read_text()).template
    after = engines["django"].get_template("incidents/includes/catchup_day.html").template
    for row in rows:
        context = {"incident": incident, "row": row, "error": error, "counters": Counter.choices}
        old = before.render(RequestContext(request, context))
        assert blank_csrf(after.render(RequestContext(request, context))) == blank_csrf(old), row.day
        assert ('name="csrfmiddlewaretoken"' in old) == (status != Status.CLOSED)
    assert "1er mars" in old or "1er mars" in before.render(RequestContext(request, {"incident": incident, "row": rows[1], "counters": Counter.choices}))
