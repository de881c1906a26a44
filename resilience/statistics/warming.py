"""Warming the URPS figures ahead of the pages, so that no admin waits for a cold computation.

When the data version (or the day) has changed, `warm()` first rebuilds the cube (cube.py: the
sums every filtered page reads, for the profession sets of the admins' scopes), then builds,
under the NEW version's cache keys, for every distinct URPS scope (region × professions,
national): the disclosure decision of every cell of its lattice (queries.published_cells), then
its default (unfiltered) page and each of its one-filter pages (`variations`), their cell's and
the country's facts and their report. Only then is the version
marked as warmed; until that moment the pages keep reading the previous warmed version's
figures (queries.facts). Run by the periodic Celery task and by `manage.py warm_urps_figures`.
"""

import logging

from django.core.cache import cache

from resilience.models import UrpsAdmin
from resilience.statistics import cube, queries, report
from resilience.statistics.filters import DEFAULT_PERIOD, PERIODS, SIZES, Calendar, Filters, Scope

logger = logging.getLogger(__name__)
LOCK_KEY = "urps:warming"


def scopes() -> list[Scope]:
    """The distinct scopes of the URPS admins (several admins of a region share one)."""
    found = {Scope.of(admin) for admin in UrpsAdmin.objects.only("region", "professions", "national")}
    return sorted(found, key=lambda scope: (scope.national, scope.region_codes, scope.professions))


def variations(scope) -> list[Filters]:
    """The default page, then each filter value taken alone (a département, a size, a period, a profession).

    The pages an admin opens most. Any other combination costs its first visitor two cube queries
    (its group's figures and the country's), the disclosure decisions being already taken.
    """
    return [
        Filters(),
        *(Filters(departement=code) for code in scope.departements),
        *(Filters(size=size) for size in SIZES),
        *(Filters(period=period) for period in PERIODS if period != DEFAULT_PERIOD),
        *(Filters(profession=profession) for profession in scope.professions),
    ]


def warm(calendar=None, *, force=False) -> dict:
    """Store the figures of the current data version for every scope's default page; idempotent.

    Returns {"version", "scopes": scopes built, "warmed": whether anything was computed,
    "busy": whether another warming held the lock}.
    Nothing is done when this version is already warmed for the day (unless `force`: then only the
    pieces missing from the cache, e.g. evicted, are computed, and the cube is rebuilt only when it
    lacks a scope's professions, e.g. a new admin's), nor while another warming holds the lock
    (the next run catches up).
    """
    calendar = calendar or Calendar.now()
    version = queries.data_version()
    if not force and queries.warmed_version(calendar) == version:
        return {"version": version, "scopes": 0, "warmed": False, "busy": False}
    if not cache.add(LOCK_KEY, version, queries.cache_seconds()):
        logger.info("URPS figures: another warming is running, skipped")
        return {"version": version, "scopes": 0, "warmed": False, "busy": True}
    try:
        built = scopes()
        sets = cube.profession_sets(built)
        current = cube.built()
        if not all(cube.covers(current, version, calendar, professions) for professions in sets):
            cube.refresh(version, calendar, sets)
        for scope in built:
            for filters in variations(scope):
                report.build(scope, filters, calendar, version=version)
        queries.mark_warmed(version, calendar)
    finally:
        cache.delete(LOCK_KEY)
    return {"version": version, "scopes": len(built), "warmed": True, "busy": False}
