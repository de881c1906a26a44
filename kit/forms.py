"""Forms of the kit pages. They own their validation; errors are short and in French."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit.catalogue import KitLine
from kit.models import CheckResult, Equipment, Kit
from resilience.forms import submit_helper
from resilience.validation import no_patient_identifier, sensible_date

MAX_QUANTITY = 100_000
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
    """The quantity of every form and sheet, on one screen.

    Each line posts its quantity (``q-<key>``) and the value shown when the
    page was opened (``was-<key>``). Only lines whose quantity differs from
    what was shown are written, one row each: two people updating two lines
    at the same moment both keep their change. A line not posted at all is
    left as it is.
    """

    PREFIXES = ("q-", "was-")

    def __init__(self, data=None, *, lines: tuple[KitLine, ...], current: dict[str, int]):
        super().__init__(data)
        self.lines = lines
        self.current = current
        known = {line.key for line in lines}
        if data is not None:
            for name in data:
                prefix = next((p for p in self.PREFIXES if name.startswith(p)), None)
                if prefix is not None and name[len(prefix):] not in known:
                    raise UnknownLine(name)
        for line in lines:
            shown = current.get(line.key, 0)
            self.fields[f"q-{line.key}"] = forms.IntegerField(
                label=line.label,
                required=False,
                min_value=0,
                max_value=MAX_QUANTITY,
                initial=shown,
                error_messages=QUANTITY_ERRORS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "form-control form-control-lg"}),
            )
            self.fields[f"was-{line.key}"] = forms.IntegerField(
                required=False, initial=shown, widget=forms.HiddenInput
            )

    def clean(self):
        cleaned = super().clean()
        for line in self.lines:
            name = f"q-{line.key}"
            if name in self.data and name not in self.errors and cleaned.get(name) is None:
                self.add_error(name, QUANTITY_ERRORS["required"])
        return cleaned

    def rows(self):
        """(line, quantity field, shown-value field) for the template."""
        return [(line, self[f"q-{line.key}"], self[f"was-{line.key}"]) for line in self.lines]

    def changed_quantities(self) -> dict[str, int]:
        changed = {}
        for line in self.lines:
            name = f"q-{line.key}"
            if name not in self.data:
                continue
            value, shown = self.cleaned_data[name], self.cleaned_data.get(f"was-{line.key}")
            if shown is None or value != shown:
                changed[line.key] = value
        return changed


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
