"""The base of every model holding one cabinet's data (the data side of `resilience.tenancy`).

It lives below the models and imports nothing of the project, so that the
tenancy mechanism, which queries memberships, can import the models freely.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CabinetQuerySet(models.QuerySet):
    def for_cabinet(self, cabinet):
        return self.filter(cabinet=cabinet)


class CabinetScopedModel(models.Model):
    """Base of every model holding one cabinet's data."""

    cabinet = models.ForeignKey("resilience.Cabinet", on_delete=models.CASCADE, verbose_name=_("cabinet"))

    objects = CabinetQuerySet.as_manager()

    class Meta:
        abstract = True
