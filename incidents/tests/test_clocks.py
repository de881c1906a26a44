"""Legal clocks: 72 elapsed hours in Paris time, states, labels, which clocks apply."""

from datetime import UTC, datetime, timedelta

import pytest

from incidents.clocks import (
    CNIL_NOTIFICATION,
    DUE_SOON_STATE,
    MET,
    MET_LATE,
    NO_FIXED_DEADLINE,
    OVERDUE,
    PARIS,
    PATIENT_INFORMATION,
    POLICE_COMPLAINT,
    RUNNING,
    REGISTER_CONFIRMED,
    REGISTER_TO_QUALIFY,
    applicable_clocks,
    personal_data_possible,
    register_status,
    cnil_clock,
    complaint_clock,
    compute_clock,
    deadline_after,
    format_duration,
    patient_information_clock,
)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


# --- daylight saving ------------------------------------------------------------


def test_autumn_change_deadline_is_one_hour_earlier_on_the_clock():
    # Saturday 25 October 2025, 10:00 UTC+2; clocks go back on Sunday 26 at 03:00.
    deadline = deadline_after(paris(2025, 10, 25, 10, 0))
    assert (deadline.year, deadline.month, deadline.day, deadline.hour, deadline.minute) == (2025, 10, 28, 9, 0)
    assert deadline.utcoffset() == timedelta(hours=1)
    assert deadline.astimezone(UTC) == datetime(2025, 10, 28, 8, 0, tzinfo=UTC)
    assert deadline.tzinfo is PARIS


def test_spring_change_deadline_is_one_hour_later_on_the_clock():
    # Friday 28 March 2025, 10:00 UTC+1; clocks go forward on Sunday 30 at 02:00.
    deadline = deadline_after(paris(2025, 3, 28, 10, 0))
    assert (deadline.day, deadline.hour) == (31, 11)
    assert deadline.utcoffset() == timedelta(hours=2)
    assert deadline.astimezone(UTC) == datetime(2025, 3, 31, 9, 0, tzinfo=UTC)


def test_awareness_given_in_utc_gives_the_same_paris_deadline():
    clock = cnil_clock(datetime(2025, 10, 25, 8, 0, tzinfo=UTC), now=datetime(2025, 10, 25, 8, 0, tzinfo=UTC))
    assert clock.deadline.astimezone(UTC) == datetime(2025, 10, 28, 8, 0, tzinfo=UTC)
    assert clock.deadline.tzinfo is PARIS


def test_remaining_counts_elapsed_hours_across_the_change():
    # Both in Paris time: a wall-clock subtraction would say 71 h.
    aware = paris(2025, 10, 25, 10, 0)
    clock = cnil_clock(aware, now=aware)
    assert clock.remaining == timedelta(hours=72)
    assert clock.label == "il reste 3 j"

    spring = paris(2025, 3, 28, 10, 0)
    assert complaint_clock(spring, now=spring).remaining == timedelta(hours=72)


def test_remaining_on_the_day_after_the_change():
    clock = cnil_clock(paris(2025, 10, 25, 10, 0), now=paris(2025, 10, 27, 9, 0))
    # Monday 09:00 UTC+1 -> Tuesday 09:00 UTC+1.
    assert clock.remaining == timedelta(hours=24)


# --- states and labels ----------------------------------------------------------


AWARE = paris(2025, 6, 2, 8, 30)  # no DST change within 72 h


def test_running_with_days_and_hours_label():
    clock = cnil_clock(AWARE, now=AWARE + timedelta(hours=19))
    assert clock.state == RUNNING
    assert clock.remaining == timedelta(days=2, hours=5)
    assert clock.label == "il reste 2 j 5 h"


def test_due_soon_under_twelve_hours():
    assert cnil_clock(AWARE, now=AWARE + timedelta(hours=60)).state == RUNNING
    clock = cnil_clock(AWARE, now=AWARE + timedelta(hours=60, minutes=1))
    assert clock.state == DUE_SOON_STATE
    assert clock.label == "il reste 11 h 59 min"


