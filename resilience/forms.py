from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from resilience.layout import HTML, Column, Fieldset, Layout, Row
from resilience.models import Cabinet, EmergencyContact, Membership, Profession, Role
from resilience.practitioners import set_practitioners
from resilience.professions import profession_words
from resilience.territories import region_of


def options_from(field, objects) -> None:
    """A model choice field's options written from objects already read (by a query compiled once), instead
    of its queryset run again for each field listing it; the queryset still checks what is posted."""
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = empty + [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in objects]


def submit_helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-primary btn-lg w-100 w-sm-auto"))
    return helper


def share_statistics_help():
    """What the URPS will see, in plain words, with a link to a sample of its dashboard."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils.html import format_html

    return format_html(
        "{} <a href=\"{}\">{}</a>",
        _(
            "Si vous cochez cette case, votre URPS voit les résultats de votre dernier autodiagnostic mêlés à ceux "
            "des autres cabinets : combien de cabinets participent, les scores (médiane, répartition), les questions "
            "où les cabinets sont fragiles, le suivi des actions. Jamais le nom du cabinet ni vos réponses une à "
            "une, et aucun chiffre qui porte sur moins de %(n)d cabinets. Vous pouvez changer d'avis à tout moment."
        ) % {"n": settings.URPS_MIN_CABINETS},
        reverse("resilience:urps_sample"),
        _("Voir un exemple de ce que voit l'URPS"),
    )


PRACTITIONERS_PREFIX = "practitioners_"
MAX_PRACTITIONERS_PER_PROFESSION = 200


# The cabinet form's layout: a declaration, built once (each object's `__init__` costs crispy a `flatatt`);
# its texts are lazy, translated when the form is rendered. Rendering reads it, never changes it.
CABINET_LAYOUT = Layout(
    "name",
    Fieldset(
        _("Praticiens du cabinet"),
        HTML(
            format_lazy(
                '<p class="form-text">{}</p>',
                _("Combien de praticiens de chaque profession exercent ici ? Le kit « mode dégradé » et "
                  "les consignes sont adaptés à chaque profession, et les quantités au nombre de praticiens."),
            )
        ),
        Row(
            *(Column(PRACTITIONERS_PREFIX + code, css_class="col-6 col-md-4") for code in Profession.values),
            css_class="align-items-end",
        ),
    ),
    "region",
    "departement",
    "address",
    "phone",
    "share_statistics",
)


class CabinetForm(forms.ModelForm):
    """The cabinet's identity and its practitioners, counted by profession."""

    class Meta:
        model = Cabinet
        fields = ["name", "region", "departement", "address", "phone", "share_statistics"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
        }

    def __init__(self, *args, submit_label=_("Enregistrer"), **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.practitioner_counts_map() if self.instance.pk else {}
        words = profession_words()
        for code in Profession.values:
            self.fields[PRACTITIONERS_PREFIX + code] = forms.IntegerField(
                label=words[code].plural.capitalize(),
                required=False,
                min_value=0,
                max_value=MAX_PRACTITIONERS_PER_PROFESSION,
                initial=current.get(code, 0),
                widget=forms.NumberInput(attrs={"min": 0, "max": MAX_PRACTITIONERS_PER_PROFESSION, "inputmode": "numeric"}),
            )
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.fields["share_statistics"].help_text = share_statistics_help()
        self.helper = submit_helper(submit_label)
        self.helper.layout = CABINET_LAYOUT

    def practitioner_counts(self) -> dict[str, int]:
        """{profession: practitioners} as typed (after validation), professions at 0 left out."""
        return {
            code: self.cleaned_data[PRACTITIONERS_PREFIX + code]
            for code in Profession.values
            if self.cleaned_data.get(PRACTITIONERS_PREFIX + code)
        }

    def clean(self):
        cleaned = super().clean()
        region, departement = cleaned.get("region"), cleaned.get("departement")
        if region and departement and region_of(departement) != region:
            self.add_error("departement", _("Ce département n'appartient pas à la région choisie."))
        count_fields = [PRACTITIONERS_PREFIX + code for code in Profession.values]
        if not any(name in self.errors for name in count_fields) and not any(cleaned.get(f) for f in count_fields):
            raise forms.ValidationError(_("Indiquez au moins un praticien, dans la profession qui est la sienne."))
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        counts = self.practitioner_counts()
        cabinet = super().save(commit=False)
        set_practitioners(cabinet, counts)  # saves the cabinet, its total and main profession
        cabinet.save()
        return cabinet


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    # No role is preselected: the titulaire chooses one knowingly (the page lists what each role may do).
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[("", _("Choisissez un rôle"))] + list(Role.choices),
    )

    def __init__(self, *args, cabinet, **kwargs):
        super().__init__(*args, **kwargs)
        self.cabinet = cabinet
        self.helper = submit_helper(_("Envoyer l'invitation"))

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if Membership.objects.for_cabinet(self.cabinet).filter(user__email__iexact=email).exists():
            raise forms.ValidationError(_("Cette personne fait déjà partie du cabinet."))
        return email


class RoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Changer le rôle"))


class EmergencyContactForm(forms.ModelForm):
    class Meta:
        model = EmergencyContact
        fields = ["kind", "name", "phone", "email", "hours", "reference", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "off"})
        self.helper = submit_helper(_("Enregistrer le contact"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email"):
            raise forms.ValidationError(_("Indiquez au moins un téléphone ou un e-mail : sinon, impossible de joindre ce contact."))
        return cleaned
