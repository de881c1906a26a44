"""The self-assessment's due items: plan actions with a due date, a new assessment 12 months after the last."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resilience.assessment.questionnaire import shipped_questionnaires
from resilience.models import OPEN_STATUSES, ActionItem, Assessment
from resilience.reminders import registry
from resilience.reminders.stages import DAYS_BEFORE, local_day
from resilience.restores.schedule import add_months

ACTION = "action"
NEW_ASSESSMENT = "assessment"
REASSESS_MONTHS = 12


def _action_title(version, key) -> str:
    try:
        return shipped_questionnaires()[version].action(key).title
    except KeyError:
        return key


def due_actions(cabinet_ids, now, horizon=None):
    horizon = horizon or local_day(now) + timedelta(days=DAYS_BEFORE)
    rows = ActionItem.objects.filter(registry.in_cabinets(cabinet_ids), status__in=OPEN_STATUSES, due_date__lte=horizon
    ).order_by().values_list("id", "cabinet_id", "due_date", "action_key", "assessment__questionnaire_version", "owner__user_id")
    edit = registry.path_maker("resilience:action_edit")
    why = _("Une action prévue et pas faite laisse le cabinet exposé au même risque.")  # translated once per batch
    titles = {}  # (questionnaire version, action key) -> title: a few dozen actions, thousands of items
    for action_id, cabinet_id, due, key, version, owner_user_id in rows:
        title = titles.get((version, key))
        if title is None:
            title = titles[version, key] = _("Action du plan : %(title)s") % {"title": _action_title(version, key)}
        recipients = (owner_user_id,) if owner_user_id else registry.TITULAIRES
        yield registry.DueItem(cabinet_id, ACTION, action_id, due, title, why, edit(action_id), recipients)


def due_assessments(cabinet_ids, now, horizon=None):
    """12 months after the last finished assessment, until a new one is finished."""
    today = local_day(now)
    horizon = horizon or today + timedelta(days=DAYS_BEFORE)
    window = timedelta(days=365 - (horizon - today).days - 1)  # finished before this cannot fall due by the horizon
    latest = registry.latest_per(
        Assessment.objects.filter(registry.in_cabinets(cabinet_ids), finished_at__isnull=False).filter(
            Q(finished_at__lte=now - window)
        ),
        "cabinet_id",
        "-finished_at",
    ).values_list("id", "cabinet_id", "finished_at")
    # The latest was picked within the window: a newer one outside it means nothing is due.
    newer = set(
        Assessment.objects.filter(registry.in_cabinets(cabinet_ids), finished_at__gt=now - window).order_by().values_list("cabinet_id", flat=True)
    )
    url = reverse("resilience:assessment_home")
    for assessment_id, cabinet_id, finished_at in latest:
        due = add_months(local_day(finished_at), REASSESS_MONTHS)
        if cabinet_id in newer or due > horizon:
            continue
        yield registry.DueItem(
            cabinet_id=cabinet_id,
            kind=NEW_ASSESSMENT,
            item_id=assessment_id,
            due=due,
            title=_("Refaire l'autodiagnostic"),
            why=_("Un an a passé : refaire l'autodiagnostic montre ce qui a progressé et ce qui reste à faire."),
            url=url,
        )


def register():
    registry.register(registry.Kind(ACTION, gettext_lazy("Actions du plan"), due_actions, watch=(ActionItem,)))
    registry.register(
        registry.Kind(NEW_ASSESSMENT, gettext_lazy("Nouvel autodiagnostic"), due_assessments, watch=(Assessment,))
    )
