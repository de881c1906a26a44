"""The last day to give notice before a contract renews itself: a pure function.

Most IT-provider contracts renew by tacit renewal ("reconduction tacite"): if the
cabinet does not send its notice before the notice period starts, it is bound for
another term. The product shows that last day and warns when it is near, so that
a cabinet unhappy with its provider is not locked in by a missed date.

Month arithmetic is done here, without dateutil: going back N months keeps the
day of the month and clamps it to the last day of the target month (31 May minus
3 months is 28 or 29 February). Clamping only ever moves the day earlier, which
is the safe side for a deadline.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

OK = "ok"
SOON = "soon"
PASSED = "passed"
STATUS_LABELS = {
    OK: "Dans les temps",
    SOON: "Échéance proche : envoyez votre courrier",
    PASSED: "Date dépassée : le contrat sera reconduit",
}
# A registered letter and a decision take time: warn two months ahead.
SOON_DAYS = 60


def minus_months(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months, clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_notice_day(
    end_or_renewal_date: date, notice_months: int | None = None, notice_days: int | None = None
) -> date:
    """The last day to give notice: the end (or renewal) date minus the notice period.

    The period is given in months, in days, or both (months are taken off first).
    A contract without a stated period cannot be guessed: at least one is required.
    """
    if notice_months is None and notice_days is None:
        raise ValueError("a notice period in months or days is required")
    for name, value in (("notice_months", notice_months), ("notice_days", notice_days)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    day = minus_months(end_or_renewal_date, notice_months or 0)
    return day - timedelta(days=notice_days or 0)


def notice_status(last_day: date, today: date) -> str:
    """``passed`` after the last day, ``soon`` within SOON_DAYS of it (the day
    itself included, notice is still possible), ``ok`` before."""
    if today > last_day:
        return PASSED
    if (last_day - today).days <= SOON_DAYS:
        return SOON
    return OK


@dataclass(frozen=True)
class NoticeDeadline:
    last_day: date
    status: str
    days_left: int  # negative once the day has passed


def notice_deadline(
    end_or_renewal_date: date,
    today: date,
    notice_months: int | None = None,
    notice_days: int | None = None,
) -> NoticeDeadline:
    """Last notice day and its status relative to ``today``, for the contract page and reminders."""
    last_day = last_notice_day(end_or_renewal_date, notice_months, notice_days)
    return NoticeDeadline(last_day, notice_status(last_day, today), (last_day - today).days)
