from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


def _same_name(typed: str, name: str) -> bool:
    """Spaces and capitals aside, the typed text is the cabinet's name."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


class DeletionForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Pour confirmer, recopiez le nom du cabinet"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, cabinet, **kwargs):
        super().__init__(*args, **kwargs)
        self.cabinet = cabinet
        self.fields["confirmation"].help_text = _("Nom du cabinet : %(name)s") % {"name": cabinet.name}
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("submit", _("Supprimer le cabinet dans 7 jours"), css_class="btn-danger btn-lg w-100 w-sm-auto")
        )

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"]
        if not _same_name(typed, self.cabinet.name):
            raise forms.ValidationError(
                _("Ce n'est pas le nom du cabinet. Recopiez exactement : %(name)s"), params={"name": self.cabinet.name}
            )
        return typed
