"""The six-monthly kit test: due dates clamp to month ends; status around the due day."""

from datetime import date, datetime

import pytest

from kit.schedule import DueStatus, add_months, next_test_due, status


@pytest.mark.parametrize(
    "last_test, due",
    [
        (date(2025, 8, 31), date(2026, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2025, 8, 30), date(2026, 2, 28)),
        (date(2027, 8, 29), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 9, 30)),
        (date(2028, 2, 29), date(2028, 8, 29)),
        (date(2025, 12, 31), date(2026, 6, 30)),
        (date(2025, 7, 15), date(2026, 1, 15)),  # across the year end
        (date(2025, 1, 31), date(2025, 7, 31)),
        (date(2025, 6, 1), date(2025, 12, 1)),
    ],
)
def test_next_test_due_six_months_later_clamped_to_month_end(last_test, due):
    assert next_test_due(last_test) == due


def test_add_months_handles_year_boundaries():
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 31), -2) == date(2025, 11, 30)
    assert add_months(date(2025, 5, 20), 0) == date(2025, 5, 20)


DUE = date(2026, 2, 28)


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2025, 12, 1), DueStatus.OK),
        (date(2026, 1, 28), DueStatus.OK),  # 31 days before
        (date(2026, 1, 29), DueStatus.DUE_SOON),  # 30 days before
        (date(2026, 2, 27), DueStatus.DUE_SOON),
        (DUE, DueStatus.DUE_SOON),  # the due day itself is still on time
        (date(2026, 3, 1), DueStatus.OVERDUE),
        (date(2027, 1, 1), DueStatus.OVERDUE),
    ],
)
def test_status(today, expected):
    assert status(DUE, today) is expected


def test_status_values_are_the_stored_strings():
    assert status(DUE, date(2025, 1, 1)) == "ok"
    assert status(DUE, DUE) == "due_soon"
    assert status(DUE, date(2026, 3, 1)) == "overdue"


def test_datetimes_are_refused():
    with pytest.raises(TypeError):
        next_test_due(datetime(2025, 8, 31, 12, 0))
    with pytest.raises(TypeError):
        status(DUE, datetime(2026, 2, 1, 8, 0))
