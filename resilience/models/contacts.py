from django.db import models
from django.utils.translation import gettext_lazy as _

from resilience.models.cabinets import phone_validator
from resilience.models.scoped import CabinetScopedModel
from resilience.validation import free_text, no_control_characters


class ContactKind(models.TextChoices):
    IT_PROVIDER = "it_provider", _("Prestataire informatique")
    SOFTWARE_VENDOR = "software_vendor", _("Éditeur du logiciel métier")
    INTERNAL_REFERENT = "internal_referent", _("Référent interne")
    INSURER = "insurer", _("Assureur cyber")
    OTHER = "other", _("Autre")


class EmergencyContact(CabinetScopedModel):
    """Whom the cabinet calls in an incident; printed in the kit, read offline."""

    kind = models.CharField(_("type de contact"), max_length=24, choices=ContactKind.choices)
    name = models.CharField(_("nom"), max_length=120, validators=[no_control_characters])
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(_("horaires de joignabilité"), max_length=120, blank=True)
    reference = models.CharField(
        _("référence"), max_length=120, blank=True, help_text=_("Numéro de contrat ou de police d'assurance.")
    )
    notes = models.TextField(_("remarques"), blank=True, max_length=1000, validators=free_text(1000))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact d'urgence")
        verbose_name_plural = _("contacts d'urgence")
        ordering = ["kind", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"
