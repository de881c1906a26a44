"""The URPS cube: every figure of a group summed from a few precomputed cells.

A filtered page used to group ~25 summary rows per cabinet in the request (seconds at
national scale). The cube (`UrpsCube`) holds, for each smallest cell the filters can
select — profession set × area × size band × period bucket — additive counts: the score
histogram (one row per score 0–100, so medians and quartiles stay exact), the per-theme
histograms, per question the "Non", "Je ne sais pas" and "Non concerné" counts, the
priority actions and those done in six months, the follow-up counts, and the trend's
(quarter, score) counts. A group is then one GROUP BY over at most 3 sizes × 3 buckets
cells of the cube (of each of a region's départements, for a region), whatever the number of
cabinets.

- Profession sets, not professions: a cabinet counts under EACH of its professions, so
  « all professions of the scope » is not the sum of the professions. The cube is keyed by
  the sets pages ask for (each admin scope's professions, and each of them alone); a
  cabinet is in a set's cells when it has at least one profession of the set. Built exactly
  from a per-cabinet bit mask of its professions (one staging pass over the summaries,
  then one sum per set over the small staging table).
- Areas: the département and "FR" are stored (two roll-ups of the same staging rows), so
  a country-wide group reads 9 cells, not 900; a region sums its départements' (at most
  13 × 9 cells: a stored region level would cost a quarter more rows to write at each refresh
  for a few milliseconds per regional page).
- Period buckets: the latest finished assessment of a cabinet falls in "6" (the 6-month
  period), "12" (the 12-month period, not the 6-month one) or "24"; the period P is the
  buckets up to P, as queries.group does it (latest summary finished since the period's start).
- Rebuilt whole, in one transaction, by the warming task when the data version or the day
  changes (the follow-up counts are "the last six months", the buckets move with the
  quarters): readers see the previous cube until it commits. `UrpsCubeBuild` says which
  version and day it holds; a page uses the cube only for that version and day.
The SQL is plain (CASE, GROUP BY, bitwise &, temporary tables): PostgreSQL and the SQLite of
the quick start alike; the one date arithmetic comes from the ORM.
"""

import time
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Sum

from resilience.models import (
    ActionItem, AssessmentSummary, Cabinet, PractitionerCount, Profession, SummaryAnswer, SummaryTheme, UrpsCube,
    UrpsCubeBuild,
)
from resilience.statistics import aggregates
from resilience.statistics.disclosure import ALL, COUNTRY
from resilience.statistics.filters import PERIODS, SIZES
from resilience.statistics.grouping import PRIORITY_COUNT, SIX_MONTHS, SIZE_SQL, quarter_case

BUCKETS = tuple(sorted(PERIODS, key=int))  # "6", "12", "24"
TREND = ""  # the period of the trend's rows: every assessment counts there
STAGING = "urps_cube_part"
TEMPORARY = ("urps_cube_cabinet", "urps_cube_latest", STAGING, "urps_cube_set", "urps_cube_member")
T_CUBE = UrpsCube._meta.db_table


def set_key(professions) -> str:
    return ",".join(sorted(professions))


def mask(professions) -> int:
    return sum(1 << Profession.values.index(p) for p in set(professions))


def profession_sets(scopes) -> list[tuple[str, ...]]:
    """The profession sets pages ask for: each scope's professions, and each profession alone."""
    found = set()
    for scope in scopes:
        found.add(tuple(sorted(scope.professions)))
        found.update((p,) for p in scope.professions)
    return sorted(found)


def built():
    return UrpsCubeBuild.objects.first()


def covers(build, version, calendar, professions) -> bool:
    """Whether the cube `build` holds the figures of `professions` for this data version and day."""
    return (
        build is not None and build.version == version and build.day == calendar.today
        and set_key(professions) in build.professions.split("\n")
    )


def _execute(cursor, sql, params=()):
    cursor.execute(sql, [connection.ops.adapt_datetimefield_value(p) if hasattr(p, "tzinfo") else p for p in params])


