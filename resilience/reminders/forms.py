from django import forms
from django.utils.translation import gettext_lazy as _

from resilience.reminders import registry

HOURS = [("", _("L'heure choisie par le cabinet"))] + [(str(h), f"{h:02d}:00") for h in range(24)]


class PreferencesForm(forms.Form):
    """Email on or off per kind (urgent incident emails cannot be turned off), and the digest hour."""

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        muted = set(profile.muted_kinds)
        self.fields["digest"] = forms.BooleanField(
            label=_("Recevoir le récapitulatif quotidien par e-mail"), required=False, initial="digest" not in muted
        )
        self.kind_keys = []
        for kind in registry.kinds():
            if kind.urgent or kind.provider is None:
                continue
            self.kind_keys.append(kind.key)
            self.fields[f"kind_{kind.key}"] = forms.BooleanField(label=kind.label, required=False, initial=kind.key not in muted)
        self.fields["digest_hour"] = forms.TypedChoiceField(
            label=_("Heure du récapitulatif (heure de Paris)"),
            choices=HOURS,
            coerce=int,
            empty_value=None,
            required=False,
            initial="" if profile.digest_hour is None else str(profile.digest_hour),
        )

    def save(self):
        data = self.cleaned_data
        muted = [key for key in self.kind_keys if not data.get(f"kind_{key}")]
        if not data.get("digest"):
            muted.append("digest")
        self.profile.muted_kinds = muted
        self.profile.digest_hour = data.get("digest_hour")
        self.profile.save(update_fields=["muted_kinds", "digest_hour"])
        return self.profile
