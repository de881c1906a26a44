"""The stage computation, without a database: when each reminder is due, and the digest hour across DST."""

from datetime import date, datetime, timedelta, timezone

import pytest

from resilience.reminders.stages import digest_due, latest_digest_hour, escalated, is_current, retry_delay, stage_day, stage_reached
from resilience.restores.schedule import add_months, next_due

DUE = date(2026, 6, 15)


def test_nothing_before_fourteen_days():
    assert stage_reached(DUE, DUE - timedelta(days=15)) is None


def test_fourteen_days_before_is_the_first_stage():
    assert stage_reached(DUE, DUE - timedelta(days=14)) == 0
    assert stage_reached(DUE, DUE - timedelta(days=1)) == 0


def test_the_due_day_is_the_second():
    assert stage_reached(DUE, DUE) == 1


@pytest.mark.parametrize(("late", "stage"), [(6, 1), (7, 2), (13, 2), (14, 3), (21, 4), (28, 5)])
def test_weekly_while_overdue(late, stage):
    assert stage_reached(DUE, DUE + timedelta(days=late)) == stage


def test_at_most_six_reminders():
    days = [DUE + timedelta(days=offset) for offset in range(-30, 400)]
    stages = {stage_reached(DUE, day) for day in days} - {None}
    assert stages == {0, 1, 2, 3, 4, 5}
    assert stage_reached(DUE, DUE + timedelta(days=365)) == 5  # the same last stage: its row exists once


def test_stage_day_is_the_inverse():
    for stage in range(6):
        assert stage_reached(DUE, stage_day(DUE, stage)) == stage
        assert stage == 0 or stage_reached(DUE, stage_day(DUE, stage) - timedelta(days=1)) == stage - 1


def test_the_titulaire_is_added_after_fourteen_days_overdue():
    assert not escalated(DUE, DUE + timedelta(days=13))
    assert escalated(DUE, DUE + timedelta(days=14))


def test_after_downtime_only_the_latest_stage_counts():
    # The sweep did not run for three weeks: one stage, the latest, not the three it missed.
    assert stage_reached(DUE, DUE + timedelta(days=21)) == 4


def test_done_or_rescheduled_cancels():
    today = DUE + timedelta(days=1)
    assert is_current(DUE, 1, DUE, today)
    assert not is_current(DUE, 1, None, today)  # done or deleted: no due date any more
    assert not is_current(DUE, 1, DUE + timedelta(days=30), today)  # rescheduled
    assert not is_current(DUE, 1, DUE, DUE + timedelta(days=7))  # superseded by the next stage


def test_dates_only():
    with pytest.raises(TypeError):
        stage_reached(datetime(2026, 6, 15, 8), DUE)


# --- the digest at 08:00 Paris time, across daylight saving ------------------------------


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        # Winter (UTC+1): 08:00 Paris is 07:00 UTC.
        (utc(2026, 3, 28, 6, 59), False),
        (utc(2026, 3, 28, 7, 0), True),
        # Spring forward on Sunday 29 March 2026 (02:00 → 03:00): 08:00 Paris is 06:00 UTC that very day.
        (utc(2026, 3, 29, 5, 59), False),
        (utc(2026, 3, 29, 6, 0), True),
        (utc(2026, 3, 30, 6, 0), True),
        # Fall back on Sunday 25 October 2026 (03:00 → 02:00): 08:00 Paris is 07:00 UTC that day.
        (utc(2026, 10, 24, 5, 59), False),
        (utc(2026, 10, 24, 6, 0), True),
        (utc(2026, 10, 25, 6, 59), False),
        (utc(2026, 10, 25, 7, 0), True),
    ],
)
def test_digest_at_eight_paris_time_across_dst(moment, due):
    assert digest_due(moment, 8) is due


def test_latest_digest_hour_follows_the_paris_wall_clock():
    assert latest_digest_hour(utc(2026, 3, 29, 6, 0)) == 8  # summer time from that night
    assert latest_digest_hour(utc(2026, 3, 28, 6, 59)) == 7
    assert latest_digest_hour(utc(2026, 10, 25, 7, 0)) == 8  # back to winter time
    assert latest_digest_hour(utc(2026, 5, 31, 22, 30)) == 0  # 00:30 in Paris


def test_the_paris_day_decides_which_digest():
    # 23:30 UTC on 31 May is already 1 June in Paris: that day's digest is due at 08:00, not before.
    assert not digest_due(utc(2026, 5, 31, 23, 30), 8)
    assert digest_due(utc(2026, 5, 31, 23, 30), 1)


def test_naive_moments_are_refused():
    with pytest.raises(ValueError):
        digest_due(datetime(2026, 3, 29, 8), 8)


def test_retries_back_off_to_an_hour():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(20) == timedelta(hours=1)


# --- restore test schedule -----------------------------------------------------------------


def test_restore_interval_and_failure():
    assert next_due(date(2026, 1, 10), True, 6) == date(2026, 7, 10)
    assert next_due(date(2026, 1, 10), False, 6) == date(2026, 2, 10)  # partial or failed: one month
    assert next_due(date(2026, 8, 31), True, 6) == date(2027, 2, 28)
    assert add_months(date(2028, 8, 31), 6) == date(2029, 2, 28)
    with pytest.raises(ValueError):
        next_due(date(2026, 1, 10), True, 13)
