"""Drills: a playbook run as a timed exercise, apart from incidents and the breach register.

A drill stores the playbook and the steps it covered, so that a later kit issue
can count a drill covering the kit checks as the 6-month kit test.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resilience.models import CabinetScopedModel
from resilience.validation import free_text


class Drill(CabinetScopedModel):
    playbook_key = models.CharField(_("guide"), max_length=40)
    playbooks_version = models.CharField(max_length=20, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    covered_steps = models.JSONField(default=list, blank=True)  # step keys done, in playbook order, at the end
    note = models.TextField(_("ce qu'il faut améliorer"), blank=True, max_length=2000, validators=free_text(2000))

    class Meta:
        verbose_name = _("exercice")
        verbose_name_plural = _("exercices")
        ordering = ["-started_at", "-id"]

    @property
    def is_running(self) -> bool:
        return self.finished_at is None

    @property
    def duration(self):
        return (self.finished_at or timezone.now()) - self.started_at


class DrillStep(CabinetScopedModel):
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="steps")
    step_key = models.CharField(max_length=60)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["drill", "step_key"], name="drillstep_unique_step")]
