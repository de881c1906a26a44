import hashlib
import secrets

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resilience.choices import Profession
from resilience.professions import ordered, summary
from resilience.models.scoped import CabinetScopedModel, ChoiceLabels
from resilience.territories import departement_choices, region_choices
from resilience.validation import no_control_characters, text_limit


class Role(models.TextChoices):
    TITULAIRE = "titulaire", _("Titulaire")
    PRATICIEN = "praticien", _("Praticien")
    SECRETARIAT = "secretariat", _("Secrétariat")


phone_validator = RegexValidator(
    r"^\+?[0-9 .()-]{6,20}$",
    _("Saisissez un numéro de téléphone, par exemple 05 56 00 00 00."),
)


class Cabinet(ChoiceLabels):
    name = models.CharField(_("nom du cabinet"), max_length=150, validators=[no_control_characters])
    # Derived from the practitioner counts by `resilience.practitioners.set_practitioners`:
    # the profession with the most practitioners, and the total (the size band).
    profession = models.CharField(_("profession principale"), max_length=32, choices=Profession.choices)
    region = models.CharField(_("région"), max_length=40, choices=region_choices)
    departement = models.CharField(_("département"), max_length=3, choices=departement_choices)
    practitioners = models.PositiveSmallIntegerField(
        _("nombre de praticiens"), default=1, validators=[MinValueValidator(1)]
    )
    address = models.TextField(_("adresse"), blank=True, max_length=500, validators=text_limit(500))
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, validators=[phone_validator])
    share_statistics = models.BooleanField(
        _("inclure nos résultats anonymes dans les statistiques de l'URPS"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A titulaire asked for the cabinet's deletion: it happens at `deletion_scheduled_for`
    # unless a titulaire cancels it (resilience/portability/deletion.py). Kept on the row
    # itself so the banner shown on every page costs no query.
    deletion_requested_at = models.DateTimeField(_("suppression demandée le"), null=True, blank=True, editable=False)
    deletion_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    deletion_scheduled_for = models.DateTimeField(
        _("suppression prévue le"), null=True, blank=True, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("cabinet")
        verbose_name_plural = _("cabinets")
        constraints = [
            models.CheckConstraint(condition=models.Q(practitioners__gte=1), name="cabinet_practitioners_gte_1"),
        ]

    def __str__(self):
        return self.name

    def practitioner_counts_map(self) -> dict[str, int]:
        """{profession: practitioners}, read once per cabinet object (kept in its prefetch cache)."""
        if self.pk is None:
            return {}
        models.prefetch_related_objects([self], "practitioner_counts")  # no query when already prefetched
        return {row.profession: row.count for row in self.practitioner_counts.all()}

    @property
    def practitioners_summary(self) -> str:
        """« 3 médecins, 2 infirmiers, 1 kiné »."""
        return summary(self.practitioner_counts_map())

    @property
    def profession_codes(self) -> list[str]:
        """The cabinet's professions, most practitioners first."""
        return [code for code, _count in ordered(self.practitioner_counts_map())]


class PractitionerCount(CabinetScopedModel):
    """How many practitioners of one profession work at a cabinet."""

    cabinet = models.ForeignKey(
        Cabinet, on_delete=models.CASCADE, related_name="practitioner_counts", verbose_name=_("cabinet")
    )
    profession = models.CharField(_("profession"), max_length=32, choices=Profession.choices)
    count = models.PositiveSmallIntegerField(_("nombre de praticiens"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("praticiens d'une profession")
        verbose_name_plural = _("praticiens par profession")
        constraints = [
            models.UniqueConstraint(fields=["cabinet", "profession"], name="practitioner_count_one_per_profession"),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="practitioner_count_gte_1"),
        ]
        indexes = [models.Index(fields=["profession", "cabinet"], name="practitioner_count_profession")]

    def __str__(self):
        return f"{self.cabinet}: {self.count} × {self.get_profession_display()}"


class Membership(CabinetScopedModel):
    """A person's place in a cabinet. A person may belong to several cabinets."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [models.UniqueConstraint(fields=["cabinet", "user"], name="membership_unique_user")]
        ordering = ["role", "user__email"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_titulaire(self):
        return self.role == Role.TITULAIRE


def hash_token(token: str) -> str:
    """Only a hash of the invitation token is stored; the token travels by email."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class Invitation(CabinetScopedModel):
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.cabinet}"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, hash_token(token)

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def is_expired(self):
        return self.accepted_at is None and self.expires_at <= timezone.now()
