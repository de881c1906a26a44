"""Read models of an incident: its steps, clocks, catch-up totals, closing state, timeline.

Views and the PDF report fetch rows, call these functions and render: the
rules themselves live in clocks.py and closing.py (pure, tested without a
database); here they meet the stored incident.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from incidents import clocks, closing
from incidents.models import CatchUpDay, EntryKind, Incident, PaperSheet, StepMark, TimelineEntry
from incidents.models.incidents import STATUS_FOCUS
from incidents.playbooks import Playbook, Step, get_playbooks
from resilience.sql import CompiledOnce
from resilience.tenancy import compiled_once

NOT_NEEDED = "not_needed"  # a clock the cabinet decided, with a reason, does not apply
MISSED = "missed"  # closed without the duty done

CLOCK_CSS = {
    clocks.RUNNING: "warning",
    clocks.DUE_SOON_STATE: "danger",
    clocks.OVERDUE: "danger",
    clocks.MET: "success",
    clocks.MET_LATE: "warning",
    clocks.NO_FIXED_DEADLINE: "warning",
    NOT_NEEDED: "secondary",
    MISSED: "danger",
}


# --- steps -------------------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    step: Step
    mark: StepMark | None
    playbook_key: str

    @property
    def key(self) -> str:
        return self.step.key

    @property
    def state(self) -> str:
        return self.mark.state if self.mark else closing.OPEN

    @property
    def is_done(self) -> bool:
        return self.state == closing.DONE

    @property
    def is_not_applicable(self) -> bool:
        return self.state == closing.NOT_APPLICABLE

    @property
    def is_open(self) -> bool:
        return self.state == closing.OPEN


@dataclass(frozen=True)
class StepGroup:
    playbook: Playbook
    steps: tuple[StepView, ...]
    focused: bool = False

    @property
    def settled(self) -> int:
        return sum(1 for s in self.steps if not s.is_open)

    @property
    def total(self) -> int:
        return len(self.steps)


def applicable_step(incident: Incident, step_key: str) -> Step | None:
    """The step of one of this incident's playbooks with that key, or None (a forged key)."""
    library = get_playbooks()
    for playbook_key in incident.playbook_keys:
        for step in library.get(playbook_key).steps:
            if step.key == step_key:
                return step
    return None


# An incident's step marks, on the incident page at every visit: built per request, the query cost ~0.3 ms.
STEP_MARKS = compiled_once(
    lambda tenant, incident_id: tenant.scope(StepMark).filter(incident=incident_id).select_related("marked_by"), int
)


def step_groups(incident: Incident, marks: list[StepMark] | None = None) -> list[StepGroup]:
    """`marks`: the incident's step marks when already read (`tenant.fetch(STEP_MARKS, incident.pk)`)."""
    library = get_playbooks()
    if marks is None:
        marks = incident.step_marks.select_related("marked_by")
    marks = {mark.step_key: mark for mark in marks}
    focus = STATUS_FOCUS[incident.status]
    focus_key = incident.scenario_playbook if focus == "scenario" else focus
    return [
        StepGroup(
            playbook,
            tuple(StepView(step, marks.get(step.key), playbook.key) for step in playbook.steps),
            focused=playbook.key == focus_key,
        )
        for playbook in (library.get(key) for key in incident.playbook_keys)
    ]


def step_view(incident: Incident, step: Step) -> StepView:
    mark = incident.step_marks.filter(step_key=step.key).select_related("marked_by").first()
    playbook_key = next(p for p in incident.playbook_keys if step.key in get_playbooks().get(p).step_keys())
    return StepView(step, mark, playbook_key)


def next_step(groups: list[StepGroup]) -> StepView | None:
    """The first open step, in the focused playbook first."""
    ordered = sorted(groups, key=lambda g: not g.focused)
    for group in ordered:
        for step in group.steps:
            if step.is_open:
                return step
    return None


