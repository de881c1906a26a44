"""The due-item registry: each app says, from `AppConfig.ready`, what of its own falls due.

A provider is `provider(cabinet_ids, now, horizon=None) -> iterable of DueItem` (now: aware
datetime; items due up to `horizon`, by default the first reminder stage's 14 days ahead) and must
answer with a fixed number of queries for the whole batch of cabinets (the
sweep runs over every cabinet). `watch` lists models whose changes make the
cabinet's pending reminders worth re-checking at once (an item done cancels its
reminder before the next sweep).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import F, Lookup, OuterRef, Q, Subquery
from django.urls import reverse

ALL_MEMBERS = "all"
TITULAIRES = "titulaires"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # French, plural-free: "Test du kit", shown in preferences and unsubscribe pages
    provider: Callable[[list[int], datetime], Iterable["DueItem"]] | None
    urgent: bool = False  # urgent kinds are sent at once and cannot be turned off
    watch: tuple = field(default_factory=tuple)
    swept: bool = True  # False: rows are created by an event (notify_now), never cancelled by the sweep


class DueItem(NamedTuple):
    """One due item; a named tuple because the sweep builds ~100,000 of them (cheaper than a dataclass)."""

    cabinet_id: int
    kind: str
    item_id: int
    due: date
    title: str
    why: str
    url: str  # a path; the site URL is added in emails
    recipients: str | tuple[int, ...] = TITULAIRES  # ALL_MEMBERS, TITULAIRES, or user ids (owners)
    stage: int | None = None  # set by urgent providers (their clocks run in hours); else computed from `due`
    starts_at: datetime | None = None  # for the calendar when the item has a time of day


_kinds: dict[str, Kind] = {}


@dataclass(frozen=True)
class CabinetRange:
    """A batch of the sweep: every cabinet with first <= id <= last (cheaper to filter than 2,000 ids)."""

    first: int
    last: int


def in_cabinets(cabinet_ids, field: str = "cabinet_id") -> Q:
    """The filter of a provider's query: a CabinetRange or a list of ids."""
    if isinstance(cabinet_ids, CabinetRange):
        return Q(**{f"{field}__gte": cabinet_ids.first, f"{field}__lte": cabinet_ids.last})
    return any_of(field, cabinet_ids)


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the ids as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, self.rhs)


def any_of(field: str, ids) -> Q:
    """`field` is one of `ids`: on PostgreSQL one array parameter, elsewhere an IN list.

    Django prepares each value of an IN list one by one: about 0.4 s of CPU for
    the 92,661 item ids a 200,000-cabinet sweep looks up.
    """
    ids = list(ids)
    if connection.vendor == "postgresql":
        return Q(_AnyOf(F(field), ids))
    return Q(**{f"{field}__in": ids})


def latest_per(queryset, field: str, *ordering: str):
    """The first row of each `field` value in `ordering`: DISTINCT ON in PostgreSQL, a subquery elsewhere (SQLite)."""
    if connection.vendor == "postgresql":
        return queryset.order_by(field, *ordering).distinct(field)
    firsts = queryset.filter(**{field: OuterRef(field)}).order_by(*ordering).values("pk")[:1]
    return queryset.filter(pk=Subquery(firsts))


def path_maker(url_name: str):
    """id -> path of a URL with one integer argument, reversed once (a sweep builds thousands)."""
    sentinel = 987654321
    path = reverse(url_name, args=[sentinel])
    head, tail = path.split(str(sentinel))
    return lambda object_id: f"{head}{object_id}{tail}"


def register(kind: Kind) -> Kind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[Kind]:
    return list(_kinds.values())


def get(key: str) -> Kind | None:
    return _kinds.get(key)


def swept_kinds() -> list[str]:
    return [kind.key for kind in _kinds.values() if kind.swept]


def due_items(cabinet_ids: list[int], now: datetime, horizon: date | None = None) -> list[DueItem]:
    items = []
    for kind in _kinds.values():
        if kind.provider is not None:
            items.extend(kind.provider(cabinet_ids, now, horizon))
    return items
