"""When a reminder is due: pure functions over dates, no database.

Stages of a dated item (at most six reminders):
  0: 14 days before the due day; 1: the due day; 2, 3, 4, 5: every 7 days while overdue.
Only the latest stage reached counts, so a sweep after days of downtime sends
one reminder for an item, not every stage it missed. From 14 days overdue
(stage 3) the titulaire(s) are added to the item's owner.

The daily digest goes at the cabinet's (or the person's) hour in Paris time:
computed from the local wall clock, so it stays at 08:00 across both
daylight-saving changes.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
DAYS_BEFORE = 14
OVERDUE_EVERY_DAYS = 7
MAX_REMINDERS = 6
ESCALATE_AFTER_DAYS = 14
LAST_STAGE = MAX_REMINDERS - 1


def _plain_date(value: date, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, got {value!r}")
    return value


def stage_reached(due: date, today: date) -> int | None:
    """The latest reminder stage reached on `today` for an item due on `due`, or None (not yet)."""
    late = (_plain_date(today, "today") - _plain_date(due, "due")).days
    if late < -DAYS_BEFORE:
        return None
    if late < 0:
        return 0
    return min(1 + late // OVERDUE_EVERY_DAYS, LAST_STAGE)


def stage_day(due: date, stage: int) -> date:
    """The day a stage is reached (inverse of stage_reached)."""
    if stage == 0:
        return due - timedelta(days=DAYS_BEFORE)
    return due + timedelta(days=(stage - 1) * OVERDUE_EVERY_DAYS)


def escalated(due: date, today: date) -> bool:
    """True once the item is 14 days overdue: the titulaire(s) are told too."""
    return (today - due).days >= ESCALATE_AFTER_DAYS


def is_current(due: date, stage: int, current_due: date | None, today: date) -> bool:
    """Whether a pending reminder still stands: the item is still due on the same day, at the same latest stage.

    An item done or deleted (no current due date), rescheduled (another due
    date) or past this stage (a later one supersedes it) cancels the reminder.
    """
    return current_due is not None and current_due == due and stage_reached(due, today) == stage


def local_day(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def digest_time(day: date, hour: int) -> datetime:
    """The moment (aware, Paris) a digest of `day` is due."""
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def digest_due(now: datetime, hour: int) -> bool:
    """Whether today's (Paris) digest hour has come."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return now >= digest_time(local_day(now), hour)


def latest_digest_hour(now: datetime) -> int:
    """The latest hour whose digest is due today (Paris), or -1: people with this hour or earlier get theirs."""
    return max((hour for hour in range(24) if digest_due(now, hour)), default=-1)


def retry_delay(attempts: int) -> timedelta:
    """Backoff between sending attempts: 1, 2, 4, 8... minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))
