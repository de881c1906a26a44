"""The account emails (confirmation, password reset) name the product and its public address, in French."""

import pytest
from django.core import mail
from django.urls import reverse

from resilience.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = ("Hello", "Thank you", "You're receiving", "Please", "Password Reset", "Confirm Your", "click", "username")


def check_frame(message, settings):
    assert message.body.startswith("Bonjour,\n")
    assert "L'équipe Résilience cabinet\nhttps://resilience.example.org" in message.body
    assert "c'est  !" not in message.body and "sur ." not in message.body and "  " not in message.body
    for word in ENGLISH:
        assert word.lower() not in (message.subject + message.body).lower(), word
    assert message.subject.startswith("[Résilience cabinet] ")


def test_the_confirmation_email_names_the_site(client, settings):
    settings.SITE_URL = "https://resilience.example.org"
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "first_name": "Inès", "last_name": "Morel", "password1": PASSWORD, "password2": PASSWORD},
    )
    message = mail.outbox[-1]
    check_frame(message, settings)
    assert message.subject == "[Résilience cabinet] Confirmez votre adresse e-mail"
    assert "créer un compte sur Résilience cabinet (resilience.example.org)." in message.body
    assert "/compte/confirm-email/" in message.body


def test_the_password_reset_email_names_the_site(client, settings):
    settings.SITE_URL = "https://resilience.example.org"
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    message = mail.outbox[-1]
    check_frame(message, settings)
    assert message.subject == "[Résilience cabinet] Changer votre mot de passe"
    assert "changer le mot de passe de votre compte Résilience cabinet." in message.body
    assert "/compte/password/reset/key/" in message.body


def test_a_reset_for_an_unknown_address_says_so_in_french(client, settings):
    settings.SITE_URL = "https://resilience.example.org"
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    message = mail.outbox[-1]
    check_frame(message, settings)
    assert "aucun compte n'existe à cette adresse" in message.body
