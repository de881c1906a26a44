"""Warming the URPS figures: the first page after a change of the data finds them in the cache."""

import importlib
import io
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from resilience.celery import app
from resilience.statistics import queries, report, warming
from resilience.statistics.filters import Calendar, Filters, Scope
from resilience.statistics.tasks import warm_urps_figures
from resilience.statistics.tests.support import all_answers, cabinet, finished, urps_client
from resilience.tests.factories import UrpsAdminFactory

pytestmark = pytest.mark.django_db


def _statistics(queries_run):
    return [q["sql"] for q in queries_run if "summary" in q["sql"] or "resilience_cabinet" in q["sql"]]


def _registered(built):
    """Cabinets registered in the whole country (the region's count is hidden: Landes has 2)."""
    return built.table("participation").rows[0][2].value


def test_the_first_page_after_warming_computes_nothing(client, region):
    urps_client(client)
    url = reverse("resilience:urps_home")
    with override_settings(URPS_MIN_CABINETS=5, URPS_REFRESH_SECONDS=0):
        client.get(url)  # the first request after sign-in may refresh the session
        cache.clear()
        assert warm_urps_figures.delay().get()["warmed"] is True
        with CaptureQueriesContext(connection) as first:
            body = client.get(url).content.decode()
        with CaptureQueriesContext(connection) as cached:
            client.get(url)
    assert "Gironde" in body
    assert len(first) == len(cached)
    statistics = _statistics(first.captured_queries)
    assert len(statistics) == 1 and "MAX(assessment_id)" in statistics[0]


def test_a_changed_version_keeps_serving_the_warmed_figures_until_the_task_has_run(region):
    UrpsAdminFactory()
    scope = Scope.of(UrpsAdminFactory.build())
    calendar = Calendar.now()
    with override_settings(URPS_MIN_CABINETS=5, URPS_REFRESH_SECONDS=0):
        warming.warm(calendar)
        before = report.build(scope, Filters(), calendar)
        for i in range(15):
            finished(cabinet("64", 1 + i % 5), all_answers(mfa_mail="no"))
        with CaptureQueriesContext(connection) as stale:
            served = report.build(scope, Filters(), calendar)
        # A filter combination never computed is summed from the cube of the warmed version: the
        # same state of the data as the other pages, at once, until the task has run.
        with CaptureQueriesContext(connection) as filtered:
            fresh = report.build(scope, Filters(departement="64"), calendar)
        assert warming.warm(calendar)["warmed"] is True
        with CaptureQueriesContext(connection) as warmed:
            after = report.build(scope, Filters(), calendar)
    assert _registered(before) == _registered(served) == 20
    assert len(_statistics(stale.captured_queries)) == 1  # only the data version: the previous figures
    assert _registered(fresh) == 20
    assert not [sql for sql in _statistics(filtered.captured_queries) if "MAX(assessment_id)" not in sql]
    assert _registered(after) == 35
    assert len(_statistics(warmed.captured_queries)) == 1


def test_without_a_warmed_version_a_page_computes_the_current_figures(region):
    """Hosts without beat nor the command: pages compute as before, never serve an unknown version."""
    scope = Scope.of(UrpsAdminFactory.build())
    calendar = Calendar.now()
    with override_settings(URPS_MIN_CABINETS=5, URPS_REFRESH_SECONDS=0):
        first = report.build(scope, Filters(), calendar)
        finished(cabinet("40", 1), all_answers())
        second = report.build(scope, Filters(), calendar)
    assert (_registered(first), _registered(second)) == (20, 21)


def test_a_page_seen_before_in_the_same_data_version_reads_its_report_as_it_was(region):
    """Later visits, exports and PDFs of a page read its finished report: no figure is gathered or decided again."""
    scope = Scope.of(UrpsAdminFactory.build())
    calendar = Calendar.now()
    with override_settings(URPS_MIN_CABINETS=5, URPS_REFRESH_SECONDS=60):
        first = report.build(scope, Filters(departement="33"), calendar)
        with mock.patch.object(queries, "facts", side_effect=AssertionError("computed again")):
            again = report.build(scope, Filters(departement="33"), calendar)
        finished(cabinet("33", 2), all_answers())
        cache.delete(queries.VERSION_KEY)  # the refresh interval's end: the new data version is read
        changed = report.build(scope, Filters(departement="33"), calendar)
    assert again.tables == first.tables and again.generated_at == first.generated_at
    assert (_registered(first), _registered(changed)) == (20, 21)


def test_warming_is_idempotent(region):
    UrpsAdminFactory()
    UrpsAdminFactory()  # same scope: built once
    UrpsAdminFactory(national=True)
    calendar = Calendar.now()
    with override_settings(URPS_MIN_CABINETS=5):
        done = warming.warm(calendar)
        with CaptureQueriesContext(connection) as again:
            repeated = warming.warm(calendar)
        scope = Scope.of(UrpsAdminFactory.build())
        figures = queries.facts(scope, Filters(), calendar, version=done["version"])
        forced = warming.warm(calendar, force=True)
        assert queries.facts(scope, Filters(), calendar, version=done["version"]) == figures
        cache.add(warming.LOCK_KEY, "other", 60)  # another warming is running
        busy = warming.warm(calendar, force=True)
    assert (done["warmed"], done["scopes"]) == (True, 2)
    assert repeated == {"version": done["version"], "scopes": 0, "warmed": False, "busy": False}
    assert len(again) == 1  # the data version only
    assert forced["warmed"] is True and forced["version"] == done["version"]
    assert busy["busy"] is True and busy["warmed"] is False


def test_the_periodic_task_is_scheduled_every_five_minutes():
    # What the migration runs (run again here: a transactional test elsewhere may have flushed its row).
    migration = importlib.import_module("resilience.migrations.0010_warm_urps_figures_schedule")
    migration.create_schedule(apps, None)
    migration.create_schedule(apps, None)
    task = PeriodicTask.objects.get(task="resilience.statistics.tasks.warm_urps_figures")
    assert task.enabled and (task.interval.every, task.interval.period) == (5, "minutes")
    assert "resilience.statistics.tasks.warm_urps_figures" in app.tasks


def test_the_command_runs_the_same_warming(region):
    UrpsAdminFactory()
    out = io.StringIO()
    with override_settings(URPS_MIN_CABINETS=5):
        call_command("warm_urps_figures", stdout=out)
        call_command("warm_urps_figures", stdout=out)
    assert out.getvalue().splitlines() == [
        "URPS figures warmed for 1 scopes.", "URPS figures already warm for this data version.",
    ]
