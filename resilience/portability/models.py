"""A requested export of a cabinet's data, and its zip stored in the database.

The zip is built by a Celery worker, not during the request (a cabinet with
dozens of reports would outlast gunicorn's timeout), and kept where every web
process can read it: the database, like uploaded contracts, in parts of
`PART_SIZE` bytes so that neither the worker writing it nor the web process
sending it ever holds the whole zip in memory. It is deleted seven days
after it was ready (`services.purge_expired`, hourly).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resilience.models.scoped import CabinetScopedModel

PART_SIZE = 1 << 20  # 1 MiB per row


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    BUILDING = "building", _("en préparation")
    READY = "ready", _("prête")
    FAILED = "failed", _("échec")


class CabinetExport(CabinetScopedModel):
    # The state of this instance, not data of the cabinet (and it holds the previous zip).
    portable = False

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["cabinet", "-requested_at"], name="cabinet_export_recent"),
            models.Index(fields=["expires_at"], name="cabinet_export_expiry"),
        ]

    def __str__(self):
        return f"Export {self.pk} ({self.status})"


class ExportPart(models.Model):
    """One part of a ready export's zip; the parts in `number` order are the file."""

    export = models.ForeignKey(CabinetExport, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["export", "number"], name="export_part_once")]
