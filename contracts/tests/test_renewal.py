"""The last day to give notice before tacit renewal, at month ends and around today."""

from datetime import date

import pytest

from contracts.renewal import (
    OK,
    PASSED,
    SOON,
    SOON_DAYS,
    last_notice_day,
    minus_months,
    notice_deadline,
    notice_status,
)


@pytest.mark.parametrize(
    ("end", "months", "expected"),
    [
        (date(2026, 12, 31), 3, date(2026, 9, 30)),   # no 31 September: clamped
        (date(2026, 5, 31), 3, date(2026, 2, 28)),    # February of a common year
        (date(2028, 5, 31), 3, date(2028, 2, 29)),    # February of a leap year
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 30), 1, date(2026, 2, 28)),
        (date(2026, 4, 30), 2, date(2026, 2, 28)),
        (date(2026, 7, 31), 1, date(2026, 6, 30)),
        (date(2026, 2, 28), 1, date(2026, 1, 28)),    # the day is kept, never pushed later
        (date(2026, 1, 31), 1, date(2025, 12, 31)),   # across the year
        (date(2026, 2, 15), 14, date(2024, 12, 15)),  # more than a year
        (date(2026, 6, 15), 0, date(2026, 6, 15)),
    ],
)
def test_notice_in_months(end, months, expected):
    assert last_notice_day(end, notice_months=months) == expected


def test_notice_in_days():
    assert last_notice_day(date(2026, 3, 1), notice_days=30) == date(2026, 1, 30)
    assert last_notice_day(date(2028, 3, 1), notice_days=1) == date(2028, 2, 29)


def test_months_are_taken_off_before_days():
    assert last_notice_day(date(2026, 3, 31), notice_months=1, notice_days=10) == date(2026, 2, 18)


def test_a_notice_period_is_required():
    with pytest.raises(ValueError, match="notice period"):
        last_notice_day(date(2026, 12, 31))


@pytest.mark.parametrize(
    "kwargs", [{"notice_months": -1}, {"notice_days": -5}, {"notice_months": 1.5}, {"notice_days": True}]
)
def test_a_negative_or_non_integer_period_is_refused(kwargs):
    with pytest.raises(ValueError):
        last_notice_day(date(2026, 12, 31), **kwargs)


def test_minus_months_is_the_month_arithmetic():
    assert minus_months(date(2025, 3, 29), 1) == date(2025, 2, 28)
    assert minus_months(date(2025, 1, 1), 12) == date(2024, 1, 1)


LAST = date(2026, 9, 30)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 7, 31), OK),         # 61 days ahead
        (date(2026, 8, 1), SOON),        # 60 days ahead
        (date(2026, 9, 30), SOON),       # the last day itself: notice is still possible
        (date(2026, 10, 1), PASSED),
        (date(2027, 1, 15), PASSED),
    ],
)
def test_status_relative_to_today(today, status):
    assert SOON_DAYS == 60
    assert notice_status(LAST, today) == status


def test_notice_deadline_gives_the_day_the_status_and_the_days_left():
    deadline = notice_deadline(date(2026, 12, 31), today=date(2026, 9, 1), notice_months=3)
    assert (deadline.last_day, deadline.status, deadline.days_left) == (LAST, SOON, 29)
    late = notice_deadline(date(2026, 12, 31), today=date(2026, 10, 2), notice_months=3)
    assert (late.status, late.days_left) == (PASSED, -2)
