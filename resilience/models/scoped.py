"""The base of every model holding one cabinet's data (the data side of `resilience.tenancy`).

It lives below the models and imports nothing of the project, so that the
tenancy mechanism, which queries memberships, can import the models freely.
"""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

# Each field's {value: label}, built once per process: choices come from the code and the content files.
_choice_labels: dict = {}


class ChoiceLabels(models.Model):
    """`get_FOO_display()` without rebuilding every choice's label on each call.

    Django's builds `dict(make_hashable(field.flatchoices))` each time: hashing every (value, label)
    pair casts each lazy label through the translation machinery, ~0.05 ms a call for the hundred
    départements, and pages call it dozens of times. The labels stay lazy here, so each call still
    answers in the active language.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        labels = _choice_labels.get(field)
        if labels is None:
            labels = _choice_labels[field] = {make_hashable(value): label for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class CabinetQuerySet(models.QuerySet):
    def for_cabinet(self, cabinet):
        return self.filter(cabinet=cabinet)


class CabinetScopedModel(ChoiceLabels):
    """Base of every model holding one cabinet's data."""

    cabinet = models.ForeignKey("resilience.Cabinet", on_delete=models.CASCADE, verbose_name=_("cabinet"))

    objects = CabinetQuerySet.as_manager()

    class Meta:
        abstract = True
