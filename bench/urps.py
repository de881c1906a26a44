"""URPS dashboard at national scale: `python -m bench.urps [--cabinets N] [--runs R]`.

Run against a database of its own (DATABASE_URL=postgres://…/bench_urps, never the
shared test database): it adds synthetic cabinets up to N (resilience.statistics.synthetic,
about 3 finished assessments each), then prints, for the regional demo admin
(Nouvelle-Aquitaine, médecine générale) and a national admin (every region and
profession):
- the warming task's time on an emptied cache and without a cube (statistics.warming: the
  cube refresh, every scope's disclosure decisions, its default and one-filter pages), and the
  cube's size;
- each URPS page, the default one and filtered ones (Gironde or Paris; solo practices over
  24 months; for the national admin, a département with a size band, and with a size band and
  a period too), median time over R requests through Django's test client: "first", the first
  visitor of that filter combination after the warming task (its group's and the country's
  figures and its report dropped from the shared cache before each request: summed from the
  cube), and "cached" (its report read from the shared cache, at most URPS_REFRESH_SECONDS old); "no
  cube", the same first visit with the cube ignored (grouped from the summary rows, as
  before the cube; one sample); beside a hand-written SQL query of its main aggregate run in
  the same process (the median score of the page's group: period, département, size), and
  the number of queries per page, first and cached;
- the CSV and XLSX exports' time and peak memory (RSS), each in a fresh process.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

BASELINE_SQL = """
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s.score), count(*)
FROM resilience_assessmentsummary s JOIN resilience_cabinet c ON c.id = s.cabinet_id
WHERE s.latest AND s.finished_at >= %s AND c.share_statistics AND c.region = ANY(%s)
  AND (%s = '*' OR c.departement = %s) AND c.practitioners BETWEEN %s AND %s
  AND EXISTS (SELECT 1 FROM resilience_practitionercount pc WHERE pc.cabinet_id = c.id AND pc.profession = ANY(%s))
"""
PAGES = ({}, {"departement": "33"}, {"taille": "1", "periode": "24"})
NATIONAL_PAGES = ({}, {"departement": "75"}, {"taille": "1", "periode": "24"}, {"departement": "64", "taille": "2-4"},
                  {"departement": "64", "taille": "1", "periode": "24"})


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


def admins():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from resilience.models import Profession, UrpsAdmin, User

    found = {}
    for email, fields in (
        ("bench-region@example.org", {"region": "nouvelle-aquitaine", "professions": ["medecine_generale"]}),
        ("bench-national@example.org", {"region": "ile-de-france", "professions": list(Profession.values), "national": True}),
    ):
        user, _ = User.objects.get_or_create(email=email)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
        admin, _ = UrpsAdmin.objects.update_or_create(user=user, defaults=fields)
        found[email] = admin
    return found


def fill(cabinets: int):
    from resilience.models import Cabinet
    from resilience.statistics import synthetic

    existing = Cabinet.objects.filter(name__startswith="Bench").count()
    if existing < cabinets:
        started = time.perf_counter()
        synthetic.create(cabinets - existing, prefix="Bench", start_number=existing + 1)
        print(f"added {cabinets - existing} cabinets in {time.perf_counter() - started:.0f} s")


def timed(call, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def pages(runs: int):
    from unittest import mock

    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from resilience.statistics import cube, queries, warming
    from resilience.statistics.filters import SIZE_RANGES, Calendar, Filters, Scope

    from resilience.models import UrpsCubeBuild

    found = admins()
    cache.clear()
    UrpsCubeBuild.objects.all().delete()  # the task rebuilds the cube, as after a change of the data
    started = time.perf_counter()
    done = warming.warm()
    build = cube.built()
    print(f"warming task: {time.perf_counter() - started:.1f} s for {done['scopes']} scopes, of which the cube "
          f"refresh {build.seconds:.1f} s ({cube_rows()} rows)")
    print(f"{'page':<46}{'first ms':>9}{'cached ms':>10}{'no cube ms':>11}{'SQL ms':>8}{'ratio first':>12}"
          f"{'ratio cached':>13}{'queries first/cached':>21}")
    url = reverse("resilience:urps_home")
    for email, admin in found.items():
        client = Client()
        client.force_login(admin.user)
        scope = Scope.of(admin)
        calendar = Calendar.now()
        version = queries.current_version()
        for query in (NATIONAL_PAGES if admin.national else PAGES):
            filters, _errors = Filters.from_query(query, scope)
            client.get(url, query)  # warm up (the session, the templates)
            pieces = queries._pieces(scope, filters, calendar)
            page = [queries.key(version, calendar, parts) for name, (parts, _c) in pieces.items() if name != "published"]
            page.append(queries.key(version, calendar, ("report", scope, filters, settings.URPS_MIN_CABINETS, "fr")))

            def forget():
                """Back to just after the warming task: this filter combination never computed (its group's
                and the country's figures and its report dropped; the scope's shown cells kept)."""
                cache.delete_many(page)

            connection.force_debug_cursor = True
            forget()
            reset_queries()
            assert client.get(url, query).status_code == 200
            first_queries = len(connection.queries)
            reset_queries()
            assert client.get(url, query).status_code == 200
            cached_queries = len(connection.queries)
            connection.force_debug_cursor = False

            def first():
                forget()
                client.get(url, query)

            first_ms = timed(first, runs)
            cached_ms = timed(lambda: client.get(url, query), runs)
            forget()
            with mock.patch.object(cube, "covers", return_value=False):  # the summary rows, as before the cube
                no_cube_ms = timed(lambda: client.get(url, query), 1)
            forget()
            start = calendar.period_start(filters.period)
            low, high = SIZE_RANGES.get(filters.size, (1, 32767))

            def baseline():
                with connection.cursor() as cursor:
                    cursor.execute(BASELINE_SQL, [start, list(scope.region_codes), filters.departement,
                                                  filters.departement, low, high, list(scope.professions)])
                    cursor.fetchall()

            sql = timed(baseline, runs)
            label = f"{email.split('@')[0]} {query or ''}"
            print(f"{label:<46}{first_ms:>9.0f}{cached_ms:>10.0f}{no_cube_ms:>11.0f}{sql:>8.1f}{first_ms / sql:>12.1f}"
                  f"{cached_ms / sql:>13.1f}{f'{first_queries}/{cached_queries}':>21}")


def cube_rows() -> int:
    from resilience.models import UrpsCube

    return UrpsCube.objects.count()


def export(kind: str):
    """One export in this process; prints seconds and peak RSS."""
    from django.test import Client
    from django.urls import reverse

    from django.core.cache import cache

    cache.clear()  # the export computes its figures: the worst case
    admin = admins()["bench-national@example.org"]
    client = Client()
    client.force_login(admin.user)
    started = time.perf_counter()
    response = client.get(reverse(f"resilience:urps_{kind}"))
    size = sum(len(chunk) for chunk in response.streaming_content) if response.streaming else len(response.content)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{kind:<6} {elapsed:6.2f} s  peak RSS {peak:5.0f} MB  ({size} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.urps", description=__doc__.splitlines()[0])
    parser.add_argument("--cabinets", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--export", choices=["csv", "xlsx"])
    args = parser.parse_args()
    setup()
    if args.export:
        export(args.export)
        return
    fill(args.cabinets)
    from resilience.models import Assessment, Cabinet

    print(f"{Cabinet.objects.count()} cabinets, {Assessment.objects.count()} assessments")
    pages(args.runs)
    for kind in ("csv", "xlsx"):
        subprocess.run([sys.executable, "-m", "bench.urps", "--export", kind], check=True)


if __name__ == "__main__":
    main()
