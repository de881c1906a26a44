"""The query layer of the URPS statistics: every number is grouped in the database.

Two kinds of query, a fixed number of each per page whatever the data size:
- lattice counts: cabinets per (profession, département, size band, score band,
  latest quarter, sharing), grouped in SQL, then summed in Python over a few
  thousand groups into the cells disclosure.Disclosure needs;
- figures of the chosen cell (score, theme and answer distributions, follow-up,
  trend), grouped by value in SQL: a median is read from at most 101 rows.
The SQL is plain standard SQL (CASE, GROUP BY, COUNT DISTINCT): it runs on
PostgreSQL and on the SQLite of the quick start alike.
"""

import hashlib
import time
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When

from resilience.models import ActionItem, AssessmentSummary, PractitionerCount, SummaryAnswer, SummaryTheme
from resilience.statistics import aggregates, cube
from resilience.statistics.disclosure import ALL, COUNTRY, REGISTERED, SHARING, Disclosure, Populations
from resilience.statistics.filters import BANDS, SIZE_RANGES, SIZES
from resilience.statistics.grouping import (
    BAND_SQL, PRIORITY_COUNT, SIX_MONTHS, SIZE_SQL, T_CAB, T_PC, T_SUM, quarter_case,
)


def _in(values):
    return ", ".join(["%s"] * len(values)), list(values)