def test_at_the_deadline_it_is_not_yet_overdue():
    clock = cnil_clock(AWARE, now=AWARE + timedelta(hours=72))
    assert clock.state == DUE_SOON_STATE
    assert clock.label == "il reste moins d'une minute"


def test_overdue_label():
    clock = complaint_clock(AWARE, now=AWARE + timedelta(hours=75))
    assert clock.state == OVERDUE
    assert clock.remaining == timedelta(hours=-3)
    assert clock.label == "dépassé de 3 h"


def test_met_when_done_before_the_deadline_even_if_now_is_later():
    clock = cnil_clock(AWARE, now=AWARE + timedelta(days=10), done_at=AWARE + timedelta(hours=71))
    assert clock.state == MET
    assert clock.done
    assert clock.remaining == timedelta(hours=1)
    assert clock.label == "fait dans le délai"


def test_met_exactly_at_the_deadline():
    assert cnil_clock(AWARE, now=AWARE, done_at=AWARE + timedelta(hours=72)).state == MET


def test_met_late():
    clock = cnil_clock(AWARE, now=AWARE + timedelta(days=10), done_at=AWARE + timedelta(hours=74, minutes=30))
    assert clock.state == MET_LATE
    assert clock.done
    assert clock.label == "fait avec 2 h 30 min de retard"


def test_patient_information_has_no_fixed_deadline():
    clock = patient_information_clock(AWARE, now=AWARE + timedelta(days=30))
    assert clock.deadline is None and clock.remaining is None
    assert clock.state == NO_FIXED_DEADLINE
    assert clock.label == "sans délai injustifié"
    assert patient_information_clock(AWARE, now=AWARE, done_at=AWARE).state == MET


@pytest.mark.parametrize(
    "duration, text",
    [
        (timedelta(days=3), "3 j"),
        (timedelta(days=1, hours=23, minutes=59), "1 j 23 h"),
        (timedelta(hours=5), "5 h"),
        (timedelta(hours=5, minutes=7, seconds=59), "5 h 7 min"),
        (timedelta(minutes=42), "42 min"),
        (timedelta(seconds=30), "moins d'une minute"),
        (timedelta(hours=-3), "3 h"),
    ],
)
def test_format_duration(duration, text):
    assert format_duration(duration) == text


# --- awareness typed in afterwards ----------------------------------------------


def test_awareness_moved_earlier_shortens_the_remaining_time():
    now = paris(2025, 10, 27, 12, 0)
    first = cnil_clock(paris(2025, 10, 26, 9, 0), now=now)
    earlier = cnil_clock(paris(2025, 10, 25, 9, 0), now=now)
    # One calendar day earlier, across the autumn change, is 25 elapsed hours.
    assert first.remaining - earlier.remaining == timedelta(hours=25)
    assert earlier.remaining < first.remaining
    assert first.label == "il reste 1 j 21 h" and earlier.label == "il reste 20 h"


def test_awareness_moved_earlier_can_make_it_overdue():
    now = paris(2025, 10, 27, 12, 0)
    assert cnil_clock(paris(2025, 10, 26, 9, 0), now=now).state == RUNNING
    # Friday 08:00 UTC+2 + 72 h = Monday 07:00 UTC+1.
    late = cnil_clock(paris(2025, 10, 24, 8, 0), now=now)
    assert late.state == OVERDUE
    assert late.label == "dépassé de 5 h"


# --- naive datetimes -----------------------------------------------------------


@pytest.mark.parametrize("which", ["aware_at", "now", "done_at"])
def test_naive_datetimes_are_refused(which):
    values = {"aware_at": AWARE, "now": AWARE, "done_at": AWARE}
    values[which] = datetime(2025, 6, 2, 8, 30)
    with pytest.raises(ValueError, match=which):
        compute_clock(CNIL_NOTIFICATION, values["aware_at"], values["now"], values["done_at"])


