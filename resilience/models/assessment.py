"""The self-assessment: an assessment, its answers and the action items of its plan.

Answers refer to question keys of the questionnaire version recorded on the
assessment, so an old assessment still renders after the content changes. The
questions, actions and texts themselves live in resilience/assessment/questionnaires.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resilience.assessment.questionnaire import ANSWER_CODES, ANSWER_LABELS
from resilience.models.scoped import CabinetScopedModel
from resilience.validation import free_text, sensible_date

AnswerCode = models.TextChoices("AnswerCode", [(code.upper(), (code, ANSWER_LABELS[code])) for code in ANSWER_CODES])


class AssessmentQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(finished_at__isnull=True)

    def finished(self):
        return self.filter(finished_at__isnull=False)


class Assessment(CabinetScopedModel):
    """One self-assessment of a cabinet; at most one is in progress at a time."""

    questionnaire_version = models.PositiveSmallIntegerField(_("version du questionnaire"))
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Le dernier autodiagnostic terminé quand celui-ci a commencé : il sert de comparaison."),
    )
    started_at = models.DateTimeField(_("commencé le"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Written once when the assessment is finished (its answers never change after):
    # the dashboard history then reads one row per assessment, not every answer.
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    theme_scores = models.JSONField(_("scores par thème"), default=dict, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("autodiagnostic")
        verbose_name_plural = _("autodiagnostics")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cabinet"], condition=Q(finished_at__isnull=True), name="assessment_one_in_progress"
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="assessment_score_lte_100"),
        ]
        indexes = [models.Index(fields=["cabinet", "-finished_at"], name="assessment_cabinet_finished")]

    def __str__(self):
        return f"{self.cabinet} – {self.started_at:%Y-%m-%d}"

    @property
    def is_finished(self):
        return self.finished_at is not None


class Answer(CabinetScopedModel):
    """One answer of an assessment, saved the moment it is given (one row per question)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(_("question"), max_length=64)
    code = models.CharField(_("réponse"), max_length=8, choices=AnswerCode.choices)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question_key"], name="answer_one_per_question"),
            models.CheckConstraint(condition=Q(code__in=ANSWER_CODES), name="answer_code_valid"),
        ]

    def __str__(self):
        return f"{self.question_key}: {self.code}"


class ActionStatus(models.TextChoices):
    TODO = "todo", _("À faire")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Fait")
    DROPPED = "dropped", _("Non retenu")


OPEN_STATUSES = (ActionStatus.TODO, ActionStatus.IN_PROGRESS)


class ActionItem(CabinetScopedModel):
    """An action of an assessment's plan that the cabinet follows up."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="action_items")
    action_key = models.CharField(_("action"), max_length=64)
    rank = models.PositiveSmallIntegerField(_("rang de priorité"))
    position = models.PositiveSmallIntegerField(_("place dans le plan"))  # 0 = first
    answer = models.CharField(_("réponse la plus fragile"), max_length=8, choices=AnswerCode.choices)
    status = models.CharField(_("état"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.TODO)
    owner = models.ForeignKey(
        "resilience.Membership",
        verbose_name=_("responsable"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True, validators=[sensible_date])
    dropped_reason = models.TextField(_("raison"), blank=True, max_length=1000, validators=free_text(1000))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("action du plan")
        verbose_name_plural = _("actions du plan")
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "action_key"], name="action_item_one_per_action"),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DROPPED) | ~Q(dropped_reason=""), name="action_item_dropped_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.action_key} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_late(self):
        """Still to do, and its due date (a day in Paris) has passed."""
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def reopened_reason(self):
        """The reason it was « non retenu » last time, when the new answers re-opened it."""
        return self.dropped_reason if self.status != ActionStatus.DROPPED else ""
