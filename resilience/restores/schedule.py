"""When the next restore test is due (pure functions).

Seed 004: a restore test "au moins semestriel"; the cabinet may choose 1 to
12 months. A partial or failed test brings the next one to one month, since
the backup cannot be trusted until a test succeeds.
"""

import calendar
from datetime import date, datetime

RETRY_AFTER_FAILURE_MONTHS = 1


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"day must be a datetime.date, got {day!r}")
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(performed_on: date, succeeded: bool, interval_months: int) -> date:
    if not 1 <= interval_months <= 12:
        raise ValueError("the interval is 1 to 12 months")
    return add_months(performed_on, interval_months if succeeded else RETRY_AFTER_FAILURE_MONTHS)


def is_late(due: date | None, today: date) -> bool:
    return due is not None and today > due
