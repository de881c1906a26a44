"""URPS dashboard at national scale: `python -m bench.urps [--cabinets N] [--runs R]`.

Run against a database of its own (DATABASE_URL=postgres://…/bench_urps, never the
shared test database): it adds synthetic cabinets up to N (resilience.statistics.synthetic,
about 3 finished assessments each), then prints, for the regional demo admin
(Nouvelle-Aquitaine, médecine générale) and a national admin (every region and
profession):
- each URPS page's median time over R requests through Django's test client,
  cold (the shared cache emptied before each request: what the first visitor
  after a change of the data waits) and cached (the figures read from the shared
  cache, at most URPS_REFRESH_SECONDS old), and warmed (the first request after the
  warming task, statistics.warming, ran on an emptied cache: one sample; the task's own
  time is printed first), beside a hand-written SQL query of its
  main aggregate run in the same process (the median score per period of the
  scope's latest assessments), and the number of queries per page, cold and cached;
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
  AND EXISTS (SELECT 1 FROM resilience_practitionercount pc WHERE pc.cabinet_id = c.id AND pc.profession = ANY(%s))
"""


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
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from resilience.statistics.filters import Calendar, Scope

    from django.core.cache import cache

    from resilience.statistics import warming

    found = admins()
    cache.clear()
    started = time.perf_counter()
    done = warming.warm()
    print(f"warming task: {time.perf_counter() - started:.1f} s for {done['scopes']} scopes")
    print(f"{'page':<50}{'cold ms':>8}{'cached ms':>10}{'warmed ms':>10}{'SQL ms':>8}{'ratio cold':>11}"
          f"{'ratio cached':>13}{'queries cold/cached/warmed':>27}")
    for email, admin in found.items():
        client = Client()
        client.force_login(admin.user)
        scope = Scope.of(admin)
        calendar = Calendar.now()
        for query in ({}, {"departement": "33" if not admin.national else "75"}, {"taille": "1", "periode": "24"}):
            url = reverse("resilience:urps_home")
            client.get(url, query)  # warm up
            connection.force_debug_cursor = True
            cache.clear()
            reset_queries()
            assert client.get(url, query).status_code == 200
            cold_queries = len(connection.queries)
            reset_queries()
            assert client.get(url, query).status_code == 200
            cached_queries = len(connection.queries)
            cache.clear()
            warming.warm()
            reset_queries()
            started = time.perf_counter()
            assert client.get(url, query).status_code == 200
            warmed_ms = (time.perf_counter() - started) * 1000
            warmed_queries = len(connection.queries)
            connection.force_debug_cursor = False

            def cold():
                cache.clear()
                client.get(url, query)

            cold_ms = timed(cold, runs)
            cached_ms = timed(lambda: client.get(url, query), runs)
            start = calendar.period_start(query.get("periode", "12"))

            def baseline():
                with connection.cursor() as cursor:
                    cursor.execute(BASELINE_SQL, [start, list(scope.region_codes), list(scope.professions)])
                    cursor.fetchall()

            sql = timed(baseline, runs)
            label = f"{email.split('@')[0]} {query or ''}"
            print(f"{label:<50}{cold_ms:>8.0f}{cached_ms:>10.0f}{warmed_ms:>10.0f}{sql:>8.1f}{cold_ms / sql:>11.1f}"
                  f"{cached_ms / sql:>13.1f}{f'{cold_queries}/{cached_queries}/{warmed_queries}':>27}")


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
