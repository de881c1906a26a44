"""Forms of the incident pages. Each owns its validation; none asks about a patient."""

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents import closing
from incidents.clocks import PARIS, deadline_after
from incidents.models import Counter, Incident, Scenario, Status, StepMark
from incidents.playbooks import get_playbooks
from resilience.forms import submit_helper
from resilience.validation import no_patient_identifier, sensible_date

NO_PATIENT_DATA = _("N'écrivez ni nom de patient, ni diagnostic, ni prescription.")
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(minutes=1)  # phones whose clock is a little ahead
MAX_SHEETS_AT_ONCE = 200


def remind_no_patient_data(form):
    """Beside every free-text field of an incident, the reminder not to write about a patient."""
    reminder = None
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea):
            reminder = reminder or str(NO_PATIENT_DATA)
            if reminder not in str(field.help_text or ""):
                field.help_text = f"{field.help_text} {reminder}" if field.help_text else NO_PATIENT_DATA
            if no_patient_identifier not in field.validators:
                field.validators.append(no_patient_identifier)


# --- times typed in Paris time -------------------------------------------------------


class ParisDateTimeField(forms.DateTimeField):
    """A datetime-local input read as Paris time; the future and the impossible are refused.

    Django's own field also refuses the ambiguous hour of the autumn change; a
    secretary typing 02:30 that night means the first one, so it is accepted.
    The hour skipped in spring does not exist and is refused with an explanation.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M")
    default_error_messages = {
        "invalid": _("Indiquez une date et une heure, par exemple 14/03/2026 09:30."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value if timezone.is_aware(value) else self._aware(value)
        text = str(value).strip()
        for fmt in self.INPUT_FORMATS:
            try:
                return self._aware(datetime.strptime(text, fmt))
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    @staticmethod
    def _aware(naive: datetime) -> datetime:
        if naive < EARLIEST.replace(tzinfo=None):
            raise ValidationError(_("Cette date est trop ancienne : vérifiez l'année."), code="too_old")
        aware = naive.replace(tzinfo=PARIS)
        if aware.astimezone(UTC).astimezone(PARIS).replace(tzinfo=None) != naive:
            raise ValidationError(
                _("Cette heure n'existe pas : c'est la nuit du passage à l'heure d'été (de 2 h on passe à 3 h)."),
                code="nonexistent",
            )
        return aware

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value < EARLIEST:
            raise ValidationError(_("Cette date est trop ancienne : vérifiez l'année."), code="too_old")
        if value > timezone.now() + FUTURE_TOLERANCE:
            raise ValidationError(
                _("Cette heure est dans le futur : indiquez l'heure où c'est vraiment arrivé."), code="future"
            )


def occurred_at_field():
    return ParisDateTimeField(
        label=_("Heure réelle (si vous le notez après coup)"),
        required=False,
        help_text=_("Laissez vide si c'est maintenant. Heure de Paris."),
    )


class NullBooleanRadio(forms.RadioSelect):
    """Yes / no / not known yet, as large radio buttons (True/False/None)."""

    def format_value(self, value):
        return [{True: "true", False: "false"}.get(value, "unknown")]

    def value_from_datadict(self, data, files, name):
        return {"true": True, "false": False}.get(data.get(name))


def tri_state(label, unknown, yes, no, **kwargs):
    return forms.NullBooleanField(
        label=label,
        required=False,
        widget=NullBooleanRadio(choices=[("unknown", unknown), ("true", yes), ("false", no)]),
        **kwargs,
    )


# --- declaring and running ---------------------------------------------------------------


class DeclareForm(forms.Form):
    answer = forms.ChoiceField(label=_("Réponse"), choices=())
    aware_at = ParisDateTimeField(
        label=_("Depuis quand ? (si ce n'est pas maintenant)"),
        required=False,
        help_text=_("L'heure où le cabinet s'en est rendu compte : les délais légaux partent de là."),
    )
    summary = forms.CharField(
        label=_("Ce qui se passe, en une phrase (facultatif)"),
        max_length=200,
        required=False,
        help_text=NO_PATIENT_DATA,
        validators=[no_patient_identifier],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = [(a.key, a.label) for a in get_playbooks().triage.answers]
        self.fields["answer"].error_messages["invalid_choice"] = _("Choisissez une des trois réponses.")
        self.fields["answer"].error_messages["required"] = _("Choisissez une des trois réponses.")


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_PATIENT_DATA,
        validators=[no_patient_identifier],
        error_messages={"required": _("Écrivez la note avant de l'enregistrer.")},
    )
    occurred_at = occurred_at_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Ajouter la note"))


class StepForm(forms.Form):
    state = forms.ChoiceField(choices=StepMark.State.choices)
    reason = forms.CharField(
        label=_("Pourquoi est-ce sans objet ?"), max_length=500, required=False, validators=[no_patient_identifier]
    )
    occurred_at = occurred_at_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") == closing.NOT_APPLICABLE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Écrivez en quelques mots pourquoi cette étape est sans objet."))
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Où en est le cabinet ?"),
        choices=[(value, label) for value, label in Status.choices if value != Status.CLOSED],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Changer le statut"))


class ScenarioForm(forms.Form):
    scenario = forms.ChoiceField(label=_("Scénario"), choices=Scenario.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Pourquoi changer ? (facultatif)"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        remind_no_patient_data(self)
        self.helper = submit_helper(_("Changer de scénario"))


# --- sections of the incident, protected against concurrent edits ---------------------------


def fingerprint(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, default=str, sort_keys=True).encode()).hexdigest()[:32]


class SectionForm(forms.ModelForm):
    """A form over a few fields of an incident that never overwrites a change made meanwhile.

    It carries a fingerprint of the values it showed. If someone saved this same
    section between the display and the submit, nothing is written: the page
    shows what is now stored, and keeps what the person typed, to check and
    send again.
    """

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    submit_label = _("Enregistrer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        remind_no_patient_data(self)
        self.initial_values = {name: getattr(self.instance, name) for name in self.Meta.fields}
        self.stored_fingerprint = fingerprint(self.initial_values)
        self.fields["seen"].initial = self.stored_fingerprint
        self.conflict = False
        self.helper = submit_helper(self.submit_label)

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and cleaned.get("seen") != self.stored_fingerprint:
            self.conflict = True
            data = self.data.copy()
            data["seen"] = self.stored_fingerprint  # sending again, knowingly, overwrites
            self.data = data
            raise ValidationError(
                _(
                    "Quelqu'un a modifié ces informations pendant que vous écriviez. Rien n'a été écrasé : "
                    "la version enregistrée est affichée au-dessus, votre saisie est conservée ci-dessous. "
                    "Vérifiez, puis enregistrez de nouveau."
                ),
                code="conflict",
            )
        return cleaned


class AwarenessForm(SectionForm):
    aware_at = ParisDateTimeField(label=_("Le cabinet s'en est rendu compte le"))
    submit_label = _("Enregistrer l'heure")

    class Meta:
        model = Incident
        fields = ["aware_at", "summary"]
        help_texts = {"summary": NO_PATIENT_DATA}


class BreachForm(SectionForm):
    personal_data = tri_state(
        _("Des données de patients peuvent-elles être touchées ?"),
        _("Je ne sais pas encore"),
        _("Oui (fichiers bloqués, chiffrés, volés ou effacés)"),
        _("Non"),
        help_text=_("Des fichiers rendus illisibles par un rançongiciel, c'est « oui » : la perte de disponibilité est une violation."),
    )
    submit_label = _("Enregistrer la violation")

    class Meta:
        model = Incident
        fields = [
            "personal_data",
            "high_risk",
            "breach_nature",
            "data_categories",
            "people_affected",
            "records_affected",
            "contact_point",
            "likely_consequences",
            "measures_taken",
            "measures_planned",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in ["breach_nature", "data_categories", "contact_point", "likely_consequences", "measures_taken", "measures_planned"]}
        labels = {"high_risk": _("Le risque pour les patients est élevé (données sensibles divulguées, usurpation possible…)")}
        help_texts = {
            "breach_nature": _("Exemple : rançongiciel ; fichiers du logiciel métier chiffrés, vol de données possible."),
            "data_categories": _("Exemple : dossiers médicaux, coordonnées, numéros de sécurité sociale, agenda."),
            "people_affected": _("Une estimation suffit, par exemple le nombre de patients du cabinet."),
            "records_affected": _("Une estimation : nombre de dossiers, de fichiers ou de lignes."),
            "contact_point": _("Nom, téléphone et e-mail de la personne à joindre (le titulaire, ou le délégué à la protection des données)."),
            "likely_consequences": _("Exemple : soins retardés, perte de l'historique, divulgation du secret médical."),
            "measures_taken": _("Exemple : poste isolé du réseau, mots de passe changés, prestataire mobilisé."),
            "measures_planned": _("Exemple : restauration depuis une sauvegarde saine, double authentification."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("people_affected", "records_affected"):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("high_risk") and cleaned.get("personal_data") is not True:
            self.add_error("high_risk", _("Un risque élevé suppose que des données de patients sont touchées : répondez « Oui » au-dessus."))
        return cleaned


class DecisionForm(SectionForm):
    notify_cnil = tri_state(
        _("Notifiez-vous la CNIL ?"),
        _("Pas encore décidé"),
        _("Oui, nous notifions la CNIL"),
        _("Non, et nous disons pourquoi"),
    )
    cnil_notified_at = ParisDateTimeField(label=_("Notification faite le"), required=False)
    submit_label = _("Enregistrer la décision")

    class Meta:
        model = Incident
        fields = ["notify_cnil", "notify_reason", "cnil_notified_at", "cnil_reference", "cnil_delay_reason"]
        widgets = {"notify_reason": forms.Textarea(attrs={"rows": 3}), "cnil_delay_reason": forms.Textarea(attrs={"rows": 2})}
        labels = {"notify_reason": _("Pourquoi ? (gardé dans le registre des violations)")}
        help_texts = {
            "notify_reason": _("Exemple : « fichiers restaurés en 2 h depuis une sauvegarde saine, aucune fuite : pas de risque pour les patients »."),
            "cnil_reference": _("Le numéro donné par le téléservice de la CNIL."),
            "cnil_delay_reason": _("Obligatoire si la notification est faite plus de 72 h après la prise de connaissance."),
        }

    def clean(self):
        cleaned = super().clean()
        notify, notified_at = cleaned.get("notify_cnil"), cleaned.get("cnil_notified_at")
        if notify is False and not (cleaned.get("notify_reason") or "").strip():
            self.add_error("notify_reason", _("Vous ne notifiez pas la CNIL : écrivez pourquoi, cette justification doit être conservée."))
        if notified_at:
            if notify is False:
                self.add_error("cnil_notified_at", _("Vous indiquez une notification : choisissez « Oui, nous notifions la CNIL »."))
            elif notify is None:
                cleaned["notify_cnil"] = True
            if notified_at < self.instance.aware_at:
                self.add_error("cnil_notified_at", _("La notification ne peut pas précéder la prise de connaissance de l'incident."))
            elif notified_at > deadline_after(self.instance.aware_at) and not (cleaned.get("cnil_delay_reason") or "").strip():
                self.add_error("cnil_delay_reason", _("La notification est faite après 72 h : écrivez la raison du retard, la CNIL la demande."))
        return cleaned


class ComplaintForm(SectionForm):
    complaint_filed_at = ParisDateTimeField(label=_("Plainte déposée le"), required=False)
    ars_reported_at = ParisDateTimeField(label=_("Signalé à l'ARS (CERT Santé) le"), required=False)
    submit_label = _("Enregistrer")

    class Meta:
        model = Incident
        fields = ["complaint_filed_at", "complaint_place", "ars_reported_at"]
        help_texts = {"complaint_place": _("Exemple : commissariat de Bordeaux, PV n° 2026/001234.")}

    def clean(self):
        cleaned = super().clean()
        for name in ("complaint_filed_at", "ars_reported_at"):
            if cleaned.get(name) and cleaned[name] < self.instance.aware_at:
                self.add_error(name, _("Cette date précède la prise de connaissance de l'incident."))
        return cleaned


class PatientsForm(SectionForm):
    patients_informed_at = ParisDateTimeField(label=_("Patients informés le"), required=False)
    submit_label = _("Enregistrer")

    class Meta:
        model = Incident
        fields = ["patients_informed_at", "patients_exemption", "patients_note"]
        widgets = {"patients_note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"patients_note": _("Comment (courrier, affichage, appel) ou pourquoi pas.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        info = get_playbooks().patient_information
        self.fields["patients_exemption"] = forms.ChoiceField(
            label=_("Une exception s'applique-t-elle ?"),
            choices=[("", _("Non : nous informons les patients"))] + [(e.key, e.text) for e in info.exemptions],
            required=False,
            widget=forms.RadioSelect,
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("patients_exemption") and not (cleaned.get("patients_note") or "").strip():
            self.add_error("patients_note", _("Expliquez en une phrase pourquoi cette exception s'applique."))
        if cleaned.get("patients_informed_at") and cleaned["patients_informed_at"] < self.instance.aware_at:
            self.add_error("patients_informed_at", _("Cette date précède la prise de connaissance de l'incident."))
        return cleaned


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Raison de clôturer malgré tout"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Gardée dans le rapport d'incident."),
    )

    def __init__(self, *args, problems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = list(problems)
        if not self.problems:
            del self.fields["reason"]
        remind_no_patient_data(self)

    def clean(self):
        cleaned = super().clean()
        if self.problems:
            try:
                cleaned["reason"] = closing.validate_override_reason(cleaned.get("reason"))
            except ValueError as error:
                self.add_error("reason", str(error))
        return cleaned


# --- paper catch-up ------------------------------------------------------------------------


def not_future_day(value):
    if value > timezone.localdate():
        raise ValidationError(_("Ce jour est dans le futur."))


class CountForm(forms.Form):
    day = forms.DateField(label=_("Jour"), validators=[sensible_date, not_future_day], widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    counter = forms.ChoiceField(choices=Counter.choices)
    delta = forms.IntegerField(min_value=-1000, max_value=1000)

    def clean_delta(self):
        delta = self.cleaned_data["delta"]
        if delta == 0:
            raise ValidationError(_("Indiquez un nombre différent de zéro."))
        return delta


SHEET_NUMBER = re.compile(r"^[A-Za-z]{0,3}-?\d{1,6}$")
SHEET_RANGE = re.compile(r"^(\d{1,6})-(\d{1,6})$")


def parse_sheet_numbers(text: str) -> list[str]:
    """'12, 13 20-25 A-7' -> ['12', '13', '20', …, '25', 'A-7']; a name or a wide range is refused."""
    numbers = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        match = SHEET_RANGE.match(token)
        if match:
            first, last = int(match[1]), int(match[2])
            if last < first or last - first >= MAX_SHEETS_AT_ONCE:
                raise ValidationError(_("La plage %(t)s n'est pas valable (au plus %(n)d fiches à la fois).") % {"t": token, "n": MAX_SHEETS_AT_ONCE})
            numbers.extend(str(n) for n in range(first, last + 1))
        elif SHEET_NUMBER.match(token):
            numbers.append(token.upper())
        else:
            raise ValidationError(
                _("« %(t)s » n'est pas un numéro de fiche. Indiquez seulement des numéros (12, A-12 ou 12-18), jamais un nom.") % {"t": token[:30]}
            )
    unique = list(dict.fromkeys(numbers))
    if not unique:
        raise ValidationError(_("Indiquez au moins un numéro de fiche."))
    if len(unique) > MAX_SHEETS_AT_ONCE:
        raise ValidationError(_("Au plus %(n)d fiches à la fois.") % {"n": MAX_SHEETS_AT_ONCE})
    return unique


class SheetsForm(forms.Form):
    day = forms.DateField(label=_("Jour de la consultation"), validators=[sensible_date, not_future_day], widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    numbers = forms.CharField(
        label=_("Numéros des fiches papier"),
        max_length=500,
        help_text=_("Par exemple : 12, 13, 20-25. Seulement des numéros, jamais le nom du patient."),
    )
    to_bill = forms.BooleanField(label=_("Ces actes restent à facturer"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Ajouter les fiches"))

    def clean_numbers(self):
        return parse_sheet_numbers(self.cleaned_data["numbers"])


class SheetActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("typed", "untyped", "billed", "unbilled")])


# --- drills ----------------------------------------------------------------------------------


class DrillStartForm(forms.Form):
    playbook = forms.ChoiceField(label=_("Quel guide voulez-vous tester ?"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["playbook"].choices = [(p.key, p.title) for p in get_playbooks().playbooks]


class DrillFinishForm(forms.Form):
    note = forms.CharField(
        label=_("Ce qu'il faut améliorer (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        remind_no_patient_data(self)
