"""The database side of the self-assessment: start, answer, finish, follow up.

Every function takes the request's tenant or an object already reached through
it, so no query escapes the current cabinet. The rules themselves (scores,
plan, progress) are the pure functions of scoring.py, progress.py and results.py.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resilience import audit
from resilience.assessment import scoring
from resilience.assessment.links import action_url
from resilience.assessment.questionnaire import Action, get_questionnaire
from resilience.assessment.results import PlanEntry, Result, build_result
from resilience.statistics import summary
from resilience.models import OPEN_STATUSES, ActionItem, ActionStatus, Answer, Assessment
from resilience.tenancy import compiled_once

HISTORY_LENGTH = 10  # finished assessments drawn in the score history


def answers_by_assessment(rows) -> dict[int, dict[str, str]]:
    """{assessment id: {question key: code}} from (assessment_id, question_key, code) rows."""
    found: dict[int, dict[str, str]] = {}
    for assessment_id, key, code in rows:
        found.setdefault(assessment_id, {})[key] = code
    return found


def _answers_of_two(tenant, assessment_id, other_id):
    return tenant.scope(Answer).filter(assessment_id__in=[assessment_id, other_id]).values_list(
        "assessment_id", "question_key", "code"
    )


ANSWERS_OF_TWO = compiled_once(_answers_of_two, int, int)  # every theme page and the review read them


def load_answers(tenant, assessment) -> tuple[dict[str, str], dict[str, str]]:
    """The answers of an assessment and of the one it compares with, in one query."""
    rows = tenant.fetch_rows(ANSWERS_OF_TWO, assessment.pk, assessment.previous_id or assessment.pk)
    found = answers_by_assessment(rows)
    return found.get(assessment.pk, {}), found.get(assessment.previous_id, {})


def _assessment(tenant, assessment_id, *, for_update):
    queryset = Assessment.objects.select_for_update(of=("self",)) if for_update else Assessment.objects.all()
    newer = Assessment.objects.finished().filter(cabinet=OuterRef("cabinet"), finished_at__gt=OuterRef("finished_at"))
    return tenant.scope(queryset.select_related("previous").annotate(superseded=Exists(newer))).filter(pk=assessment_id)


# Every page of an assessment reads it first: built once per process, with and without the lock.
ASSESSMENT = compiled_once(lambda tenant, assessment_id: _assessment(tenant, assessment_id, for_update=False), int)
ASSESSMENT_FOR_UPDATE = compiled_once(lambda tenant, assessment_id: _assessment(tenant, assessment_id, for_update=True), int)


def get_assessment(tenant, assessment_id, *, for_update=False):
    """The cabinet's assessment (404 otherwise), locked when it is about to change.

    `superseded` says whether a later assessment was finished since: its plan is
    then history, and the follow-up happens on the newer one.

    The lock serialises answering and finishing: an answer can't slip into an
    assessment in the instant it is being finished.
    """
    return tenant.fetch_one(ASSESSMENT_FOR_UPDATE if for_update else ASSESSMENT, assessment_id)


def in_progress(tenant):
    return tenant.scope(Assessment).in_progress().first()


def start(tenant, user) -> tuple[Assessment, bool]:
    """The cabinet's assessment in progress, created blank if there is none.

    One assessment in progress per cabinet: the partial unique constraint
    refuses a second one, so two members starting at the same instant end up
    answering the same assessment.
    """
    existing = in_progress(tenant)
    if existing is not None:
        return existing, False
    previous = tenant.scope(Assessment).finished().order_by("-finished_at").first()
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                cabinet=tenant.cabinet,
                questionnaire_version=get_questionnaire().version,
                previous=previous,
                started_at=timezone.now(),
                started_by=user,
            )
    except IntegrityError:
        return tenant.scope(Assessment).in_progress().get(), False
    audit.record(tenant.cabinet, user, "assessment.start", _("Autodiagnostic commencé"))
    return assessment, True


def save_answers(assessment, answers: dict[str, str], user) -> None:
    """Store each answer in its own row: saving one never overwrites another."""
    for key, code in answers.items():
        Answer.objects.update_or_create(
            cabinet_id=assessment.cabinet_id,
            assessment=assessment,
            question_key=key,
            defaults={"code": code, "answered_by": user},
        )


def answered_keys(tenant, assessment) -> set[str]:
    return set(tenant.scope(Answer).filter(assessment=assessment).values_list("question_key", flat=True))


# --- Finishing: scores and action items ---------------------------------------


def carried_over(previous: ActionItem | None, worse: bool = False) -> dict:
    """What an action item keeps from the same action in the previous plan.

    The owner, due date and decision stay: the cabinet should not have to redo
    its follow-up. An action marked "fait" that the new answers trigger again
    goes back to "à faire": the answers say the gap is still there. An action
    "non retenu" re-opens when the answers behind it got worse: the reason given
    then is kept on the item, for the cabinet to see what it decided and why.
    """
    if previous is None:
        return {}
    reopen = previous.status == ActionStatus.DONE or (previous.status == ActionStatus.DROPPED and worse)
    status = ActionStatus.TODO if reopen else previous.status
    return {
        "status": status,
        "owner_id": previous.owner_id,
        "due_date": None if previous.status == ActionStatus.DONE else previous.due_date,
        "dropped_reason": previous.dropped_reason if previous.status == ActionStatus.DROPPED else "",
    }


def cabinet_questionnaire(tenant, version=None):
    """A questionnaire version as this cabinet is asked it: without the questions meant for other professions.

    The cabinet's practitioner rows are fetched once per request (prefetched on the
    tenant's cabinet object), however many versions a page reads.
    """
    prefetch_related_objects([tenant.cabinet], "practitioner_counts")
    return get_questionnaire(version).for_professions(tenant.cabinet.profession_codes)


def finish(tenant, assessment, user) -> Assessment:
    """Score the assessment, turn its plan into action items and close it."""
    questionnaire = cabinet_questionnaire(tenant, assessment.questionnaire_version)
    all_answers, all_previous_answers = load_answers(tenant, assessment)
    answers = {k: c for k, c in all_answers.items() if questionnaire.has_question(k)}
    plan = scoring.action_plan(questionnaire, answers)
    previous_items, severity, previous_severity = {}, scoring.action_severity(questionnaire, answers), {}
    if assessment.previous_id:
        previous = tenant.scope(ActionItem).filter(assessment_id=assessment.previous_id)
        previous_items = {item.action_key: item for item in previous}
        old_questionnaire = get_questionnaire(assessment.previous.questionnaire_version)
        old_answers = {k: c for k, c in all_previous_answers.items() if old_questionnaire.has_question(k)}
        previous_severity = scoring.action_severity(old_questionnaire, old_answers)
    ActionItem.objects.bulk_create(
        ActionItem(
            cabinet_id=assessment.cabinet_id,
            assessment=assessment,
            action_key=item.action,
            rank=item.rank,
            position=position,
            answer=item.answer,
            **carried_over(
                previous_items.get(item.action), worse=severity.get(item.action, 0) > previous_severity.get(item.action, 0)
            ),
        )
        for position, item in enumerate(plan)
    )
    assessment.score = scoring.overall_score(questionnaire, answers)
    assessment.theme_scores = scoring.theme_scores(questionnaire, answers)
    assessment.finished_at = timezone.now()
    assessment.finished_by = user
    assessment.save(update_fields=["score", "theme_scores", "finished_at", "finished_by"])
    summary.write(assessment, answers, questionnaire)  # what the URPS statistics aggregate
    audit.record(
        tenant.cabinet,
        user,
        "assessment.finish",
        ngettext(
            "Autodiagnostic terminé : score %(score)s/100, %(count)s action au plan",
            "Autodiagnostic terminé : score %(score)s/100, %(count)s actions au plan",
            len(plan),
        )
        % {"score": "–" if assessment.score is None else assessment.score, "count": len(plan)},
        {"score": assessment.score, "actions": len(plan)},
    )
    return assessment


# --- Displaying a finished assessment -----------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """An action of the plan with its follow-up and the page of the product that helps."""

    entry: PlanEntry
    item: ActionItem | None
    url: str | None

    @property
    def action(self) -> Action:
        return self.entry.action


@dataclass(frozen=True)
class ResultView:
    assessment: Assessment
    result: Result
    rows: tuple[PlanRow, ...]
    is_current: bool  # the latest finished assessment: its actions are the ones followed up

    @property
    def priorities(self):
        return self.rows[: scoring.PRIORITY_COUNT]

    @property
    def later(self):
        return self.rows[scoring.PRIORITY_COUNT :]


def result_view(tenant, assessment) -> ResultView:
    """Everything the result page and its PDF show, in a fixed number of queries."""
    answers, previous_answers = load_answers(tenant, assessment)
    questionnaire = cabinet_questionnaire(tenant, assessment.questionnaire_version)
    previous = None
    if assessment.previous_id:
        previous = (cabinet_questionnaire(tenant, assessment.previous.questionnaire_version), previous_answers)
    result = build_result(questionnaire, answers, previous)
    items = {
        item.action_key: item
        for item in tenant.scope(ActionItem).filter(assessment=assessment).select_related("owner__user")
    }
    rows = tuple(PlanRow(entry, items.get(entry.action.key), action_url(entry.action)) for entry in result.plan)
    return ResultView(assessment, result, rows, is_current=not is_superseded(tenant, assessment))


def is_superseded(tenant, assessment) -> bool:
    if hasattr(assessment, "superseded"):  # annotated by get_assessment
        return assessment.superseded
    return tenant.scope(Assessment).finished().filter(finished_at__gt=assessment.finished_at).exists()


def update_action_item(tenant, form, user) -> ActionItem:
    """Save the follow-up form of an action item and record what changed."""
    fields = ["status", "owner", "due_date", "dropped_reason"]
    before = {field: _shown(form.initial_instance_values[field]) for field in fields}
    item = form.save()
    after = {field: _shown(getattr(item, field)) for field in fields}
    changes = audit.diff(before, after)
    if changes:
        action = get_questionnaire(item.assessment.questionnaire_version).action(item.action_key)
        audit.record(
            tenant.cabinet,
            user,
            "action_item.update",
            _("Action « %(title)s » : %(status)s") % {"title": action.title, "status": item.get_status_display()},
            changes,
        )
    return item


def _shown(value):
    """A readable value for the history: a member's name rather than an id."""
    if hasattr(value, "user"):
        return value.user.display_name
    return value if value is None or isinstance(value, str) else str(value)


