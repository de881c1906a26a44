"""What still stands in the way of closing an incident.

An incident closed too early is how paper sheets never get typed back, acts
never get billed and a CNIL decision is never taken. So closing lists the open
points; the cabinet may still close anyway, but only with a written reason that
goes into the incident report (a real sentence, not "ok").

Plain data in, plain data out: the view builds a ClosingState from the database.
"""

from dataclasses import dataclass, field

DONE = "done"
NOT_APPLICABLE = "not_applicable"
OPEN = "open"
STEP_STATUSES = (DONE, NOT_APPLICABLE, OPEN)

MIN_OVERRIDE_REASON_LENGTH = 10

# Problem codes (stable; the interface may style or link by code).
NOTIFICATION_DECISION_MISSING = "notification_decision_missing"
NOTIFICATION_REASON_MISSING = "notification_reason_missing"
NOTIFICATION_PENDING = "notification_pending"
DELAY_REASON_MISSING = "delay_reason_missing"
SHEETS_PENDING = "sheets_pending"
ACTS_PENDING = "acts_pending"
STEP_OPEN = "step_open"
STEP_REASON_MISSING = "step_reason_missing"


@dataclass(frozen=True)
class StepStatus:
    """A playbook step in one incident; `text` is only used in messages."""

    key: str
    status: str
    reason: str = ""
    text: str = ""

    def __post_init__(self):
        if self.status not in STEP_STATUSES:
            raise ValueError(f"unknown step status {self.status!r}")


@dataclass(frozen=True)
class NotificationDecision:
    """Notify the CNIL or not; not notifying must be justified (GDPR art. 33(5))."""

    notify: bool
    reason: str = ""


@dataclass(frozen=True)
class ClosingState:
    steps: tuple[StepStatus, ...] = field(default_factory=tuple)
    sheets_to_type: int = 0  # paper sheets not yet typed back into the practice software
    acts_to_bill: int = 0  # acts on the deferred-billing sheet not yet billed
    personal_data_affected: bool = False
    notification_decision: NotificationDecision | None = None
    notification_pending: bool = False  # decided to notify, but no notification recorded yet
    delay_reason_missing: bool = False  # the 72 hours passed and no reason for the delay is written

    def __post_init__(self):
        if self.sheets_to_type < 0 or self.acts_to_bill < 0:
            raise ValueError("catch-up counts cannot be negative")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    step_key: str = ""


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def closing_problems(state: ClosingState) -> list[Problem]:
    """The blocking problems, legal duties first, then catch-up, then steps."""
    problems = []
    decision = state.notification_decision
    if state.personal_data_affected:
        if decision is None:
            problems.append(
                Problem(
                    NOTIFICATION_DECISION_MISSING,
                    "Des données personnelles sont touchées : indiquez si vous notifiez la CNIL ou non.",
                )
            )
        elif not decision.notify and not decision.reason.strip():
            problems.append(
                Problem(
                    NOTIFICATION_REASON_MISSING,
                    "Vous ne notifiez pas la CNIL : écrivez pourquoi, cette justification doit être conservée.",
                )
            )
        if state.notification_pending:
            problems.append(
                Problem(
                    NOTIFICATION_PENDING,
                    "Vous avez décidé de notifier la CNIL : indiquez quand la notification a été faite.",
                )
            )
        if state.delay_reason_missing:
            problems.append(
                Problem(
                    DELAY_REASON_MISSING,
                    "Le délai de 72 heures pour la CNIL est dépassé : écrivez la raison du retard.",
                )
            )
    if state.sheets_to_type:
        problems.append(
            Problem(
                SHEETS_PENDING,
                f"Il reste {_plural(state.sheets_to_type, 'fiche papier', 'fiches papier')} "
                "à ressaisir dans le logiciel métier.",
            )
        )
    if state.acts_to_bill:
        problems.append(
            Problem(
                ACTS_PENDING,
                f"Il reste {_plural(state.acts_to_bill, 'acte', 'actes')} à facturer "
                "(feuille de suivi facturation différée).",
            )
        )
    for step in state.steps:
        label = step.text or step.key
        if step.status == OPEN:
            problems.append(Problem(STEP_OPEN, f"Étape non terminée : {label}", step.key))
        elif step.status == NOT_APPLICABLE and not step.reason.strip():
            problems.append(
                Problem(STEP_REASON_MISSING, f"Étape marquée sans objet sans raison : {label}", step.key)
            )
    return problems


def validate_override_reason(reason: str | None) -> str:
    """Return the reason to close despite problems, stripped; ValueError if too thin.

    Whitespace runs count as one character, so padding does not pass for content.
    """
    cleaned = (reason or "").strip()
    if len(" ".join(cleaned.split())) < MIN_OVERRIDE_REASON_LENGTH:
        raise ValueError(
            f"Expliquez en quelques mots pourquoi vous clôturez malgré tout "
            f"({MIN_OVERRIDE_REASON_LENGTH} caractères au moins)."
        )
    return cleaned


def may_close(state: ClosingState, override_reason: str | None = None) -> bool:
    """True when nothing blocks, or when a sufficient reason to override is given."""
    if not closing_problems(state):
        return True
    try:
        validate_override_reason(override_reason)
    except ValueError:
        return False
    return True
