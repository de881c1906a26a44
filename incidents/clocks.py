"""The legal clocks that start when a cabinet becomes aware of an incident.

- CNIL notification (GDPR art. 33): at the latest 72 hours after becoming aware
  of a personal-data breach. A loss of availability counts: files encrypted by
  ransomware are a breach even if nothing leaked.
- Police complaint (Code des assurances, art. L12-10-1): a cyber-insurer pays
  only if the complaint was filed at the latest 72 hours after the victim learnt
  of the attack. Only a suspected attack (scenario B) is concerned; a lost or
  stolen device (scenario C) calls for a complaint too, but no law sets its delay.
- Patient information (GDPR art. 34): when the risk is high, "sans délai
  injustifié"; the law sets no number of hours, so this clock has no deadline.

The 72 hours are elapsed hours, not wall-clock hours: across a daylight-saving
change the deadline shows one hour earlier or later on the clock. All arithmetic
is therefore done in UTC and only the result is shown in Paris time. (Python adds
a timedelta to an aware datetime in wall-clock time, and subtracts two datetimes
sharing a tzinfo in wall-clock time too: both would be an hour off here.)

Naive datetimes are refused rather than guessed: the caller knows whether a value
typed in a form is Paris time; these functions cannot.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
LEGAL_DELAY = timedelta(hours=72)
DUE_SOON = timedelta(hours=12)

# Clock kinds (stored).
CNIL_NOTIFICATION = "cnil_notification"
POLICE_COMPLAINT = "police_complaint"
PATIENT_INFORMATION = "patient_information"

# States.
RUNNING = "running"
DUE_SOON_STATE = "due_soon"
OVERDUE = "overdue"
MET = "met"
MET_LATE = "met_late"
NO_FIXED_DEADLINE = "no_fixed_deadline"

SCENARIOS = ("A", "B", "C")
# Scenarios where personal data are at stake until someone says otherwise: an attack
# (files made unavailable) and a lost or stolen device (files possibly exposed).
DATA_AT_RISK_SCENARIOS = ("B", "C")

# Lines of the breach register (GDPR art. 33(5)).
REGISTER_CONFIRMED = "confirmed"
REGISTER_TO_QUALIFY = "to_qualify"


@dataclass(frozen=True)
class ClockRule:
    """What a clock is, for the interface and the incident report."""

    kind: str
    title: str
    basis: str
    delay: timedelta | None
    source: str


RULES = {
    CNIL_NOTIFICATION: ClockRule(
        CNIL_NOTIFICATION,
        "Notification à la CNIL",
        "RGPD, art. 33 : au plus tard 72 h après en avoir pris connaissance",
        LEGAL_DELAY,
        "https://www.cnil.fr/fr/notifier-une-violation-de-donnees-personnelles",
    ),
    POLICE_COMPLAINT: ClockRule(
        POLICE_COMPLAINT,
        "Plainte (condition de l'assurance cyber)",
        "Code des assurances, art. L12-10-1 : au plus tard 72 h après la découverte de l'attaque",
        LEGAL_DELAY,
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047048152",
    ),
    PATIENT_INFORMATION: ClockRule(
        PATIENT_INFORMATION,
        "Information des patients",
        "RGPD, art. 34 : sans délai injustifié si le risque est élevé",
        None,
        "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32016R0679",
    ),
}


@dataclass(frozen=True)
class Clock:
    """One clock at one instant.

    remaining is deadline - now while open (negative once overdue) and
    deadline - done_at once done (the margin kept, negative if late); None when
    the law sets no deadline.
    """

    kind: str
    aware_at: datetime
    deadline: datetime | None
    remaining: timedelta | None
    state: str
    label: str

    @property
    def done(self) -> bool:
        return self.state in (MET, MET_LATE)


def _require_aware(value, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} is a naive datetime; convert it to an aware one (Europe/Paris) first")
    return value


def deadline_after(aware_at: datetime, delay: timedelta = LEGAL_DELAY) -> datetime:
    """aware_at + delay in elapsed time, expressed in Paris time."""
    _require_aware(aware_at, "aware_at")
    return (aware_at.astimezone(UTC) + delay).astimezone(PARIS)


def format_duration(duration: timedelta) -> str:
    """A duration in short French, floored to the minute: '2 j 5 h', '3 h 20 min'.

    Flooring never shows more time left than there is. Beyond a day the minutes
    are noise for someone under stress; under a day they matter.
    """
    minutes = abs(duration) // timedelta(minutes=1)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} j {hours} h" if hours else f"{days} j"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return "moins d'une minute"


def compute_clock(kind: str, aware_at: datetime, now: datetime, done_at: datetime | None = None) -> Clock:
    """The state of one clock at `now`; `done_at` is when the duty was fulfilled."""
    if kind not in RULES:
        raise ValueError(f"unknown clock kind {kind!r}")
    _require_aware(aware_at, "aware_at")
    now = _require_aware(now, "now").astimezone(UTC)
    if done_at is not None:
        done_at = _require_aware(done_at, "done_at").astimezone(UTC)
    rule = RULES[kind]

    if rule.delay is None:
        if done_at is not None:
            return Clock(kind, aware_at, None, None, MET, "fait")
        return Clock(kind, aware_at, None, None, NO_FIXED_DEADLINE, "sans délai injustifié")

    deadline = deadline_after(aware_at, rule.delay)
    deadline_utc = deadline.astimezone(UTC)
    if done_at is not None:
        margin = deadline_utc - done_at
        if margin >= timedelta(0):
            return Clock(kind, aware_at, deadline, margin, MET, "fait dans le délai")
        return Clock(kind, aware_at, deadline, margin, MET_LATE, f"fait avec {format_duration(margin)} de retard")

    remaining = deadline_utc - now
    if remaining < timedelta(0):
        return Clock(kind, aware_at, deadline, remaining, OVERDUE, f"dépassé de {format_duration(remaining)}")
    state = DUE_SOON_STATE if remaining < DUE_SOON else RUNNING
    return Clock(kind, aware_at, deadline, remaining, state, f"il reste {format_duration(remaining)}")


def cnil_clock(aware_at: datetime, now: datetime, done_at: datetime | None = None) -> Clock:
    return compute_clock(CNIL_NOTIFICATION, aware_at, now, done_at)


def complaint_clock(aware_at: datetime, now: datetime, done_at: datetime | None = None) -> Clock:
    return compute_clock(POLICE_COMPLAINT, aware_at, now, done_at)


def patient_information_clock(aware_at: datetime, now: datetime, done_at: datetime | None = None) -> Clock:
    return compute_clock(PATIENT_INFORMATION, aware_at, now, done_at)


def personal_data_possible(scenario: str, personal_data: bool | None) -> bool:
    """Whether personal data may be touched: confirmed, or not assessed yet where data are at risk."""
    return personal_data is True or (personal_data is None and scenario in DATA_AT_RISK_SCENARIOS)


def register_status(scenario: str, personal_data: bool | None) -> str | None:
    """An incident's line in the breach register (GDPR art. 33(5)).

    Every breach is documented, notified or not. An incident whose personal-data
    involvement is still undecided while the CNIL clock runs is listed too, as
    "à qualifier": leaving it out would hide a breach from the register exactly
    when the 72 hours are running. Answering "no" removes it; "yes" confirms it.
    """
    if personal_data is True:
        return REGISTER_CONFIRMED
    if personal_data_possible(scenario, personal_data):
        return REGISTER_TO_QUALIFY
    return None


def applicable_clocks(scenario: str, *, personal_data_affected: bool, high_risk: bool, exercise: bool) -> list[str]:
    """Which legal clocks an incident starts, in display order.

    - A drill starts none: nothing happened to anyone's data.
    - Personal data possibly affected (including mere unavailability): CNIL.
    - Scenario B (suspected attack): the complaint that conditions the cyber-insurance.
      A plain failure (A) is not an attack on the system, so no complaint clock; a
      lost or stolen device (C) is not one either (art. L12-10-1 covers attacks on an
      information system): its complaint is a playbook step, without a legal clock.
    - Patient information only follows a high risk to personal data; a "high risk"
      without personal data concerned is meaningless and ignored.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, got {scenario!r}")
    if exercise:
        return []
    kinds = []
    if personal_data_affected:
        kinds.append(CNIL_NOTIFICATION)
    if scenario == "B":
        kinds.append(POLICE_COMPLAINT)
    if personal_data_affected and high_risk:
        kinds.append(PATIENT_INFORMATION)
    return kinds
