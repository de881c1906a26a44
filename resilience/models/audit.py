from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resilience.models.scoped import CabinetScopedModel


class AuditEvent(CabinetScopedModel):
    """Who changed what in a cabinet, and when. Written by resilience.audit.record."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("événement de l'historique")
        verbose_name_plural = _("historique")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["cabinet", "-created_at"], name="audit_cabinet_recent")]

    def __str__(self):
        return self.summary