# --- Score history and the dashboard -------------------------------------------


def score_history(finished) -> list[tuple[str, int | None]]:
    """(month, score) of finished assessments given newest first, returned oldest first."""
    return [(date_format(timezone.localtime(a.finished_at), "N Y"), a.score) for a in reversed(list(finished))]


# The dashboard's two queries, built once per process.
RECENT_ASSESSMENTS = compiled_once(
    lambda tenant: tenant.scope(Assessment)
    .only("id", "cabinet_id", "questionnaire_version", "started_at", "finished_at", "score")
    .order_by("-started_at", "-id")[: HISTORY_LENGTH + 1]
)
OPEN_PRIORITIES = compiled_once(
    lambda tenant, assessment_id: tenant.scope(ActionItem)
    .filter(assessment=assessment_id, position__lt=scoring.PRIORITY_COUNT, status__in=OPEN_STATUSES)
    .select_related("owner__user")
    .order_by("position"),
    int,
)


def recent_assessments(tenant) -> list[Assessment]:
    """The assessment in progress, if any, and the last finished ones: one bounded query."""
    return tenant.fetch(RECENT_ASSESSMENTS)


def open_priorities(tenant, assessment) -> list[tuple[ActionItem, Action, str | None]]:
    """The open actions among the six priorities of an assessment's plan."""
    questionnaire = get_questionnaire(assessment.questionnaire_version)
    rows = []
    for item in tenant.fetch(OPEN_PRIORITIES, assessment.pk):
        action = questionnaire.action(item.action_key)
        rows.append((item, action, action_url(action)))
    return rows