# --- clocks ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClockView:
    kind: str
    title: str
    basis: str
    source: str
    state: str
    label: str
    deadline: datetime | None
    done_at: datetime | None
    note: str = ""

    @property
    def css(self) -> str:
        return CLOCK_CSS.get(self.state, "secondary")

    @property
    def text_css(self) -> str:
        """Bootstrap's plain yellow text is unreadable on white: its darker shade instead."""
        return "warning-emphasis" if self.css == "warning" else self.css

    @property
    def running(self) -> bool:
        return self.state in (clocks.RUNNING, clocks.DUE_SOON_STATE, clocks.OVERDUE)

    @property
    def outcome(self) -> str:
        """Met or missed, in words, for the report."""
        return {
            clocks.MET: "respecté",
            clocks.MET_LATE: "fait en retard",
            clocks.OVERDUE: "dépassé",
            MISSED: "non fait",
            NOT_NEEDED: "sans objet (décision motivée)",
            clocks.NO_FIXED_DEADLINE: "sans délai fixé",
        }.get(self.state, "en cours")


def clock_views(incident: Incident, now: datetime | None = None) -> list[ClockView]:
    now = now or timezone.now()
    if incident.closed_at:
        now = min(now, incident.closed_at)
    kinds = clocks.applicable_clocks(
        incident.scenario,
        personal_data_affected=incident.personal_data_possible,
        high_risk=incident.high_risk,
        exercise=False,
    )
    views = []
    for kind in kinds:
        rule = clocks.RULES[kind]
        done_at, not_needed, note = None, False, ""
        if kind == clocks.CNIL_NOTIFICATION:
            done_at = incident.cnil_notified_at
            not_needed = incident.notify_cnil is False
            if incident.personal_data is None:
                note = "Données de patients touchées ? À confirmer."
        elif kind == clocks.POLICE_COMPLAINT:
            done_at = incident.complaint_filed_at
        elif kind == clocks.PATIENT_INFORMATION:
            done_at = incident.patients_informed_at
            not_needed = bool(incident.patients_exemption)
        clock = clocks.compute_clock(kind, incident.aware_at, now, done_at)
        state, label = clock.state, clock.label
        if not_needed and not clock.done:
            state, label = NOT_NEEDED, "pas nécessaire : décision motivée"
        elif incident.closed_at and not clock.done:
            state, label = MISSED, "non fait"
        views.append(
            ClockView(kind, rule.title, rule.basis, rule.source, state, label, clock.deadline, done_at, note)
        )
    return views


def cnil_delay_reason_needed(incident: Incident, views: list[ClockView] | None = None) -> bool:
    """Past the 72 hours (notified late, or not yet and still meaning to) with no reason written."""
    if incident.cnil_delay_reason.strip() or incident.notify_cnil is False:
        return False
    for view in views if views is not None else clock_views(incident):
        if view.kind == clocks.CNIL_NOTIFICATION:
            return view.state in (clocks.OVERDUE, clocks.MET_LATE, MISSED)
    return False


# --- catch-up ----------------------------------------------------------------------


@dataclass(frozen=True)
class CatchUpTotals:
    consultations: int = 0
    sheets_pending: int = 0
    acts_pending: int = 0
    sheets_typed: int = 0
    acts_billed: int = 0
    numbered_sheets: int = 0

    @property
    def all_done(self) -> bool:
        return not self.sheets_pending and not self.acts_pending


def _totals_columns() -> dict:
    """An incident's catch-up sums as subqueries on its row: its days' counters and its numbered sheets."""
    def column(rows, aggregate):
        return Coalesce(Subquery(rows.annotate(value=aggregate).values("value"), output_field=IntegerField()), 0)

    days = CatchUpDay.objects.filter(incident=OuterRef("pk")).order_by().values("incident")
    sheets = PaperSheet.objects.filter(incident=OuterRef("pk")).order_by().values("incident")
    return {
        "catch_up_consultations": column(days, Sum("consultations")),
        "catch_up_typed": column(days, Sum("sheets_typed")),
        "catch_up_noted": column(days, Sum("acts_noted")),
        "catch_up_billed": column(days, Sum("acts_billed")),
        "catch_up_sheets": column(sheets, Count("id")),
        "catch_up_sheets_untyped": column(sheets, Count("id", filter=Q(typed_at__isnull=True))),
        "catch_up_sheets_unbilled": column(sheets, Count("id", filter=Q(to_bill=True, billed_at__isnull=True))),
        "catch_up_sheets_billed": column(sheets, Count("id", filter=Q(to_bill=True, billed_at__isnull=False))),
    }


def with_catch_up_totals(incidents):
    """The incidents' query carrying their catch-up sums: `catch_up_totals` then reads them, with no query of its own.

    For the pages that read an incident and show its totals on every visit (incident, catch-up, closing): one
    round trip fewer.
    """
    return incidents.annotate(**_totals_columns())


