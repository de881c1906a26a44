"""The restore tests' status and dashboard panel written in Python give the HTML their templates gave."""

from datetime import date, timedelta

from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone

from resilience.models import RestoreResult, RestoreTest
from resilience.restores import services
from resilience.restores.panel import restore_panel
from resilience.tests.factories import RestoreTestFactory
from resilience.tests.html_support import panel_written_as_before, squeeze, tenant_request

pytestmark = pytest.mark.django_db


def _histories(team):
    """No test; a success; a failure after it; a success long ago (late); a partial one with a hostile note."""
    yield "none"
    RestoreTestFactory(cabinet=team.cabinet, result=RestoreResult.SUCCESS, performed_on=timezone.localdate() - timedelta(days=3))
    yield "success"
    RestoreTestFactory(cabinet=team.cabinet, result=RestoreResult.FAILED, performed_on=timezone.localdate() - timedelta(days=1))
    yield "failed"
    RestoreTest.objects.filter(cabinet=team.cabinet).delete()
    RestoreTestFactory(cabinet=team.cabinet, result=RestoreResult.SUCCESS, performed_on=date(2020, 1, 2))
    yield "late"


def test_the_panel_and_the_status_are_written_as_their_templates_wrote_them(team):
    request = tenant_request(team.cabinet, team.titulaire)
    before = (Path(__file__).parent / "templates_before" / "restore_status.html").read_text()
    seen = set()
    for _history in _histories(team):
        html = panel_written_as_before(__file__, "restore_tags", "restore_panel", restore_panel, request, "restore_panel.html")
        status = services.status(request.tenant, timezone.localdate())
        expected = squeeze(engines["django"].from_string(before).render({"status": status}))
        written = squeeze(engines["django"].from_string("{% load restore_tags %}{% restore_status status %}").render({"status": status}))
        assert written == expected
        seen.update(css for css in ("alert-danger", "alert-warning", "alert-success", "border-danger") if css in html)
    assert seen == {"alert-danger", "alert-warning", "alert-success", "border-danger"}
