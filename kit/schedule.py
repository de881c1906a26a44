"""When the next kit test is due.

The seed recommends testing the kit every six months. Dates are computed with
the standard library only: a half-year from 31 August has no 31 February, so
the day is clamped to the end of the target month (28 or 29 February) rather
than spilling into March, which would push every later test a few days on.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from enum import StrEnum

TEST_INTERVAL_MONTHS = 6
DUE_SOON_DAYS = 30


class DueStatus(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def _plain_date(value, name: str) -> date:
    # A datetime is a date subclass, but comparing one with a date raises, and
    # "today" must be the cabinet's local day, decided by the caller.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, got {value!r}")
    return value


def add_months(day: date, months: int) -> date:
    """Same day of the month ``months`` later, clamped to the month's last day."""
    day = _plain_date(day, "day")
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def next_test_due(last_test: date) -> date:
    """Six months after the last kit test."""
    return add_months(last_test, TEST_INTERVAL_MONTHS)


def status(due: date, today: date) -> DueStatus:
    """ok, due_soon (due within 30 days, due day included) or overdue (past the due day).

    Thirty days leaves time to order forms from the CPAM or a printer before
    the test, since a test that finds missing stock needs them.
    """
    due, today = _plain_date(due, "due"), _plain_date(today, "today")
    if today > due:
        return DueStatus.OVERDUE
    if due - today <= timedelta(days=DUE_SOON_DAYS):
        return DueStatus.DUE_SOON
    return DueStatus.OK
