from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from resilience.models import Cabinet, EmergencyContact, Membership, Role
from resilience.territories import region_of


def submit_helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-primary btn-lg w-100 w-sm-auto"))
    return helper


class CabinetForm(forms.ModelForm):
    class Meta:
        model = Cabinet
        fields = ["name", "profession", "region", "departement", "practitioners", "address", "phone", "share_statistics"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "practitioners": _("Sert à calculer les quantités du kit « mode dégradé »."),
            "share_statistics": _(
                "Si vous cochez cette case, les résultats de vos autodiagnostics sont ajoutés, sans le nom "
                "du cabinet ni aucune réponse individuelle, aux statistiques régionales que consulte votre URPS "
                "pour organiser formations et accompagnement. Aucun chiffre n'est montré pour un groupe de "
                "moins de 5 cabinets. Vous pouvez changer d'avis à tout moment."
            ),
        }

    def __init__(self, *args, submit_label=_("Enregistrer"), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioners"].widget.attrs["min"] = 1
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.helper = submit_helper(submit_label)

    def clean(self):
        cleaned = super().clean()
        region, departement = cleaned.get("region"), cleaned.get("departement")
        if region and departement and region_of(departement) != region:
            self.add_error("departement", _("Ce département n'appartient pas à la région choisie."))
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
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
