"""The reminders sweep over 200,000 synthetic cabinets: `python -m bench.reminders [--cabinets N]`.

Target on the 2-core reference machine: the sweep in 20 s or less, with a
bounded number of queries per batch of cabinets (not one per cabinet).

The data is built with set-based SQL (INSERT ... SELECT generate_series) in a
bench database created for the run and dropped at the end: each cabinet has a
titulaire, a kit, a restore test, a contract (notice deadline and HDS expiry)
and an action of its plan with a due date, about five due items; their due
dates are spread so that about a tenth of them have reached a reminder stage.
The baseline is one SQL statement counting the due items, in the same run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime, time as dt_time
from urllib.parse import urlsplit

SPREAD_DAYS = 300  # due dates fall from 16 days ago to 284 days ahead: ~31/300 reach a stage (≈ 10 %)

BUILD = """
INSERT INTO resilience_cabinet (id, name, profession, region, departement, practitioners, address, phone,
    share_statistics, created_at, updated_at)
SELECT i, 'Cabinet synthétique ' || i, 'medecine_generale', 'nouvelle-aquitaine', '33', 2, '', '', false, now(), now()
FROM generate_series(1, %(n)s) AS i;

INSERT INTO resilience_user (id, password, is_superuser, first_name, last_name, is_staff, is_active, date_joined, email)
SELECT i, '!', false, 'Titulaire', 'N' || i, false, true, now(), 'titulaire' || i || '@bench.example'
FROM generate_series(1, %(n)s) AS i;

INSERT INTO resilience_membership (id, role, created_at, cabinet_id, user_id)
SELECT i, 'titulaire', now(), i, i FROM generate_series(1, %(n)s) AS i;

INSERT INTO kit_kit (id, binder_location, updated_at, cabinet_id, next_test_due)
SELECT i, '', now(), i, %(today)s::date + ((i * 7) %% %(spread)s - 16) FROM generate_series(1, %(n)s) AS i;

INSERT INTO resilience_restoretest (id, performed_on, performer_name, target, target_detail, backup_medium, result,
    evidence, next_due, created_at, cabinet_id)
SELECT i, %(today)s::date - 150, 'Prestataire', 'file', '', 'nas', 'success', '',
       %(today)s::date + ((i * 7 + 13) %% %(spread)s - 16), now(), i
FROM generate_series(1, %(n)s) AS i;

INSERT INTO contracts_contract (id, provider, provider_address, kind, reference, tacit_renewal, hds_scope, notes,
    created_at, updated_at, cabinet_id, ends_on, notice_months, last_notice_day, hds_expires_on)
SELECT i, 'Prestataire ' || i, '', 'infogerance', '', true, '', '', now(), now(), i,
       %(today)s::date + ((i * 7 + 26) %% %(spread)s - 16) + 90, 3,
       %(today)s::date + ((i * 7 + 26) %% %(spread)s - 16),
       %(today)s::date + ((i * 7 + 39) %% %(spread)s - 16)
FROM generate_series(1, %(n)s) AS i;

INSERT INTO resilience_assessment (id, questionnaire_version, started_at, finished_at, theme_scores, cabinet_id)
SELECT i, 1, now() - interval '100 days', now() - interval '100 days', '{}'::jsonb, i FROM generate_series(1, %(n)s) AS i;

INSERT INTO resilience_actionitem (id, action_key, rank, position, answer, status, dropped_reason, updated_at,
    cabinet_id, assessment_id, owner_id, due_date)
SELECT i, 'backups_verify', 1, 0, 'no', 'todo', '', now(), i, i, i, %(today)s::date + ((i * 7 + 52) %% %(spread)s - 16)
FROM generate_series(1, %(n)s) AS i;
"""

BASELINE = """
SELECT
  (SELECT count(*) FROM kit_kit WHERE next_test_due <= %(horizon)s)
+ (SELECT count(*) FROM resilience_restoretest WHERE next_due <= %(horizon)s)
+ (SELECT count(*) FROM contracts_contract WHERE last_notice_day BETWEEN %(today)s AND %(horizon)s)
+ (SELECT count(*) FROM contracts_contract WHERE hds_expires_on <= %(horizon)s)
+ (SELECT count(*) FROM resilience_actionitem WHERE status IN ('todo', 'in_progress') AND due_date <= %(horizon)s)
"""


def _admin_connection(url):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    return connection


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reminders", description=__doc__.splitlines()[0])
    parser.add_argument("--cabinets", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=None, help="cabinets per batch (default: the sweep's own)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database (dropped by default)")
    args = parser.parse_args()

    source = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not source.startswith("postgres"):
        sys.exit("The reminders bench needs PostgreSQL: set DATABASE_URL.")
    name = f"bench_reminders_{os.getpid()}"
    admin = _admin_connection(source)
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(source)
    os.environ["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ["EMAIL_URL"] = "consolemail://"
    try:
        run(args.cabinets, args.batch)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def run(count: int, batch: int | None = None) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from resilience.reminders import services
    from resilience.reminders.stages import DAYS_BEFORE, PARIS

    call_command("migrate", verbosity=0)
    batch = batch or services.BATCH_SIZE
    from django.urls import reverse

    reverse("resilience:dashboard")  # load the URLconf once, as a running worker has
    now = datetime.combine(timezone.localdate(), dt_time(9), tzinfo=PARIS)
    today = now.date()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(BUILD, {"n": count, "today": today, "spread": SPREAD_DAYS})
        cursor.execute("ANALYZE")
    print(f"built {count:,} cabinets ({5 * count:,} items) in {time.perf_counter() - started:.1f} s")

    horizon = today + timezone.timedelta(days=DAYS_BEFORE)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(BASELINE, {"today": today, "horizon": horizon})
        (due,) = cursor.fetchone()
    baseline = time.perf_counter() - started
    print(f"baseline: one SQL count of the due items: {due:,} due, {baseline:.2f} s")

    per_batch = []
    original = services.refresh

    def counted(cabinet_ids, moment):
        with CaptureQueriesContext(connection) as queries:
            rows = original(cabinet_ids, moment)
        per_batch.append(len(queries))
        if os.environ.get("BENCH_SHOW_QUERIES") and len(per_batch) == 1:
            for query in queries.captured_queries:
                print(f"  {query['time']} s  {query['sql'][:150]}")
        return rows

    services.refresh = counted
    digest_seconds = []
    original_digests = services.due_digests

    def timed_digests(moment):
        started = time.perf_counter()
        result = original_digests(moment)
        digest_seconds.append(time.perf_counter() - started)
        return result

    services.due_digests = timed_digests
    for label in ("first sweep (inserts the reminders)", "second sweep (nothing new)"):
        per_batch.clear()
        digest_seconds.clear()
        started = time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            result = profile.runcall(services.sweep, now, batch)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        else:
            result = services.sweep(now, batch)
        elapsed = time.perf_counter() - started
        print(
            f"{label}: {elapsed:.1f} s, {len(per_batch)} batches of {batch} cabinets, "
            f"queries per batch: max {max(per_batch)}, total {sum(per_batch)}; "
            f"{len(result['digests']):,} digests to send, of which creating the digests {sum(digest_seconds):.1f} s "
            f"({elapsed / baseline:.0f}× the baseline)"
        )
    services.refresh, services.due_digests = original, original_digests
    from resilience.models import Reminder

    print(f"reminder rows: {Reminder.objects.count():,}")


if __name__ == "__main__":
    main()
