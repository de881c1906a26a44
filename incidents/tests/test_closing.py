"""Closing an incident: what blocks it, and the written reason to close anyway."""

import pytest

from incidents.closing import (
    ACTS_PENDING,
    DONE,
    NOT_APPLICABLE,
    NOTIFICATION_DECISION_MISSING,
    NOTIFICATION_REASON_MISSING,
    OPEN,
    SHEETS_PENDING,
    STEP_OPEN,
    STEP_REASON_MISSING,
    ClosingState,
    NotificationDecision,
    StepStatus,
    closing_problems,
    may_close,
    validate_override_reason,
)


def codes(state):
    return [p.code for p in closing_problems(state)]


def test_everything_done_closes_cleanly():
    state = ClosingState(
        steps=(StepStatus("exit_catch_up", DONE), StepStatus("b_report_ars", NOT_APPLICABLE, reason="Exercice")),
        personal_data_affected=True,
        notification_decision=NotificationDecision(notify=True),
    )
    assert closing_problems(state) == []
    assert may_close(state)


def test_open_step_blocks_and_names_it():
    state = ClosingState(steps=(StepStatus("exit_test_usb", OPEN, text="Testez la clé USB de secours."),))
    [problem] = closing_problems(state)
    assert problem.code == STEP_OPEN
    assert problem.step_key == "exit_test_usb"
    assert "Testez la clé USB de secours." in problem.message


def test_not_applicable_needs_a_reason():
    blank = ClosingState(steps=(StepStatus("b_report_ars", NOT_APPLICABLE, reason="   "),))
    assert codes(blank) == [STEP_REASON_MISSING]
    assert closing_problems(blank)[0].message.endswith("b_report_ars")  # falls back to the key


def test_pending_catch_up_blocks_with_counts():
    problems = closing_problems(ClosingState(sheets_to_type=4, acts_to_bill=1))
    assert [p.code for p in problems] == [SHEETS_PENDING, ACTS_PENDING]
    assert "4 fiches papier" in problems[0].message
    assert "1 acte à facturer" in problems[1].message


def test_personal_data_needs_a_notification_decision():
    assert codes(ClosingState(personal_data_affected=True)) == [NOTIFICATION_DECISION_MISSING]


def test_not_notifying_needs_a_reason():
    no_reason = ClosingState(personal_data_affected=True, notification_decision=NotificationDecision(notify=False, reason=" "))
    assert codes(no_reason) == [NOTIFICATION_REASON_MISSING]
    reasoned = ClosingState(
        personal_data_affected=True,
        notification_decision=NotificationDecision(notify=False, reason="Panne de 20 min, aucune donnée perdue"),
    )
    assert codes(reasoned) == []


def test_no_personal_data_no_decision_needed():
    assert codes(ClosingState(personal_data_affected=False)) == []


def test_legal_problems_come_first():
    state = ClosingState(steps=(StepStatus("x", OPEN),), sheets_to_type=2, personal_data_affected=True)
    assert codes(state) == [NOTIFICATION_DECISION_MISSING, SHEETS_PENDING, STEP_OPEN]


def test_invalid_data_is_refused():
    with pytest.raises(ValueError):
        StepStatus("x", "skipped")
    with pytest.raises(ValueError):
        ClosingState(acts_to_bill=-1)


# --- closing anyway ---------------------------------------------------------------


@pytest.mark.parametrize("reason", [None, "", "   ", "ok", "  123456789  ", "a    b    c"])
def test_thin_override_reasons_are_refused(reason):
    with pytest.raises(ValueError, match="10 caractères"):
        validate_override_reason(reason)


def test_override_reason_is_stripped():
    assert validate_override_reason("  Prestataire injoignable, ressaisie la semaine prochaine \n") == (
        "Prestataire injoignable, ressaisie la semaine prochaine"
    )


def test_may_close_with_problems_only_with_a_reason():
    state = ClosingState(acts_to_bill=3)
    assert not may_close(state)
    assert not may_close(state, "ok")
    assert may_close(state, "Facturation faite par le remplaçant")


def test_deciding_to_notify_is_not_enough_the_notification_must_be_recorded():
    from incidents.closing import NOTIFICATION_PENDING

    state = ClosingState(personal_data_affected=True, notification_decision=NotificationDecision(notify=True), notification_pending=True)
    assert codes(state) == [NOTIFICATION_PENDING]


def test_past_72_hours_the_reason_for_the_delay_is_required():
    from incidents.closing import DELAY_REASON_MISSING

    state = ClosingState(personal_data_affected=True, notification_decision=NotificationDecision(notify=True), delay_reason_missing=True)
    assert codes(state) == [DELAY_REASON_MISSING]
    assert "raison du retard" in closing_problems(state)[0].message
