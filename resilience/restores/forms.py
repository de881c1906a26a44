from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resilience.forms import options_from, submit_helper
from resilience.memberships import TEAM
from resilience.models import ContactKind, EmergencyContact, Membership, ReminderSettings, RestoreTest
from resilience.tenancy import compiled_once


def _providers(tenant):
    return tenant.scope(EmergencyContact).filter(kind__in=[ContactKind.IT_PROVIDER, ContactKind.SOFTWARE_VENDOR, ContactKind.OTHER])


PROVIDERS = compiled_once(_providers)  # the providers to choose from, read by a query built once per process


class RestoreTestForm(forms.ModelForm):
    """Who did it is a member or a provider from the contacts; exactly one."""

    class Meta:
        model = RestoreTest
        fields = [
            "performed_on",
            "performed_by",
            "provider",
            "target",
            "target_detail",
            "backup_date",
            "backup_medium",
            "result",
            "duration_minutes",
            "evidence",
        ]
        widgets = {"performed_on": forms.DateInput(attrs={"type": "date"}), "backup_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        performed_by, provider = self.fields["performed_by"], self.fields["provider"]
        performed_by.queryset = tenant.scope(Membership).select_related("user")
        performed_by.label_from_instance = lambda membership: membership.user.display_name
        options_from(performed_by, tenant.fetch(TEAM))
        provider.queryset = _providers(tenant)
        provider.label_from_instance = lambda contact: contact.name
        options_from(provider, tenant.fetch(PROVIDERS))
        self.fields["provider"].help_text = _("Choisissez un membre ou un prestataire de vos contacts d'urgence.")
        self.helper = submit_helper(_("Enregistrer le test"))

    def clean(self):
        data = super().clean()
        if bool(data.get("performed_by")) == bool(data.get("provider")):
            raise forms.ValidationError(_("Indiquez qui a fait le test : un membre de l'équipe ou un prestataire, pas les deux."))
        performed_on, backup_date = data.get("performed_on"), data.get("backup_date")
        if performed_on and performed_on > timezone.localdate():
            self.add_error("performed_on", _("Le test ne peut pas être dans le futur : notez-le une fois fait."))
        if performed_on and backup_date and backup_date > performed_on:
            self.add_error("backup_date", _("La sauvegarde utilisée ne peut pas être postérieure au test."))
        return data


class IntervalForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["restore_interval_months"]
        help_texts = {"restore_interval_months": _("Entre 1 et 12 mois. Le guide conseille au moins un test tous les 6 mois.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["restore_interval_months"].widget.attrs.update({"min": 1, "max": 12})
        self.helper = submit_helper(_("Enregistrer l'intervalle"))
