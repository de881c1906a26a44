"""Forms of the kit pages. They own their validation; errors are short and in French."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit.scaling import Slot, slot_label, stock_key
from kit.models import CheckResult, Equipment, Kit
from resilience.forms import submit_helper
from resilience.validation import no_patient_identifier, sensible_date

MAX_QUANTITY = 100_000
NAME_LENGTH = 60  # kit.models.Prescriber.label
QUANTITY_ERRORS = {
    "required": _("Indiquez un nombre (0 s'il n'y en a plus)."),
    "invalid": _("Indiquez un nombre entier, sans virgule ni lettre (par exemple 12)."),
    "min_value": _("Une quantité ne peut pas être négative : indiquez 0 s'il n'y en a plus."),
    "max_value": _("Ce nombre est trop grand : vérifiez la saisie."),
}


def _not_in_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("Cette date est dans le futur : indiquez un jour passé ou aujourd'hui."))
    return day


class UnknownLine(Exception):
    """A posted field names a line that is not in the catalogue (a forged or stale form)."""


class StockForm(forms.Form):
    """The quantity of every form and sheet, on one screen, and the names of the prescribers.

    Each count posts its quantity (``q-<key>``; for a form held per prescriber
    ``q-<key>--<profession>-<number>``, one per prescriber) and the value shown
    when the page was opened (``was-…``). Only counts that differ from what was
    shown are written, one row each: two people updating two lines at the
    same moment both keep their change. A count not posted at all is left as
    it is. ``name-<profession>-<number>`` is what the cabinet calls a
    prescriber (« Dr Martin »), optional.
    """

    PREFIXES = ("q-", "was-", "name-")

    def __init__(self, data=None, *, rows, names: dict | None = None):
        super().__init__(data)
        names = names or {}
        self.counts = []  # (row, holding or None, stock key, suffix)
        for row in rows:
            if row.holdings:
                for holding in row.holdings:
                    suffix = f"{row.line.key}--{self._slot_suffix(holding.slot)}"
                    self.counts.append((row, holding, stock_key(row.line.key, holding.slot), suffix, holding.on_hand))
            else:
                self.counts.append((row, None, row.line.key, row.line.key, row.on_hand))
        self.slots = tuple(dict.fromkeys(h.slot for row in rows for h in row.holdings))
        known = {suffix for _row, _h, _key, suffix, _shown in self.counts}
        known_slots = {self._slot_suffix(slot) for slot in self.slots}
        if data is not None:
            for name in data:
                prefix = next((p for p in self.PREFIXES if name.startswith(p)), None)
                if prefix is None:
                    continue
                if name[len(prefix):] not in (known_slots if prefix == "name-" else known):
                    raise UnknownLine(name)
        for row, holding, _key, suffix, shown in self.counts:
            self.fields[f"q-{suffix}"] = forms.IntegerField(
                label=holding.title if holding else row.line.label,
                required=False,
                min_value=0,
                max_value=MAX_QUANTITY,
                initial=shown,
                error_messages=QUANTITY_ERRORS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "form-control form-control-lg"}),
            )
            self.fields[f"was-{suffix}"] = forms.IntegerField(required=False, initial=shown, widget=forms.HiddenInput)
        for slot in self.slots:
            self.fields[f"name-{self._slot_suffix(slot)}"] = forms.CharField(
                label=slot_label(slot),
                required=False,
                max_length=NAME_LENGTH,
                initial=names.get(slot, ""),
                validators=[no_patient_identifier],
                error_messages={"max_length": _("Un nom court suffit (%(limit_value)s caractères au plus).")},
            )

    @staticmethod
    def _slot_suffix(slot: Slot) -> str:
        return f"{slot.profession}-{slot.number}"  # no dot: the ids stay usable as CSS selectors

    def clean(self):
        cleaned = super().clean()
        for _row, _holding, _key, suffix, _shown in self.counts:
            name = f"q-{suffix}"
            if name in self.data and name not in self.errors and cleaned.get(name) is None:
                self.add_error(name, QUANTITY_ERRORS["required"])
        return cleaned

    def rows(self):
        """(row, [(holding or None, quantity field, shown-value field)]) for the template, one entry per line."""
        grouped: dict[str, tuple] = {}
        for row, holding, _key, suffix, _shown in self.counts:
            grouped.setdefault(row.line.key, (row, []))[1].append((holding, self[f"q-{suffix}"], self[f"was-{suffix}"]))
        return list(grouped.values())

    def name_fields(self):
        return [self[f"name-{self._slot_suffix(slot)}"] for slot in self.slots]

    def changed_quantities(self) -> dict:
        """{stock key: quantity} of the counts changed since the page was shown (``kit.scaling.stock_key``)."""
        changed = {}
        for _row, _holding, key, suffix, _shown in self.counts:
            name = f"q-{suffix}"
            if name not in self.data:
                continue
            value, shown = self.cleaned_data[name], self.cleaned_data.get(f"was-{suffix}")
            if shown is None or value != shown:
                changed[key] = value
        return changed

    def checked_keys(self) -> set:
        """The per-prescriber counts posted: seen by someone, so no longer « to check » even when unchanged."""
        return {key for _row, holding, key, suffix, _shown in self.counts if holding and f"q-{suffix}" in self.data}

    def names(self) -> dict[Slot, str]:
        """{slot: name} of the names posted."""
        return {
            slot: self.cleaned_data[f"name-{self._slot_suffix(slot)}"].strip()
            for slot in self.slots
            if f"name-{self._slot_suffix(slot)}" in self.data
        }


class BinderForm(forms.ModelForm):
    class Meta:
        model = Kit
        fields = ["binder_location"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Enregistrer"))


YES_NO_UNKNOWN = [("", _("Je ne sais pas")), ("true", _("Oui")), ("false", _("Non"))]


class EquipmentForm(forms.ModelForm):
    class Meta:
        model = Equipment
        fields = ["quantity", "state", "location", "last_tested_on", "encrypted", "templates_present", "notes"]
        widgets = {
            "last_tested_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "state": forms.RadioSelect,
        }
        help_texts = {
            "last_tested_on": _("Le dernier jour où il a été allumé et essayé. Le test du kit le remplit aussi."),
            "encrypted": _("Une clé à chiffrement matériel demande un code avant de s'ouvrir."),
            "templates_present": _("Modèles d'ordonnance types et de courriers d'adressage."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].error_messages.update(QUANTITY_ERRORS)
        self.fields["quantity"].widget.attrs.update({"inputmode": "numeric", "min": 0})
        if self.instance.is_usb_key:
            for name in ("encrypted", "templates_present"):
                self.fields[name] = forms.TypedChoiceField(
                    label=self.fields[name].label,
                    help_text=self.fields[name].help_text,
                    choices=YES_NO_UNKNOWN,
                    coerce=lambda value: {"true": True, "false": False}.get(value),
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
                value = getattr(self.instance, name)
                self.initial[name] = "" if value is None else str(value).lower()
        else:
            del self.fields["encrypted"], self.fields["templates_present"]
        self.helper = submit_helper(_("Enregistrer"))

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity is not None and quantity > MAX_QUANTITY:
            raise forms.ValidationError(QUANTITY_ERRORS["max_value"])
        return quantity

    def clean_last_tested_on(self):
        return _not_in_future(self.cleaned_data.get("last_tested_on"))


class KitTestForm(forms.Form):
    """The guided six-monthly test: one result (and an optional note) per check of the catalogue."""

    performed_on = forms.DateField(
        label=_("Date du test"),
        validators=[sensible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    participants = forms.CharField(
        label=_("Qui a participé ?"),
        required=False,
        max_length=300,
        help_text=_("Facultatif : les autres membres de l'équipe présents."),
    )
    notes = forms.CharField(
        label=_("Remarques"),
        required=False,
        max_length=2000,
        validators=[no_patient_identifier],
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, checks, **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = checks
        self.fields["performed_on"].initial = timezone.localdate()
        for check in checks:
            self.fields[f"result-{check.key}"] = forms.ChoiceField(
                label=check.label,
                choices=CheckResult.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choisissez OK, Problème ou Non vérifié.")},
            )
            self.fields[f"note-{check.key}"] = forms.CharField(
                label=_("Remarque"), required=False, max_length=300, validators=[no_patient_identifier]
            )

    def clean_performed_on(self):
        return _not_in_future(self.cleaned_data.get("performed_on"))

    def steps(self):
        """(check, result field, note field) for the template."""
        return [(check, self[f"result-{check.key}"], self[f"note-{check.key}"]) for check in self.checks]

    def results(self) -> dict[str, tuple[str, str]]:
        return {
            check.key: (self.cleaned_data[f"result-{check.key}"], self.cleaned_data[f"note-{check.key}"].strip())
            for check in self.checks
        }
