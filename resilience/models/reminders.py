"""Backup-restore tests and the reminder loop's state.

A `Reminder` row is one (cabinet, item kind, item id, due date, stage,
recipient): the unique key is what makes a reminder exist once, whatever the
number of sweeps. It is also the in-app notification (read_at). A `Digest`
is one person's email of one day; rows join it when it claims them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from resilience.models.scoped import CabinetScopedModel

DEFAULT_RESTORE_INTERVAL_MONTHS = 6  # seed 004: restore test "au moins semestriel"
DEFAULT_DIGEST_HOUR = 8


class RestoreTarget(models.TextChoices):
    FILE = "file", _("Un fichier")
    SOFTWARE_DATABASE = "software_db", _("La base du logiciel métier")
    WORKSTATION = "workstation", _("Un poste de travail entier")
    OTHER = "other", _("Autre")


class BackupMedium(models.TextChoices):
    EXTERNAL_DISK = "external_disk", _("Disque dur externe")
    NAS = "nas", _("NAS (serveur de stockage au cabinet)")
    HDS_HOST = "hds_host", _("Hébergeur certifié HDS")
    OTHER = "other", _("Autre")


class RestoreResult(models.TextChoices):
    SUCCESS = "success", _("Réussi")
    PARTIAL = "partial", _("Partiel")
    FAILED = "failed", _("Échec")


class ReminderSettings(models.Model):
    """A cabinet's reminder settings (kept apart from Cabinet, which other features change)."""

    cabinet = models.OneToOneField("resilience.Cabinet", on_delete=models.CASCADE, related_name="reminder_settings")
    restore_interval_months = models.PositiveSmallIntegerField(
        _("intervalle entre deux tests de restauration (mois)"),
        default=DEFAULT_RESTORE_INTERVAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("heure du récapitulatif quotidien"), default=DEFAULT_DIGEST_HOUR, validators=[MaxValueValidator(23)]
    )

    class Meta:
        verbose_name = _("réglages des rappels")
        verbose_name_plural = _("réglages des rappels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(restore_interval_months__gte=1, restore_interval_months__lte=12),
                name="reminder_settings_restore_interval_1_12",
            ),
            models.CheckConstraint(condition=models.Q(digest_hour__lte=23), name="reminder_settings_digest_hour_0_23"),
        ]


class RestoreTest(CabinetScopedModel):
    """One backup-restore test: evidence that a backup can really be used."""

    performed_on = models.DateField(_("date du test"))
    performed_by = models.ForeignKey(
        "resilience.Membership",
        verbose_name=_("fait par (membre)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    provider = models.ForeignKey(
        "resilience.EmergencyContact",
        verbose_name=_("fait par (prestataire)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    performer_name = models.CharField(_("fait par"), max_length=200)  # kept when the member or contact goes
    target = models.CharField(_("ce qui a été restauré"), max_length=16, choices=RestoreTarget.choices)
    target_detail = models.CharField(_("précision"), max_length=200, blank=True)
    backup_date = models.DateField(_("date de la sauvegarde utilisée"), null=True, blank=True)
    backup_medium = models.CharField(_("support de la sauvegarde"), max_length=16, choices=BackupMedium.choices)
    result = models.CharField(_("résultat"), max_length=8, choices=RestoreResult.choices)
    duration_minutes = models.PositiveIntegerField(_("durée (minutes)"), null=True, blank=True)
    evidence = models.CharField(
        _("preuve"), max_length=200, blank=True, help_text=_("Par exemple le numéro de ticket du prestataire.")
    )
    next_due = models.DateField(_("prochain test"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("test de restauration")
        verbose_name_plural = _("tests de restauration")
        ordering = ["-performed_on", "-created_at"]
        indexes = [models.Index(fields=["cabinet", "-performed_on", "-created_at"], name="restore_test_recent")]

    def __str__(self):
        return f"Test de restauration du {self.performed_on:%d/%m/%Y}"

    @property
    def succeeded(self) -> bool:
        return self.result == RestoreResult.SUCCESS


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("à envoyer")
    SENDING = "sending", _("en cours d'envoi")
    RETRY = "retry", _("nouvel essai prévu")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("échec")
    CANCELLED = "cancelled", _("annulé")
    IN_APP = "in_app", _("dans l'application seulement")


class Digest(models.Model):
    """One person's reminder email of one (Paris) day; the unique key makes it one a day."""

    # No index of its own: the unique (recipient, day) starts with it.
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_one_per_person_per_day")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="digest_status")]


class Reminder(CabinetScopedModel):
    # The sweep writes every reminder of 200,000 cabinets at once when it is deployed, and each index
    # costs on every insert: the table keeps only the indexes its queries use (see Meta). The
    # foreign keys' own indexes are left out where a composite index starts with the same column.
    cabinet = models.ForeignKey("resilience.Cabinet", on_delete=models.CASCADE, verbose_name=_("cabinet"), db_index=False)
    kind = models.CharField(max_length=40)
    item_id = models.BigIntegerField()
    due = models.DateField()
    stage = models.PositiveSmallIntegerField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    urgent = models.BooleanField(default=False)
    # What to show, copied when the stage is reached (the item may change or go later).
    title = models.CharField(max_length=300)
    why = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders", db_index=False
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cabinet", "kind", "item_id", "due", "stage", "recipient"], name="reminder_once_per_stage"
            )
        ]
        # The unique key serves every query by cabinet (the sweep's batches, a cabinet's notifications,
        # its deletion); `reminder_unread` every query by person (the bell, a person's deletion).
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="reminder_unread"),
            # Who has a digest waiting, and a digest's rows: small partial indexes, only of the rows
            # still to send or already in a digest (a row kept in the app only is in neither).
            models.Index(
                fields=["recipient"], condition=models.Q(status=DeliveryStatus.PENDING, urgent=False), name="reminder_digest_pending"
            ),
            models.Index(fields=["digest"], condition=models.Q(digest__isnull=False), name="reminder_in_digest"),
            # The urgent rows each sweep re-reads (a few): without it, a scan of the whole table's history.
            models.Index(fields=["status"], condition=models.Q(urgent=True), name="reminder_urgent"),
        ]

    def __str__(self):
        return f"{self.kind} {self.item_id} {self.due} #{self.stage} → {self.recipient_id}"


class ReminderProfile(models.Model):
    """One person's choices: the kinds of reminder emails turned off, the digest hour."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_profile")
    muted_kinds = models.JSONField(default=list, blank=True)
    digest_hour = models.PositiveSmallIntegerField(
        _("heure du récapitulatif"), null=True, blank=True, validators=[MaxValueValidator(23)]
    )


class CalendarFeed(models.Model):
    """A member's private calendar URL; rotating the token kills the old URL."""

    membership = models.OneToOneField("resilience.Membership", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)
