"""The error pages: French, with the security headers; 503 with Retry-After while the database is unreachable."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_while_the_database_restarts_a_page_says_to_try_again_in_a_minute(team):
    client = signed_in(team.titulaire)
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=refused):
        response = client.get(reverse("resilience:dashboard"))
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Service momentanément indisponible" in body and "réessayez dans une minute" in body
    assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response


def test_any_other_failure_is_a_french_500(team):
    client = signed_in(team.titulaire)
    with mock.patch("resilience.views.home.render", side_effect=RuntimeError("bug")):
        response = client.get(reverse("resilience:dashboard"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()
    assert "Retry-After" not in response
