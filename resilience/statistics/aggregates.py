"""The aggregates registry: apps say which cabinets did a follow-up action in a period.

The core never imports an app (DESIGN.md): kit, incidents and contracts register,
from `AppConfig.ready`, a function (start, end) -> queryset of cabinet ids that
did the thing between start (included) and end (excluded). The URPS dashboard
shows, for each one, the share of the group's cabinets that did it in the last
six months. A figure whose provider is not registered (the restore test, until
the reminders sub-package registers one) is simply not shown.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Aggregate:
    key: str
    label: str | Promise
    cabinets: Callable  # (start, end) -> queryset of cabinet ids
    order: int = 50


_registry: dict[str, Aggregate] = {}


def register(aggregate: Aggregate) -> Aggregate:
    _registry[aggregate.key] = aggregate
    return aggregate


def registered() -> list[Aggregate]:
    return sorted(_registry.values(), key=lambda a: (a.order, a.key))
