"""The paper catch-up of an incident: counts per day, and paper-sheet numbers if wished.

No patient is ever named: a consultation on paper is a count, or the number
written on its paper sheet.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models.incidents import Incident
from resilience.models import CabinetScopedModel


class Counter(models.TextChoices):
    CONSULTATIONS = "consultations", _("Consultations sur papier")
    SHEETS_TYPED = "sheets_typed", _("Fiches ressaisies dans le logiciel")
    ACTS_NOTED = "acts_noted", _("Actes à facturer plus tard")
    ACTS_BILLED = "acts_billed", _("Actes facturés")


class CatchUpDay(CabinetScopedModel):
    """One day of paper work. Updated with F() increments only, never by a whole save."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="catch_up_days")
    day = models.DateField()
    consultations = models.PositiveIntegerField(default=0)
    sheets_typed = models.PositiveIntegerField(default=0)
    acts_noted = models.PositiveIntegerField(default=0)
    acts_billed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "day"], name="catchup_unique_day"),
            models.CheckConstraint(condition=models.Q(sheets_typed__lte=models.F("consultations")), name="catchup_typed_lte_consultations"),
            models.CheckConstraint(condition=models.Q(acts_billed__lte=models.F("acts_noted")), name="catchup_billed_lte_noted"),
        ]

    @property
    def sheets_pending(self) -> int:
        return self.consultations - self.sheets_typed

    @property
    def acts_pending(self) -> int:
        return self.acts_noted - self.acts_billed


class PaperSheet(CabinetScopedModel):
    """A paper sheet followed by its number (e.g. 12 or A-12): never a name."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="paper_sheets")
    day = models.DateField()
    number = models.CharField(_("numéro de fiche"), max_length=12)
    to_bill = models.BooleanField(default=True)
    typed_at = models.DateTimeField(null=True, blank=True)
    billed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "number"]
        constraints = [models.UniqueConstraint(fields=["incident", "number"], name="papersheet_unique_number")]

    @property
    def done(self) -> bool:
        return self.typed_at is not None and (not self.to_bill or self.billed_at is not None)