# For an incident read without them: building two aggregates cost ~1.5 ms of ORM Python a visit.
_TOTALS = CompiledOnce(lambda incident_pk: Incident.objects.filter(pk=incident_pk).values(**_totals_columns()))


def catch_up_totals(incident: Incident) -> CatchUpTotals:
    """From the incident's row when read `with_catch_up_totals`, else by one query compiled once per process (the
    incident was read through the tenancy: its cabinet's)."""
    row = vars(incident) if hasattr(incident, "catch_up_sheets") else _TOTALS.first(incident.pk)
    if row is None:
        return CatchUpTotals()
    consultations, typed, noted, billed = (row[f"catch_up_{name}"] for name in ("consultations", "typed", "noted", "billed"))
    sheets, untyped, unbilled, billed_sheets = (row[f"catch_up_sheets{name}"] for name in ("", "_untyped", "_unbilled", "_billed"))
    return CatchUpTotals(
        consultations=consultations + sheets,
        sheets_pending=consultations - typed + untyped,
        acts_pending=noted - billed + unbilled,
        sheets_typed=typed + sheets - untyped,
        acts_billed=billed + billed_sheets,
        numbered_sheets=sheets,
    )


# --- closing -----------------------------------------------------------------------


def closing_state(incident: Incident, groups=None, totals=None, views=None) -> closing.ClosingState:
    groups = groups if groups is not None else step_groups(incident)
    totals = totals or catch_up_totals(incident)
    decision = None
    if incident.notify_cnil is not None:
        decision = closing.NotificationDecision(incident.notify_cnil, incident.notify_reason)
    return closing.ClosingState(
        steps=tuple(
            closing.StepStatus(s.key, s.state, s.mark.reason if s.mark else "", s.step.text)
            for group in groups
            for s in group.steps
        ),
        sheets_to_type=totals.sheets_pending,
        acts_to_bill=totals.acts_pending,
        personal_data_affected=incident.personal_data_possible,
        notification_decision=decision,
        notification_pending=incident.notify_cnil is True and incident.cnil_notified_at is None,
        delay_reason_missing=cnil_delay_reason_needed(incident, views),
    )


# --- timeline ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    occurred_at: datetime
    kind: str
    text: str
    author: object = None
    recorded_at: datetime | None = None
    computed: bool = False  # a clock event derived from the dates, not a stored row
    data: dict = field(default_factory=dict)

    @property
    def typed_later(self) -> bool:
        return bool(self.recorded_at) and (self.recorded_at - self.occurred_at).total_seconds() > 300

    @property
    def kind_label(self) -> str:
        return EntryKind(self.kind).label if self.kind in EntryKind.values else self.kind


# An incident's journal entries, on the incident page at every visit: built per request, the query cost ~0.3 ms.
ENTRIES = compiled_once(
    lambda tenant, incident_id: tenant.scope(TimelineEntry).filter(incident=incident_id).select_related("author"), int
)


def timeline(
    incident: Incident,
    now: datetime | None = None,
    views: list[ClockView] | None = None,
    entries: list[TimelineEntry] | None = None,
) -> list[TimelineItem]:
    """Every stored entry, plus the clock events: awareness (clocks start) and passed deadlines.

    `entries`: the incident's entries when already read (`tenant.fetch(ENTRIES, incident.pk)`).
    """
    now = now or timezone.now()
    if entries is None:
        entries = incident.entries.select_related("author")
    items = [TimelineItem(e.occurred_at, e.kind, e.text, e.author, e.recorded_at, False, e.data) for e in entries]
    items.append(TimelineItem(incident.aware_at, EntryKind.CLOCK, "Prise de connaissance de l'incident : les délais légaux partent de cette heure.", computed=True))
    for view in views if views is not None else clock_views(incident, now):
        if view.deadline and view.deadline <= now and view.state != NOT_NEEDED:
            outcome = "fait à temps" if view.state == clocks.MET else "non fait à cette heure-là"
            if view.state == clocks.MET_LATE:
                outcome = "fait plus tard, en retard"
            items.append(TimelineItem(view.deadline, EntryKind.CLOCK, f"Fin du délai de 72 h : {view.title} ({outcome}).", computed=True))
    return sorted(items, key=lambda item: (item.occurred_at, item.recorded_at or item.occurred_at))