def _subquery(queryset):
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def refresh(version, calendar, sets) -> UrpsCubeBuild:
    """Rebuild the whole cube for the current data, in one transaction; returns its build row."""
    started = time.perf_counter()
    periods = dict(calendar.periods)  # {"p24": start, …}
    starts = [periods[f"p{b}"] for b in BUCKETS]
    quarter_sql, quarter_params = quarter_case("s.finished_at", calendar.quarters)
    cab, pc, summ = Cabinet._meta.db_table, PractitionerCount._meta.db_table, AssessmentSummary._meta.db_table
    bits = " ".join(f"WHEN %s THEN {1 << i}" for i in range(len(Profession.values)))
    bucket_sql = "CASE " + " ".join(f"WHEN s.finished_at >= %s THEN '{b}'" for b in BUCKETS) + " END"
    cells = "k.area, k.size, k.mask"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the grouping of a few million rows, in memory rather than on disk
            cursor.execute("SET LOCAL work_mem = '256MB'")
        for table in TEMPORARY:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        # The sharing cabinets, with their profession mask; their latest summary in the 24 months.
        _execute(cursor, f"""
            CREATE TEMPORARY TABLE urps_cube_cabinet AS
            SELECT c.id AS id, c.departement AS area, {SIZE_SQL} AS size,
                   (SELECT SUM(CASE pc.profession {bits} ELSE 0 END) FROM {pc} pc WHERE pc.cabinet_id = c.id) AS mask
            FROM {cab} c WHERE c.share_statistics = %s
        """, [*Profession.values, True])
        _execute(cursor, f"""
            CREATE TEMPORARY TABLE urps_cube_latest AS
            SELECT k.id AS id, {cells}, s.assessment_id AS summary_id, s.score AS score, {bucket_sql} AS period
            FROM urps_cube_cabinet k JOIN {summ} s ON s.cabinet_id = k.id AND s.latest = %s
            WHERE s.finished_at >= %s
        """, [*starts, True, starts[-1]])
        cursor.execute(f"""
            CREATE TEMPORARY TABLE {STAGING} (
                area varchar(64), size varchar(3), mask integer, period varchar(2),
                measure varchar(8), item varchar(64), code varchar(8), quarter integer, score integer, cabinets integer)
        """)
        for sql, params in _measures(calendar, quarter_sql, quarter_params):
            _execute(cursor, f"INSERT INTO {STAGING} {sql}", params)
        # Each profession set: the cabinets having at least one of its professions.
        cursor.execute("CREATE TEMPORARY TABLE urps_cube_set (mask integer)")
        for professions in sets:
            _execute(cursor, "INSERT INTO urps_cube_set VALUES (%s)", [mask(professions)])
        # Which set each mask found belongs to: an equality join below, which the planner estimates well.
        cursor.execute(f"""
            CREATE TEMPORARY TABLE urps_cube_member AS
            SELECT m.mask AS mask, p.mask AS name FROM (SELECT DISTINCT mask FROM {STAGING}) m
            JOIN urps_cube_set p ON (m.mask & p.mask) <> 0
        """)
        if connection.vendor == "postgresql":  # temporary tables have no statistics until analysed
            cursor.execute(f"ANALYZE {STAGING}")
            cursor.execute("ANALYZE urps_cube_member")
        cursor.execute(f"DELETE FROM {T_CUBE}")
        columns = "m.size, m.period, m.measure, m.item, m.code, m.quarter, m.score"
        for area, grouped in (("m.area", "m.area, "), (f"'{COUNTRY}'", "")):
            cursor.execute(f"""
                INSERT INTO {T_CUBE} (professions, area, size, period, measure, item, code, quarter, score, cabinets)
                SELECT p.name, {area}, {columns}, SUM(m.cabinets)
                FROM {STAGING} m JOIN urps_cube_member p ON p.mask = m.mask
                GROUP BY p.name, {grouped}{columns}
            """)
        for table in TEMPORARY:
            cursor.execute(f"DROP TABLE {table}")
        UrpsCubeBuild.objects.all().delete()
        build = UrpsCubeBuild.objects.create(
            version=version, day=calendar.today, professions="\n".join(set_key(s) for s in sets),
            seconds=time.perf_counter() - started,
        )
    if connection.vendor == "postgresql":
        # The previous cube's rows, deleted above, become space the next refresh reuses (VACUUM
        # blocks neither reads nor writes; it cannot run inside a transaction, e.g. a test's).
        with connection.cursor() as cursor:
            cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM ANALYZE'} {T_CUBE}")
    return build


