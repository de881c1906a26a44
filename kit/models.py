"""A cabinet's kit: where the binder is, what it holds, the equipment, the kit tests.

What a kit SHOULD hold is content (``catalogue.yaml``); these rows store only
what the cabinet HAS, by catalogue key. A key that later leaves the catalogue
is ignored, never an error: an old inventory must keep rendering.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resilience.models import CabinetScopedModel
from resilience.validation import free_text, sensible_date

# Catalogue keys are short snake_case identifiers (see catalogue.yaml).
KEY_LENGTH = 60


class Kit(CabinetScopedModel):
    """One per cabinet: where the binder is kept, when it was last checked, when the next test is due."""

    binder_location = models.CharField(
        _("où est rangé le classeur"),
        max_length=200,
        blank=True,
        help_text=_("Un lieu que toute l'équipe connaît, par exemple « accueil, armoire de gauche »."),
    )
    last_checked_on = models.DateField(_("dernière vérification"), null=True, blank=True, validators=[sensible_date])
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Stored (not derived on the fly) so that a reminder sweep can select due kits with one query.
    next_test_due = models.DateField(_("prochain test du kit"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kit « mode dégradé »")
        verbose_name_plural = _("kits « mode dégradé »")
        constraints = [models.UniqueConstraint(fields=["cabinet"], name="kit_one_per_cabinet")]

    def __str__(self):
        return f"Kit {self.cabinet}"


class StockLevel(CabinetScopedModel):
    """How many of one form or sheet the binder holds.

    One row per (cabinet, catalogue key) for a shared stock. A form printed
    with the prescriber's identity (the catalogue's ``held_by: prescriber``) has
    one row per prescriber instead: ``profession`` and ``slot`` say whose
    (« médecin 2 »), since a cabinet counts its practitioners without always
    naming them. ``unchecked`` marks the count moved there from the old
    pooled stock, until someone checks it on the stock screen.
    """

    line_key = models.CharField(max_length=KEY_LENGTH)
    profession = models.CharField(_("profession du prescripteur"), max_length=40, blank=True, default="")
    slot = models.PositiveSmallIntegerField(_("numéro du prescripteur"), default=0)
    quantity = models.PositiveIntegerField(_("quantité"))
    unchecked = models.BooleanField(_("reporté du stock commun, à vérifier"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stocks")
        constraints = [
            models.UniqueConstraint(fields=["cabinet", "line_key", "profession", "slot"], name="stock_one_row_per_holder"),
        ]

    def __str__(self):
        holder = f" ({self.profession} {self.slot})" if self.profession else ""
        return f"{self.line_key}{holder}: {self.quantity}"


class Prescriber(CabinetScopedModel):
    """What the cabinet calls one of its prescribers (« Dr Martin » for médecin 1): optional, for the stock screen."""

    profession = models.CharField(_("profession"), max_length=40)
    number = models.PositiveSmallIntegerField(_("numéro"))
    label = models.CharField(_("nom affiché"), max_length=60, blank=True, validators=free_text(60))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("prescripteur")
        verbose_name_plural = _("prescripteurs")
        constraints = [
            models.UniqueConstraint(fields=["cabinet", "profession", "number"], name="prescriber_one_row_per_slot"),
        ]

    def __str__(self):
        return self.label or f"{self.profession} {self.number}"


class EquipmentState(models.TextChoices):
    UNKNOWN = "unknown", _("Non renseigné")
    READY = "ready", _("Prêt, fonctionne")
    TO_CHECK = "to_check", _("À vérifier")
    BROKEN = "broken", _("En panne")


class Equipment(CabinetScopedModel):
    """One piece of backup equipment (USB key, hotspot, spare workstation…) and its state.

    ``encrypted`` and ``templates_present`` only mean something for the USB key
    (``USB_KEY``); they stay empty (unknown) for the rest.
    """

    USB_KEY = "cle_usb_chiffree"

    line_key = models.CharField(max_length=KEY_LENGTH)
    quantity = models.PositiveIntegerField(_("nombre"), default=0)
    state = models.CharField(_("état"), max_length=16, choices=EquipmentState.choices, default=EquipmentState.UNKNOWN)
    location = models.CharField(_("où est-il rangé ?"), max_length=200, blank=True)
    last_tested_on = models.DateField(_("dernier essai"), null=True, blank=True, validators=[sensible_date])
    encrypted = models.BooleanField(_("clé chiffrée"), null=True, blank=True)
    templates_present = models.BooleanField(_("modèles présents sur la clé"), null=True, blank=True)
    notes = models.TextField(_("remarques"), blank=True, max_length=2000, validators=free_text(2000))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("équipement")
        verbose_name_plural = _("équipements")
        constraints = [models.UniqueConstraint(fields=["cabinet", "line_key"], name="equipment_one_row_per_line")]

    def __str__(self):
        return f"{self.line_key} ({self.get_state_display()})"

    @property
    def is_usb_key(self) -> bool:
        return self.line_key == self.USB_KEY


class CheckResult(models.TextChoices):
    OK = "ok", _("OK")
    PROBLEM = "problem", _("Problème")
    NOT_DONE = "not_done", _("Non vérifié")


class KitTestSource(models.TextChoices):
    """How a test was recorded: the guided kit test, or a drill of the incidents app that covered it."""

    KIT_TEST = "kit_test", _("Test du kit")
    DRILL = "drill", _("Exercice d'incident")


class KitTest(CabinetScopedModel):
    """One six-monthly kit test: evidence, never edited or deleted.

    ``checks`` is a snapshot ([{key, label, result, note}]) so that an old test
    still reads the same after the catalogue's wording changes.
    """

    performed_on = models.DateField(_("date du test"), validators=[sensible_date])
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    performed_by_name = models.CharField(_("enregistré par"), max_length=200)
    participants = models.CharField(_("autres participants"), max_length=300, blank=True)
    checks = models.JSONField(default=list)
    notes = models.TextField(_("remarques"), blank=True, max_length=2000, validators=free_text(2000))
    next_due = models.DateField(_("prochain test"))
    source = models.CharField(max_length=16, choices=KitTestSource.choices, default=KitTestSource.KIT_TEST)
    # e.g. "Exercice « cyberattaque » du 12 mars 2026" when a drill counted as the test.
    source_label = models.CharField(max_length=200, blank=True)
    source_drill = models.ForeignKey(
        "incidents.Drill", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    catalogue_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("test du kit")
        verbose_name_plural = _("tests du kit")
        ordering = ["-performed_on", "-created_at"]
        indexes = [models.Index(fields=["cabinet", "-performed_on"], name="kit_test_recent")]

    def __str__(self):
        return f"Test du kit du {self.performed_on:%d/%m/%Y}"

    @property
    def problems(self) -> list[dict]:
        return [check for check in self.checks if check.get("result") != CheckResult.OK]

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def check_rows(self) -> list[dict]:
        """The stored checks with the label of their result, for display."""
        return [
            {**check, "result_label": CheckResult(check["result"]).label if check.get("result") in CheckResult.values else check.get("result", "")}
            for check in self.checks
        ]
