from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from resilience.models.cabinets import Profession
from resilience.territories import region_choices, region_name


def validate_professions(value):
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choisissez au moins une profession."))
    unknown = set(value) - set(Profession.values)
    if unknown:
        raise ValidationError(_("Profession inconnue : %(codes)s"), params={"codes": ", ".join(sorted(unknown))})


class UrpsAdmin(models.Model):
    """An URPS administrator: sees anonymous aggregates of one region, never a cabinet."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urps_admin")
    region = models.CharField(_("région"), max_length=40, choices=region_choices)
    professions = models.JSONField(_("professions"), default=list, validators=[validate_professions])
    national = models.BooleanField(
        _("national"), default=False, help_text=_("Un compte national voit toutes les régions.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("administrateur URPS")
        verbose_name_plural = _("administrateurs URPS")

    def __str__(self):
        return f"{self.user} – {region_name(self.region)}"

    def profession_labels(self):
        return [Profession(code).label for code in self.professions if code in Profession.values]