def _fetch(sql, params):
    # Datetimes as the backend stores them (SQLite: UTC text), so comparisons hold on both backends.
    params = [connection.ops.adapt_datetimefield_value(p) if isinstance(p, datetime) else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def lattice_counts(scope, calendar) -> dict[tuple, int]:
    """Cabinets per lattice cell, for the scope's départements and for the whole country."""
    quarters = calendar.quarters
    periods = calendar.periods
    quarter_sql, quarter_params = quarter_case("s.finished_at", quarters)
    professions_sql, professions = _in(scope.professions)
    regions_sql, regions = _in(scope.region_codes)
    counts: dict[tuple, int] = defaultdict(int)
    for per_profession in (True, False):
        profession_col = "pc.profession" if per_profession else "'*'"
        profession_join = (
            f"JOIN {T_PC} pc ON pc.cabinet_id = c.id AND pc.profession IN ({professions_sql})"
            if per_profession else ""
        )
        profession_where = "" if per_profession else (
            f"AND EXISTS (SELECT 1 FROM {T_PC} pc WHERE pc.cabinet_id = c.id AND pc.profession IN ({professions_sql}))"
        )
        for country in (False, True):
            dep_col = "'FR'" if country else "c.departement"
            region_where = "" if country else f"AND c.region IN ({regions_sql})"
            # Cabinets now: registered, sharing, and the quarter of their latest assessment.
            sql = f"""
                SELECT {profession_col}, {dep_col}, {SIZE_SQL}, c.share_statistics, {BAND_SQL}, {quarter_sql}, COUNT(*)
                FROM {T_CAB} c {profession_join}
                LEFT JOIN {T_SUM} s ON s.cabinet_id = c.id AND s.latest = %s
                WHERE 1 = 1 {profession_where} {region_where}
                GROUP BY {_grouped(profession_col, dep_col, SIZE_SQL, "c.share_statistics", BAND_SQL, quarter_sql)}
            """
            params = (
                list(quarter_params)
                + (professions if per_profession else [])
                + [True]
                + ([] if per_profession else professions)
                + ([] if country else regions)
            )
            for profession, dep, size, share, band, quarter, n in _fetch(sql, params):
                band = "none" if band == -1 else band
                _add_cabinets(counts, profession, dep, size, bool(share), band, quarter, n, periods, quarters)
            # Every sharing cabinet with an assessment in each trend quarter (it may have several).
            sql = f"""
                SELECT {profession_col}, {dep_col}, {SIZE_SQL}, {quarter_sql}, COUNT(DISTINCT c.id)
                FROM {T_SUM} s JOIN {T_CAB} c ON c.id = s.cabinet_id {profession_join}
                WHERE c.share_statistics = %s AND s.finished_at >= %s {profession_where} {region_where}
                GROUP BY {_grouped(profession_col, dep_col, SIZE_SQL, quarter_sql)}
            """
            params = (
                list(quarter_params)
                + (professions if per_profession else [])
                + [True, quarters[0][1]]
                + ([] if per_profession else professions)
                + ([] if country else regions)
            )
            for profession, dep, size, quarter, n in _fetch(sql, params):
                population = quarters[quarter][0]
                for d in _deps(dep):
                    for s in (size, ALL):
                        counts[(profession, d, s, ALL, population)] += n
    return counts


def _grouped(*columns):
    """Positions of the non-constant columns (PostgreSQL refuses a literal in GROUP BY)."""
    return ", ".join(str(i) for i, column in enumerate(columns, 1) if not column.startswith("'"))


def _deps(dep):
    return (COUNTRY,) if dep == COUNTRY else (dep, ALL)


def _add_cabinets(counts, profession, dep, size, share, band, quarter, n, periods, quarters):
    populations = [REGISTERED]
    if share:
        populations.append(SHARING)
    for d in _deps(dep):
        for s in (size, ALL):
            for population in populations:
                counts[(profession, d, s, ALL, population)] += n
            if not share or quarter is None:
                continue
            start = quarters[quarter][1]
            for key, period_start in periods:
                if start >= period_start:
                    for b in (band, ALL):
                        counts[(profession, d, s, b, key)] += n


# --- Figures of one cell ---------------------------------------------------------------


def group(scope, filters, calendar, *, country=False, latest=True, since=None):
    """The summaries of a cell: sharing cabinets of the scope (or the country) matching the filters."""
    queryset = AssessmentSummary.objects.filter(cabinet__share_statistics=True)
    if latest:
        queryset = queryset.filter(latest=True, finished_at__gte=since or calendar.period_start(filters.period))
    else:
        queryset = queryset.filter(finished_at__gte=since)
    if not country:
        queryset = queryset.filter(cabinet__region__in=scope.region_codes)
        if filters.departement != ALL:
            queryset = queryset.filter(cabinet__departement=filters.departement)
    if filters.size != ALL:
        low, high = SIZE_RANGES[filters.size]
        queryset = queryset.filter(cabinet__practitioners__gte=low, cabinet__practitioners__lte=high)
    professions = scope.professions if filters.profession == ALL else [filters.profession]
    return queryset.filter(cabinet__in=PractitionerCount.objects.filter(profession__in=professions).values("cabinet_id"))


def score_distribution(summaries) -> dict[int, int]:
    rows = summaries.exclude(score=None).values("score").annotate(n=Count("pk")).values_list("score", "n")
    return dict(rows)


def theme_distributions(summaries) -> dict[str, dict[int, int]]:
    rows = (
        SummaryTheme.objects.filter(summary__in=summaries.values("pk"))
        .values("theme", "score").annotate(n=Count("id")).values_list("theme", "score", "n")
    )
    found: dict[str, dict[int, int]] = defaultdict(dict)
    for theme, score, n in rows:
        found[theme][score] = n
    return found


def answer_counts(summaries) -> dict[str, dict[str, int]]:
    """{question: {code: cabinets}} for "no", "unknown" and "na" answers."""
    rows = (
        SummaryAnswer.objects.filter(summary__in=summaries.values("pk"))
        .values("question", "code").annotate(n=Count("id")).values_list("question", "code", "n")
    )
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for question, code, n in rows:
        found[question][code] = n
    return found


def priority_actions(summaries) -> tuple[int, int]:
    """(priority actions of the latest plans, those marked done within six months of the assessment)."""
    result = ActionItem.objects.filter(
        assessment_id__in=summaries.values("pk"), position__lt=PRIORITY_COUNT
    ).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status="done", updated_at__lte=F("assessment__finished_at") + SIX_MONTHS)),
    )
    return result["total"], result["done"]


