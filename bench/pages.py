"""Every HTML page of a cabinet against a bare view, in the same run (issue 13: speed per request).

The bare view goes through the same middleware and the same `cabinet_view`
decorator and returns a few bytes: the ratio page / bare is the cost of the
page itself, whatever the machine. Targets: median within 2x of the bare
view, 12 queries or fewer. Runs on a fresh test database beside DATABASE_URL
(created and dropped here), filled by `load_demo` plus one object per URL
argument (the URL walk's factories), signed in as the demo titulaire.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path

from resilience.tenancy import cabinet_view

TARGET_RATIO = 2.0
TARGET_QUERIES = 12
WARM_UP = 5  # requests of each page before it is measured
# ATOMIC_REQUESTS wraps each view in a transaction: its BEGIN and COMMIT are not queries of the page.
TRANSACTION_STATEMENTS = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")


@cabinet_view
def bare_view(request):
    return HttpResponse("ok")


BARE_URL = "/__bench__/bare/"
urlpatterns = [path(BARE_URL.strip("/") + "/", bare_view, name="bench_bare"), path("", include("resilience.urls"))]


def _pages(team):
    from resilience.tests.test_tenancy_urls import NOT_CABINET_PAGES, PUBLIC_URL_NAMES, project_patterns, url_for

    for name, arguments in project_patterns():
        if name in PUBLIC_URL_NAMES or name in NOT_CABINET_PAGES:
            continue
        yield name, url_for(name, arguments, team)


def _team():
    """The demo cabinet seen as the URL walk's Team: objects are created in it by the walk's factories."""
    from conftest import Team
    from resilience.models import Membership, Role

    titulaire = Membership.objects.filter(user__email="demo@example.org").select_related("cabinet", "user").first()
    cabinet = titulaire.cabinet
    members = {m.role: m.user for m in Membership.objects.filter(cabinet=cabinet).select_related("user")}
    other = Membership.objects.exclude(cabinet=cabinet).filter(role=Role.TITULAIRE).select_related("cabinet", "user").first()
    member = members.get(Role.PRATICIEN) or titulaire.user
    return Team(cabinet, titulaire.user, member, members.get(Role.SECRETARIAT, member), other.user, other.cabinet)


def _queries(client, url):
    """The page's queries, counted on a request of their own: the debug cursor that records them costs each query
    some time (it formats and logs the SQL), which the timed requests must not carry."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len([q for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_STATEMENTS)]), response


def _timed(client, url):
    start = time.perf_counter()
    client.get(url)
    return time.perf_counter() - start


def _measure(client, url, runs):
    """The page's median and the bare view's, requests taking turns (bare, page, bare, page…).

    Interleaved, both see the same load of the machine: the ratio stays meaningful on a busy one.
    """
    # Warm-up, as a running server is: templates loaded, the session refreshed, and the page's prepared statements
    # past PostgreSQL's first five runs, which it plans one by one before settling on a plan (plan_cache_mode auto).
    for _ in range(WARM_UP):
        client.get(url)
    queries, response = _queries(client, url)
    times, bare_times = [], []
    for _ in range(runs):
        bare_times.append(_timed(client, BARE_URL))
        times.append(_timed(client, url))
    kind = response.headers.get("Content-Type", "")
    return statistics.median(times), statistics.median(bare_times), queries, response.status_code, kind


def main(runs: int = 15) -> None:
    import logging

    from django.core.management import call_command

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the walk's 404s and 405s are expected
    print(f"load average at the start: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("load_demo", password="bench-password-0123456789", verbosity=0)
        team = _team()
        client = Client()
        client.force_login(team.titulaire)
        with override_settings(
            ROOT_URLCONF="bench.pages", DEBUG=False, SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["testserver"]
        ):
            pages = list(_pages(team))
            _, bare, bare_queries, bare_status, _ = _measure(client, BARE_URL, runs)
            assert bare_status == 200, f"the bare view answered {bare_status}"
            rows = []
            for name, url in pages:
                if name == "bench_bare":
                    continue
                median, bare_beside, queries, status, kind = _measure(client, url, runs)
                if status == 200 and kind.startswith("text/html"):
                    rows.append((name, median, median / bare_beside, queries))
        print(f"database {test_name}, {runs} requests per page, median; bare view {bare * 1000:.1f} ms, {bare_queries} queries")
        print("(each page's ratio is to the bare view requested in turn with it, so both see the same load)")
        print(f"  {'page':<42}{'median':>9}{'× bare':>8}{'queries':>9}")
        slow = many = 0
        for name, median, ratio, queries in sorted(rows, key=lambda row: -row[2]):
            flags = ("SLOW " if ratio > TARGET_RATIO else "") + ("QUERIES" if queries > TARGET_QUERIES else "")
            slow += ratio > TARGET_RATIO
            many += queries > TARGET_QUERIES
            print(f"  {name:<42}{median * 1000:>7.1f}ms{ratio:>7.2f}×{queries:>9} {flags}")
        print(f"\n{len(rows)} HTML pages; {slow} above {TARGET_RATIO}× the bare view, {many} above {TARGET_QUERIES} queries")
        print(f"load average at the end: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