def test_naive_awareness_is_refused_by_deadline_after():
    with pytest.raises(ValueError):
        deadline_after(datetime(2025, 6, 2, 8, 30))


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        compute_clock("ars_report", AWARE, AWARE)


# --- which clocks apply -------------------------------------------------------


def clocks(scenario, personal_data=False, high_risk=False, exercise=False):
    return applicable_clocks(scenario, personal_data_affected=personal_data, high_risk=high_risk, exercise=exercise)


def test_plain_failure_without_personal_data_has_no_clock():
    assert clocks("A") == []


def test_failure_losing_personal_data_starts_the_cnil_clock():
    assert clocks("A", personal_data=True) == [CNIL_NOTIFICATION]


def test_attack_always_starts_the_complaint_clock():
    assert clocks("B") == [POLICE_COMPLAINT]
    assert clocks("B", personal_data=True) == [CNIL_NOTIFICATION, POLICE_COMPLAINT]


def test_high_risk_adds_patient_information():
    assert clocks("B", personal_data=True, high_risk=True) == [CNIL_NOTIFICATION, POLICE_COMPLAINT, PATIENT_INFORMATION]
    assert clocks("A", personal_data=True, high_risk=True) == [CNIL_NOTIFICATION, PATIENT_INFORMATION]


def test_high_risk_without_personal_data_is_ignored():
    assert clocks("A", high_risk=True) == []


def test_drills_have_no_legal_clock():
    assert clocks("B", personal_data=True, high_risk=True, exercise=True) == []


def test_unknown_scenario_is_refused():
    with pytest.raises(ValueError):
        clocks("D")


def test_lost_device_starts_the_cnil_clock_when_data_may_be_exposed_but_no_complaint_clock():
    # Art. L12-10-1 covers attacks on an information system, not the theft of a laptop.
    assert clocks("C") == []
    assert clocks("C", personal_data=True) == [CNIL_NOTIFICATION]
    assert clocks("C", personal_data=True, high_risk=True) == [CNIL_NOTIFICATION, PATIENT_INFORMATION]


# --- personal data at stake, and the breach register (GDPR art. 33(5)) ----------------


@pytest.mark.parametrize(
    "scenario, personal_data, possible",
    [
        ("A", None, False),  # a plain failure: data at stake only once someone says so
        ("A", True, True),
        ("B", None, True),  # an attack not yet assessed: files are likely unavailable
        ("B", False, False),
        ("C", None, True),  # a lost device not yet assessed: files may be readable
        ("C", False, False),
        ("C", True, True),
    ],
)
def test_personal_data_possible(scenario, personal_data, possible):
    assert personal_data_possible(scenario, personal_data) is possible


@pytest.mark.parametrize(
    "scenario, personal_data, status",
    [
        ("A", True, REGISTER_CONFIRMED),
        ("B", True, REGISTER_CONFIRMED),
        ("C", True, REGISTER_CONFIRMED),
        # Undecided while the CNIL clock runs: in the register, "à qualifier".
        ("B", None, REGISTER_TO_QUALIFY),
        ("C", None, REGISTER_TO_QUALIFY),
        # Undecided with no clock running, or decided "no": not a breach.
        ("A", None, None),
        ("A", False, None),
        ("B", False, None),
        ("C", False, None),
    ],
)
def test_register_status(scenario, personal_data, status):
    assert register_status(scenario, personal_data) == status


def test_an_undecided_incident_is_in_the_register_exactly_when_its_cnil_clock_runs():
    for scenario in ("A", "B", "C"):
        for personal_data in (None, True, False):
            runs = CNIL_NOTIFICATION in clocks(scenario, personal_data=personal_data_possible(scenario, personal_data))
            assert (register_status(scenario, personal_data) is not None) is runs, (scenario, personal_data)
