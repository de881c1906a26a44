from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents import closing
from incidents.clocks import personal_data_possible as clocks_personal_data_possible
from incidents.clocks import register_status
from incidents.playbooks import DEGRADED, EXIT, LOST_DEVICE, SCENARIO_A, SCENARIO_B
from resilience.models import CabinetScopedModel
from resilience.validation import free_text, no_patient_identifier

# A cabinet rarely sees more than a few thousand patients: a guard against typos, not a rule.
MAX_COUNT = 10_000_000


class Scenario(models.TextChoices):
    A = "A", _("Scénario A — Panne ou bug logiciel")
    B = "B", _("Scénario B — Suspicion de cyberattaque")
    C = "C", _("Scénario C — Perte ou vol d'un ordinateur, d'un téléphone ou d'une clé USB")


SCENARIO_PLAYBOOK = {Scenario.A: SCENARIO_A, Scenario.B: SCENARIO_B, Scenario.C: LOST_DEVICE}
PLAYBOOK_SCENARIO = {playbook: scenario for scenario, playbook in SCENARIO_PLAYBOOK.items()}


def scenario_for(playbook_key: str) -> str:
    """The scenario an incident gets when the triage proposes this playbook."""
    return PLAYBOOK_SCENARIO[playbook_key]


class Status(models.TextChoices):
    OPEN = "en_cours", _("En cours")
    DEGRADED = "mode_degrade", _("Mode dégradé")
    RECOVERY = "retablissement", _("Rétablissement")
    CLOSED = "clos", _("Clos")


# The playbook group a status puts first on the incident page.
STATUS_FOCUS = {Status.OPEN: "scenario", Status.DEGRADED: DEGRADED, Status.RECOVERY: EXIT, Status.CLOSED: EXIT}


