"""A person's name: asked at sign-up, on joining a cabinet, and on the profile page.

`User.display_name` shows the name, or the email address while the name is
missing; `needs_name` says when to ask for it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

NAME_FIELDS = ("first_name", "last_name")


def name_fields() -> dict[str, forms.CharField]:
    """The two required name fields, the same in every form that asks for them."""
    return {
        "first_name": forms.CharField(
            label=_("Prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
        ),
        "last_name": forms.CharField(
            label=_("Nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
        ),
    }


def needs_name(user) -> bool:
    return bool(user.is_authenticated) and not (user.first_name.strip() and user.last_name.strip())


def clean_name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise forms.ValidationError(_("Ce champ est obligatoire."))
    return value


class NameFormMixin:
    def clean_first_name(self):
        return clean_name(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return clean_name(self.cleaned_data["last_name"])


class SignupNameForm(NameFormMixin, forms.Form):
    """Extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS).

    allauth's adapter copies first_name and last_name onto the new user.
    """

    first_name, last_name = name_fields().values()

    def signup(self, request, user):
        """Required by allauth; the adapter has already copied the names onto the user."""


class ProfileForm(NameFormMixin, forms.Form):
    first_name, last_name = name_fields().values()

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"first_name": user.first_name, "last_name": user.last_name})
        super().__init__(*args, **kwargs)
        self.user = user

    def save(self):
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        self.user.save(update_fields=list(NAME_FIELDS))
        return self.user
