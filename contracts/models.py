"""A cabinet's contracts with its IT providers, their PDF, and their reviews.

A review answers the checklist (contracts/checklist.yaml) item by item; each
answer is one row keyed by the item's stable key, so saving one item never
touches another, and an old review still reads after the checklist changes.
"""

import hashlib
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from contracts import renewal
from contracts.verdicts import ANSWER_LABELS, ANSWERS
from resilience.models import CabinetQuerySet, CabinetScopedModel
from resilience.validation import free_text, no_control_characters, sensible_date, text_limit


class Kind(models.TextChoices):
    INFOGERANCE = "infogerance", _("Infogérance / maintenance")
    EDITEUR = "editeur", _("Éditeur du logiciel métier")
    HEBERGEUR = "hebergeur", _("Hébergeur")
    RENDEZ_VOUS = "rendez_vous", _("Prise de rendez-vous")
    TELECONSULTATION = "teleconsultation", _("Téléconsultation")
    AUTRE = "autre", _("Autre")


class Contract(CabinetScopedModel):
    provider = models.CharField(_("prestataire"), max_length=150, validators=[no_control_characters])
    provider_address = models.TextField(_("adresse du prestataire"), blank=True, max_length=500, validators=text_limit(500))
    kind = models.CharField(_("type de contrat"), max_length=20, choices=Kind.choices, default=Kind.INFOGERANCE)
    reference = models.CharField(_("référence du contrat"), max_length=100, blank=True)
    signed_on = models.DateField(_("date de signature"), null=True, blank=True, validators=[sensible_date])
    starts_on = models.DateField(_("date de début"), null=True, blank=True, validators=[sensible_date])
    ends_on = models.DateField(_("date de fin ou de renouvellement"), null=True, blank=True, validators=[sensible_date])
    tacit_renewal = models.BooleanField(_("reconduction tacite"), default=False)
    notice_months = models.PositiveSmallIntegerField(
        _("préavis en mois"), null=True, blank=True, validators=[MaxValueValidator(36)]
    )
    notice_days = models.PositiveSmallIntegerField(
        _("préavis en jours"), null=True, blank=True, validators=[MaxValueValidator(365)]
    )
    # Derived from the fields above on every save: the reminders sweep reads it.
    last_notice_day = models.DateField(
        _("dernier jour pour résilier"), null=True, blank=True, editable=False, db_index=True
    )
    hds_scope = models.CharField(_("certificat HDS : périmètre"), max_length=300, blank=True)
    hds_expires_on = models.DateField(
        _("certificat HDS : date d'expiration"), null=True, blank=True, validators=[sensible_date]
    )
    notes = models.TextField(_("remarques"), blank=True, max_length=2000, validators=free_text(2000))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contrat")
        verbose_name_plural = _("contrats")
        ordering = ["provider", "id"]

    def __str__(self):
        return f"{self.provider} ({self.get_kind_display()})"

    @property
    def has_notice_period(self) -> bool:
        return self.notice_months is not None or self.notice_days is not None

    def compute_last_notice_day(self) -> date | None:
        """Only a contract renewing by itself, with a known date and notice period, has one."""
        if not (self.tacit_renewal and self.ends_on and self.has_notice_period):
            return None
        return renewal.last_notice_day(self.ends_on, self.notice_months, self.notice_days)

    def save(self, *args, **kwargs):
        self.last_notice_day = self.compute_last_notice_day()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "last_notice_day"}
        super().save(*args, **kwargs)

    def notice_deadline(self, today: date) -> renewal.NoticeDeadline | None:
        if self.last_notice_day is None:
            return None
        return renewal.notice_deadline(self.ends_on, today, self.notice_months, self.notice_days)

    @property
    def notice_period_missing(self) -> bool:
        """Renews by itself but the notice period is not filled in: the deadline can't be computed."""
        return self.tacit_renewal and bool(self.ends_on) and not self.has_notice_period

    def hds_status(self, today: date) -> str | None:
        """``expired``, ``soon`` (within two months) or ``ok``; None without an expiry date."""
        if self.hds_expires_on is None:
            return None
        if self.hds_expires_on < today:
            return "expired"
        if (self.hds_expires_on - today).days <= renewal.SOON_DAYS:
            return "soon"
        return "ok"

    def audit_values(self) -> dict:
        """The fields the history shows when a contract changes."""
        fields = [f.name for f in self._meta.concrete_fields if f.editable and f.name not in {"id", "cabinet"}]
        return {name: getattr(self, name) for name in fields}


# A contract PDF is at most this big; larger files are refused with a message.
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024


class DocumentQuerySet(CabinetQuerySet):
    def with_content(self):
        """Load the bytes too (only the download needs them)."""
        return self.defer(None)


class DocumentManager(models.Manager.from_queryset(DocumentQuerySet)):
    def get_queryset(self):
        # Listing documents never loads their bytes.
        return super().get_queryset().defer("content")


class ContractDocument(CabinetScopedModel):
    """A contract's PDF, kept in the database so that web processes hold no files."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveIntegerField(_("taille"))
    sha256 = models.CharField(max_length=64, editable=False)
    content = models.BinaryField(editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DocumentManager()

    class Meta:
        verbose_name = _("document du contrat")
        verbose_name_plural = _("documents du contrat")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.name

    @classmethod
    def from_bytes(cls, contract, name: str, data: bytes, user):
        return cls(
            cabinet_id=contract.cabinet_id,
            contract=contract,
            name=name,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
            uploaded_by=user,
        )


class ContractReview(CabinetScopedModel):
    """One reading of a contract against the checklist, dated and kept."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reviews")
    checklist_version = models.CharField(max_length=20)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The review whose answers this one started from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("revue de contrat")
        verbose_name_plural = _("revues de contrat")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.contract.provider} – {self.created_at:%d/%m/%Y}"

    def answer_values(self) -> dict[str, str]:
        """``{item key: answer}`` for the verdict functions (unanswered items left out)."""
        return dict(self.answers.exclude(value="").values_list("item_key", "value"))


class ReviewAnswer(CabinetScopedModel):
    """The answer to one checklist item in one review."""

    review = models.ForeignKey(ContractReview, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=80)
    value = models.CharField(
        _("réponse"), max_length=12, blank=True, choices=[(a, ANSWER_LABELS[a]) for a in ANSWERS]
    )
    clause_ref = models.CharField(_("référence de la clause"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=1000, validators=free_text(1000))
    # False while the answer is only carried over from the previous review.
    checked = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [models.UniqueConstraint(fields=["review", "item_key"], name="contract_answer_unique_item")]

    def __str__(self):
        return f"{self.item_key}: {self.value or '-'}"