class Incident(CabinetScopedModel):
    """One real incident of a cabinet (drills are `Drill`s, kept apart).

    An incident touching personal data (`personal_data` is True) is a row of the
    breach register (GDPR art. 33(5)), whether the CNIL was notified or not.
    Nothing here describes a patient: counts, categories and free text that the
    interface asks to keep free of names, diagnoses and prescriptions.

    Writers lock the row (select_for_update) and write only the fields their
    action owns (update_fields); steps, notes and counts are rows of their own.
    """

    scenario = models.CharField(_("scénario"), max_length=1, choices=Scenario.choices)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.OPEN)
    summary = models.CharField(
        _("ce qui se passe, en une phrase"), max_length=200, blank=True, validators=[no_patient_identifier]
    )
    aware_at = models.DateTimeField(_("pris connaissance le"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    declared_at = models.DateTimeField(default=timezone.now)
    triage_answer = models.CharField(max_length=40, blank=True)
    playbooks_version = models.CharField(max_length=20, blank=True)

    # Personal data (GDPR art. 33 and 34). None: not assessed yet.
    personal_data = models.BooleanField(_("des données personnelles sont touchées"), null=True, blank=True)
    high_risk = models.BooleanField(_("risque élevé pour les patients"), default=False)
    breach_nature = models.TextField(_("nature de la violation"), blank=True, max_length=2000, validators=free_text(2000))
    data_categories = models.TextField(_("catégories de données"), blank=True, max_length=2000, validators=free_text(2000))
    people_affected = models.PositiveIntegerField(
        _("nombre approximatif de personnes"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    records_affected = models.PositiveIntegerField(
        _("nombre approximatif d'enregistrements"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    contact_point = models.TextField(_("contact pour la CNIL et les patients"), blank=True, max_length=2000, validators=free_text(2000))
    likely_consequences = models.TextField(_("conséquences probables"), blank=True, max_length=2000, validators=free_text(2000))
    measures_taken = models.TextField(_("mesures prises"), blank=True, max_length=2000, validators=free_text(2000))
    measures_planned = models.TextField(_("mesures envisagées"), blank=True, max_length=2000, validators=free_text(2000))

    # The decision to notify the CNIL or not, and why (kept in the register either way).
    notify_cnil = models.BooleanField(_("notifier la CNIL"), null=True, blank=True)
    notify_reason = models.TextField(_("pourquoi"), blank=True, max_length=2000, validators=free_text(2000))
    decision_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decision_at = models.DateTimeField(null=True, blank=True)
    cnil_notified_at = models.DateTimeField(_("notification faite le"), null=True, blank=True)
    cnil_reference = models.CharField(_("numéro de la notification"), max_length=80, blank=True)
    cnil_delay_reason = models.TextField(_("raison du retard"), blank=True, max_length=2000, validators=free_text(2000))

    # Police complaint (scenario B, condition of the cyber-insurance).
    complaint_filed_at = models.DateTimeField(_("plainte déposée le"), null=True, blank=True)
    complaint_place = models.CharField(_("où, et numéro du procès-verbal"), max_length=200, blank=True)

    # Informing patients (GDPR art. 34).
    patients_informed_at = models.DateTimeField(_("patients informés le"), null=True, blank=True)
    patients_exemption = models.CharField(_("exception retenue"), max_length=40, blank=True)
    patients_note = models.TextField(_("comment, ou pourquoi pas"), blank=True, max_length=2000, validators=free_text(2000))

    ars_reported_at = models.DateTimeField(_("signalé à l'ARS le"), null=True, blank=True)

    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    close_reason = models.TextField(_("raison de clôturer malgré tout"), blank=True, max_length=2000, validators=free_text(2000))
    closing_problems = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-aware_at", "-id"]
        indexes = [models.Index(fields=["cabinet", "status"], name="incident_cabinet_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(scenario__in=Scenario.values), name="incident_scenario_valid"),
            models.CheckConstraint(
                condition=models.Q(status=Status.CLOSED, closed_at__isnull=False)
                | (~models.Q(status=Status.CLOSED) & models.Q(closed_at__isnull=True)),
                name="incident_closed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_scenario_display()} ({timezone.localtime(self.aware_at):%d/%m/%Y %H:%M})"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def scenario_playbook(self) -> str:
        return SCENARIO_PLAYBOOK[self.scenario]

    @property
    def playbook_keys(self) -> tuple[str, ...]:
        """The playbooks this incident follows: its scenario, degraded consultation, exit."""
        return (self.scenario_playbook, DEGRADED, EXIT)

    @property
    def register_status(self) -> str | None:
        """Its line in the breach register: confirmed, "à qualifier", or none (see clocks.register_status)."""
        return register_status(self.scenario, self.personal_data)

    @property
    def in_register(self) -> bool:
        return self.register_status is not None

    @property
    def personal_data_possible(self) -> bool:
        """Whether the CNIL clock runs: data confirmed touched, or an attack or a lost device not yet assessed.

        A suspected attack on a health practice nearly always makes patient files
        unavailable (a breach), and a lost or stolen device may expose the files it
        holds (a breach of confidentiality): until someone answers, the clock is shown.
        """
        return clocks_personal_data_possible(self.scenario, self.personal_data)


class StepMark(CabinetScopedModel):
    """Where one playbook step stands in one incident: done, not applicable (why), or reopened."""

    class State(models.TextChoices):
        DONE = closing.DONE, _("Fait")
        NOT_APPLICABLE = closing.NOT_APPLICABLE, _("Sans objet")
        OPEN = closing.OPEN, _("À faire")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="step_marks")
    step_key = models.CharField(max_length=60)
    state = models.CharField(max_length=16, choices=State.choices)
    reason = models.TextField(blank=True, max_length=500, validators=free_text(500))
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "step_key"], name="stepmark_unique_step")]


class EntryKind(models.TextChoices):
    DECLARED = "declared", _("Déclaration")
    SCENARIO = "scenario", _("Scénario")
    STATUS = "status", _("Statut")
    STEP = "step", _("Étape")
    NOTE = "note", _("Note")
    AWARENESS = "awareness", _("Heure de prise de connaissance")
    BREACH = "breach", _("Données personnelles")
    DECISION = "decision", _("Décision")
    CLOCK = "clock", _("Délai")
    CATCH_UP = "catch_up", _("Rattrapage")
    CLOSED = "closed", _("Clôture")
    REOPENED = "reopened", _("Réouverture")


class TimelineEntry(CabinetScopedModel):
    """One line of an incident's timeline; insert-only, so two writers never collide.

    `occurred_at` is when it really happened (typed in later from paper, in Paris
    time); `recorded_at` when it was typed.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    text = models.TextField(max_length=2000, validators=free_text(2000))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    occurred_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "recorded_at", "id"]
        indexes = [models.Index(fields=["incident", "occurred_at"], name="timeline_incident_time")]

    def __str__(self):
        return self.text[:80]

    @property
    def typed_later(self) -> bool:
        """Typed more than five minutes after it happened: the interface says so."""
        return (self.recorded_at - self.occurred_at).total_seconds() > 300