def follow_up_counts(summaries, calendar) -> dict[str, int]:
    """{aggregate key: cabinets of the group that did it in the last six months}, one query per registered aggregate."""
    end = calendar._aware(calendar.today + timedelta(days=1))
    start = end - SIX_MONTHS
    return {
        item.key: summaries.filter(cabinet_id__in=item.cabinets(start, end)).count()
        for item in aggregates.registered()
    }


def trend_distributions(scope, filters, calendar, *, country=False) -> dict[int, dict[int, int]]:
    """{quarter index: {score: assessments}} over the trend quarters."""
    quarters = calendar.quarters
    summaries = group(scope, filters, calendar, country=country, latest=False, since=quarters[0][1])
    quarter = Case(
        *(When(finished_at__gte=start, then=Value(i)) for i, (_k, start, _e) in reversed(list(enumerate(quarters)))),
        output_field=IntegerField(),
    )
    rows = summaries.exclude(score=None).annotate(quarter=quarter).values("quarter", "score").annotate(n=Count("pk"))
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows.values_list("quarter", "score", "n"):
        found[row[0]][row[1]] = row[2]
    return found


# --- Cached facts: what a page needs, computed once per state of the data -----------------

VERSION_KEY = "urps:data-version"


def data_version() -> str:
    """One cheap query: changes whenever a summary is written or a cabinet is added, edited or removed."""
    sql = f"""
        SELECT (SELECT MAX(assessment_id) FROM {T_SUM}),
               COUNT(*), MAX(c.id), MAX(c.updated_at), SUM(CASE WHEN c.share_statistics THEN 1 ELSE 0 END)
        FROM {T_CAB} c
    """
    return repr(_fetch(sql, [])[0])


def current_version() -> str:
    """The data version the pages use: read again at most every URPS_REFRESH_SECONDS.

    Between two reads a page costs no statistics query at all; every piece of a page is
    keyed by the same version, so its figures always come from one state of the data.
    """
    found = cache.get(VERSION_KEY)
    now = time.time()
    if found is not None and now - found[1] < settings.URPS_REFRESH_SECONDS:
        return found[0]
    version = data_version()
    cache.set(VERSION_KEY, (version, now), max(settings.URPS_REFRESH_SECONDS, 1))
    return version


def key(version, calendar, parts) -> str:
    return "urps:" + hashlib.sha256(repr((version, calendar.today, parts)).encode()).hexdigest()


def cache_seconds() -> int:
    return max(settings.URPS_REFRESH_SECONDS, 60) * 4


def group_facts(scope, filters, calendar, *, country=False) -> dict:
    """Every distribution the report reads about one group of cabinets (its cell or the country's)."""
    summaries = group(scope, filters, calendar, country=country)
    return {
        "scores": score_distribution(summaries),
        "themes": dict(theme_distributions(summaries)),
        "answers": dict(answer_counts(summaries)),
        "actions": priority_actions(summaries),
        "follow_up": follow_up_counts(summaries, calendar),
        "trend": dict(trend_distributions(scope, filters, calendar, country=country)),
    }


def published_cells(scope, calendar) -> dict[tuple, int]:
    """The scope's lattice cells that may be shown, with their counts: every disclosure decision, taken at once.

    A few seconds for a national scope at 200,000 cabinets: the warming task takes them, then
    every page of the data version reads them (cached) instead of deciding its cells again.
    """
    return Disclosure(
        lattice_counts(scope, calendar),
        minimum=settings.URPS_MIN_CABINETS,
        populations=Populations(calendar.periods, calendar.quarters),
        departements=list(scope.departements),
        sizes=list(SIZES),
        bands=list(BANDS),
        professions=scope.professions,
    ).published()


