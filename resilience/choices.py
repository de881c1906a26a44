"""Choices shared by the models and the content files, kept below both so that neither imports the other."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Profession(models.TextChoices):
    MEDECINE_GENERALE = "medecine_generale", _("Médecine générale")
    MEDECINE_SPECIALISEE = "medecine_specialisee", _("Médecine spécialisée")
    KINESITHERAPIE = "kinesitherapie", _("Masso-kinésithérapie")
    SOINS_INFIRMIERS = "soins_infirmiers", _("Soins infirmiers")
    CHIRURGIE_DENTAIRE = "chirurgie_dentaire", _("Chirurgie dentaire")
    MAIEUTIQUE = "maieutique", _("Maïeutique")
    ORTHOPHONIE = "orthophonie", _("Orthophonie")
    PODOLOGIE = "podologie", _("Pédicurie-podologie")
    AUTRE = "autre", _("Autre")