def _measures(calendar, quarter_sql, quarter_params):
    """(SELECT, params) of every measure, grouped by the mask-level cell, in the staging table's columns."""
    latest = "k.area, k.size, k.mask, k.period"
    theme, answer = SummaryTheme._meta.db_table, SummaryAnswer._meta.db_table
    yield (f"""SELECT {latest}, 'score', '', '', NULL, k.score, COUNT(*) FROM urps_cube_latest k
               WHERE k.score IS NOT NULL GROUP BY {latest}, k.score""", [])
    yield (f"""SELECT {latest}, 'theme', t.theme, '', NULL, t.score, COUNT(*) FROM urps_cube_latest k
               JOIN {theme} t ON t.summary_id = k.summary_id GROUP BY {latest}, t.theme, t.score""", [])
    yield (f"""SELECT {latest}, 'answer', a.question, a.code, NULL, NULL, COUNT(*) FROM urps_cube_latest k
               JOIN {answer} a ON a.summary_id = k.summary_id GROUP BY {latest}, a.question, a.code""", [])
    # The latest plans' priority actions, and those done within six months of the assessment.
    priority = ActionItem.objects.filter(position__lt=PRIORITY_COUNT)
    done = priority.filter(status="done", updated_at__lte=F("assessment__finished_at") + SIX_MONTHS)
    for item, queryset in (("total", priority), ("done", done)):
        sql, params = _subquery(queryset.values("assessment_id"))
        yield (f"""SELECT {latest}, 'actions', '{item}', '', NULL, NULL, COUNT(*) FROM urps_cube_latest k
                   JOIN ({sql}) x ON x.assessment_id = k.summary_id GROUP BY {latest}""", params)
    # Follow-up: cabinets that did each registered thing in the last six months.
    end = calendar._aware(calendar.today + timedelta(days=1))
    for aggregate in aggregates.registered():
        sql, params = _subquery(aggregate.cabinets(end - SIX_MONTHS, end))
        yield (f"""SELECT {latest}, 'follow', CAST(%s AS varchar(64)), '', NULL, NULL, COUNT(*) FROM urps_cube_latest k
                   WHERE k.id IN ({sql}) GROUP BY {latest}""", [aggregate.key, *params])
    # Trend: every assessment of a sharing cabinet since the first trend quarter.
    summ = AssessmentSummary._meta.db_table
    cells = "k.area, k.size, k.mask"
    yield (f"""SELECT {cells}, '{TREND}', 'trend', '', '', {quarter_sql}, s.score, COUNT(*)
               FROM urps_cube_cabinet k JOIN {summ} s ON s.cabinet_id = k.id
               WHERE s.finished_at >= %s AND s.score IS NOT NULL GROUP BY 1, 2, 3, 8, 9""",
           [*quarter_params, calendar.quarters[0][1]])


def group_facts(scope, filters, calendar, *, country=False) -> dict:
    """The facts of one group (as queries.group_facts computes them), summed from the cube: one query."""
    professions = scope.professions if filters.profession == ALL else (filters.profession,)
    if country:
        areas = [COUNTRY]
    elif filters.departement != ALL:
        areas = [filters.departement]
    else:
        areas = list(scope.departements)  # a region: the sum of its départements (at most 13)
    sizes = list(SIZES) if filters.size == ALL else [filters.size]
    buckets = [b for b in BUCKETS if int(b) <= int(filters.period)] + [TREND]
    rows = (
        UrpsCube.objects.filter(professions=mask(professions), area__in=areas, size__in=sizes, period__in=buckets)
        .values_list("measure", "item", "code", "quarter", "score")
        .order_by()
        .annotate(n=Sum("cabinets"))
    )
    facts = {"scores": {}, "themes": {}, "answers": {}, "actions": [0, 0],
             "follow_up": {item.key: 0 for item in aggregates.registered()}, "trend": {}}
    for measure, item, code, quarter, score, n in rows:
        if measure == "score":
            facts["scores"][score] = n
        elif measure == "theme":
            facts["themes"].setdefault(item, {})[score] = n
        elif measure == "answer":
            facts["answers"].setdefault(item, {})[code] = n
        elif measure == "actions":
            facts["actions"][item == "done"] = n
        elif measure == "follow":
            if item in facts["follow_up"]:
                facts["follow_up"][item] = n
        elif measure == "trend":
            facts["trend"].setdefault(quarter, {})[score] = n
    facts["actions"] = tuple(facts["actions"])
    return facts
