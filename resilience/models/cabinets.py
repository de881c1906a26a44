import hashlib
import secrets

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resilience.tenancy import CabinetScopedModel
from resilience.territories import departement_choices, region_choices


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


class Role(models.TextChoices):
    TITULAIRE = "titulaire", _("Titulaire")
    PRATICIEN = "praticien", _("Praticien")
    SECRETARIAT = "secretariat", _("Secrétariat")


phone_validator = RegexValidator(
    r"^\+?[0-9 .()-]{6,20}$",
    _("Saisissez un numéro de téléphone, par exemple 05 56 00 00 00."),
)


class Cabinet(models.Model):
    name = models.CharField(_("nom du cabinet"), max_length=150)
    profession = models.CharField(_("profession"), max_length=32, choices=Profession.choices)
    region = models.CharField(_("région"), max_length=40, choices=region_choices)
    departement = models.CharField(_("département"), max_length=3, choices=departement_choices)
    practitioners = models.PositiveSmallIntegerField(
        _("nombre de praticiens"), default=1, validators=[MinValueValidator(1)]
    )
    address = models.TextField(_("adresse"), blank=True)
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
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


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
