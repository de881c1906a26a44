"""Signing up, confirming the email, signing in, password rules and throttling."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from resilience.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_is_in_french(client):
    page = client.get(reverse("account_login")).content.decode()
    assert '<html lang="fr">' in page and "Mot de passe" in page and "Connexion" in page


def test_sign_up_requires_confirming_the_email(client):
    response = client.post(reverse("account_signup"), {"email": "new@example.org", "first_name": "Anne", "last_name": "Martin", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("resilience:dashboard")).status_code == 302  # not signed in yet
    link = re.search(r"https?://\S+/compte/confirm-email/\S+", mail.outbox[0].body).group(0)
    path = link[link.index("/compte/"):]
    client.post(path)
    response = client.get(reverse("resilience:home"))
    assert response.url == reverse("resilience:cabinet_create")


@pytest.mark.parametrize("password", ["court-123", "password1234", "123456789012345"])
def test_weak_passwords_are_refused(client, password):
    response = client.post(reverse("account_signup"), {"email": "new@example.org", "first_name": "Anne", "last_name": "Martin", "password1": password, "password2": password})
    assert response.status_code == 200
    assert "new@example.org" in response.content.decode()


def test_a_12_character_password_is_the_minimum():
    minimum = next(v for v in settings.AUTH_PASSWORD_VALIDATORS if v["NAME"].endswith("MinimumLengthValidator"))
    assert minimum["OPTIONS"]["min_length"] == 12


def test_failed_sign_ins_are_throttled(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password-123"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_the_session_expires_after_inactivity():
    # Pushed back by resilience.guards.SessionRefreshMiddleware, at most every few minutes (test_sessions).
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_REFRESH_INTERVAL <= 10 * 60
    assert settings.SESSION_COOKIE_AGE <= 4 * 3600


def test_password_reset_sends_a_link(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1 and "/compte/password/reset/key/" in mail.outbox[0].body
