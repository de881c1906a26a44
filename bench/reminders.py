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
import re
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


STATEMENTS_SHOWN = 12


def _statement(sql: str) -> str:
    """A statement's kind and table: "SELECT resilience_membership", "INSERT resilience_reminder", "COMMIT"."""
    words = sql.split()
    table = re.search(r'(?:FROM|INTO|UPDATE|TABLE(?: IF NOT EXISTS)?)\s+"?(\w+)', sql)
    return f"{words[0].upper()} {table.group(1)}" if table else words[0].upper()


def _per_statement(queries) -> dict[str, tuple[int, float]]:
    """statement -> (count, seconds waited for it), over a sweep's queries."""
    totals = {}
    for query in queries:
        count, seconds = totals.get(_statement(query["sql"]), (0, 0.0))
        totals[_statement(query["sql"])] = (count + 1, seconds + float(query["time"]))
    return totals


def _backend_cpu(connection):
    """A function giving the CPU seconds used so far by this connection's PostgreSQL backend (None when not local)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()

    def seconds():
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    return seconds


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
    from django.db import connection, reset_queries
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
        before = len(connection.queries_log)
        rows = original(cabinet_ids, moment)
        per_batch.append(len(connection.queries_log) - before)
        return rows

    services.refresh = counted
    backend = _backend_cpu(connection)
    for label in ("first sweep (inserts the reminders)", "second sweep (nothing new)"):
        per_batch.clear()
        reset_queries()  # the log keeps 9,000 queries at most
        load = os.getloadavg()
        cpu, server_cpu = time.process_time(), backend()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            if os.environ.get("BENCH_PROFILE"):
                import cProfile
                import pstats

                profile = cProfile.Profile()
                result = profile.runcall(services.sweep, now, batch)
                pstats.Stats(profile).sort_stats("tottime").print_stats(20)
            else:
                result = services.sweep(now, batch)
            elapsed = time.perf_counter() - started
        cpu, server_cpu = time.process_time() - cpu, backend() - server_cpu if server_cpu is not None else None
        statements = _per_statement(queries.captured_queries)
        in_sql = sum(seconds for _count, seconds in statements.values())
        digests = statements.get("INSERT resilience_digest", (0, 0.0))[1]
        print(
            f"{label}: {elapsed:.1f} s, {len(per_batch)} batches of {batch} cabinets, "
            f"queries per batch: max {max(per_batch)}, total {sum(per_batch)}; "
            f"{len(result['digests']):,} digests to send, of which creating the digests {digests:.1f} s "
            f"({elapsed / baseline:.0f}× the baseline); load {load[0]:.1f} → {os.getloadavg()[0]:.1f}"
        )
        print(
            f"  waiting for SQL {in_sql:.1f} s, Python {elapsed - in_sql:.1f} s; CPU: this process {cpu:.1f} s, "
            + (f"its PostgreSQL backend {server_cpu:.1f} s" if server_cpu is not None else "PostgreSQL backend n/a (not local)")
        )
        for statement, (count_, seconds) in sorted(statements.items(), key=lambda kv: -kv[1][1])[:STATEMENTS_SHOWN]:
            print(f"  {seconds:6.2f} s {count_:5d}×  {statement}")
    services.refresh = original
    from resilience.models import Reminder

    print(f"reminder rows: {Reminder.objects.count():,}")


if __name__ == "__main__":
    main()