def _pieces(scope, filters, calendar) -> dict:
    """{name: (key parts, compute)} of what one page reads: its scope's shown cells, its cell's and the country's facts.

    `compute(from_cube)`: a group's facts are summed from the cube when it holds them (cube.py),
    else grouped from the summary rows.
    """
    professions = scope.professions if filters.profession == ALL else (filters.profession,)

    def group_piece(country):
        def compute(from_cube):
            source = cube.group_facts if from_cube else group_facts
            return source(scope, filters, calendar, country=country)
        return compute

    pieces = {
        "published": (("published", scope.region_codes, scope.professions, settings.URPS_MIN_CABINETS),
                      lambda _c: published_cells(scope, calendar)),
        "there": (("group", COUNTRY, professions, filters.size, filters.period), group_piece(True)),
    }
    # A national scope without a département filter is the whole country: the same cabinets.
    if not (scope.national and filters.departement == ALL):
        pieces["here"] = (("group", scope.region_codes, professions, filters.departement, filters.size, filters.period),
                          group_piece(False))
    return pieces


def versions(calendar, version=None) -> list:
    """The data versions a page may read, in order: `version` alone when given; else the current one,
    then the last one the warming task finished when it differs (its figures, until the task has run)."""
    if version is not None:
        return [version]
    candidates = [current_version()]
    warmed = warmed_version(calendar)
    if warmed is not None and warmed != candidates[0]:
        candidates.append(warmed)
    return candidates


def facts(scope, filters, calendar, *, version=None) -> dict:
    """The scope's shown cells (`published_cells`) and the facts of the chosen cell and of its country-wide twin.

    Read from the shared cache, keyed by one data version and the day, so that a page's figures
    all come from one state of the data. Without `version`: the current one (`current_version()`,
    figures at most URPS_REFRESH_SECONDS old) when its figures are in the cache; else those of the
    last version the warming task finished (`warmed_version()`), when they are all there
    (stale-while-revalidate: the task is computing the new ones). A filter combination not in the
    cache yet is summed from the cube (one query per group) for the first of those versions whose
    shown cells are cached and whose cube the warming task built; else the current version's missing
    pieces are computed here, from the cube when it holds this version, else from the summary rows.
    The country-wide facts are shared by every admin and every département filter with the same
    profession, size and period.
    """
    pieces = _pieces(scope, filters, calendar)
    professions = scope.professions if filters.profession == ALL else (filters.profession,)
    candidates = versions(calendar, version)
    found = {}
    for candidate in candidates:
        keys = {name: key(candidate, calendar, parts) for name, (parts, _compute) in pieces.items()}
        cached = cache.get_many(list(keys.values()))
        found[candidate] = {name: cached[key] for name, key in keys.items() if key in cached}
        if len(found[candidate]) == len(pieces):
            return _assemble(candidate, found[candidate])
    build = cube.built()
    chosen = next((c for c in candidates if "published" in found[c] and cube.covers(build, c, calendar, professions)),
                  candidates[0])
    values = found[chosen]
    from_cube = cube.covers(build, chosen, calendar, professions)
    for name, (parts, compute) in pieces.items():
        if name not in values:
            values[name] = compute(from_cube)
            cache.set(key(chosen, calendar, parts), values[name], cache_seconds())
    return _assemble(chosen, values)


def _assemble(version, values) -> dict:
    return {
        "version": version,
        "published": values["published"],
        "here": values.get("here", values["there"]),
        "there": values["there"],
    }


# --- Warming: the figures computed ahead of the pages, by a periodic task ---------------------

WARMED_KEY = "urps:warmed-version"


def warmed_version(calendar):
    """The last data version whose figures the warming task stored for every URPS scope, on this day."""
    found = cache.get(WARMED_KEY)
    if found is None or found[1] != calendar.today:
        return None
    return found[0]


def mark_warmed(version, calendar) -> None:
    cache.set(WARMED_KEY, (version, calendar.today), cache_seconds())
