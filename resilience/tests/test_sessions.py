"""A page view writes nothing: the session's expiry is pushed back at most every few minutes."""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resilience.guards import REFRESHED_KEY

pytestmark = pytest.mark.django_db


def _session_writes(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_page_views_do_not_write_the_session_until_the_refresh_interval(team):
    client = team.client_for(team.member)
    url = reverse("resilience:dashboard")
    client.get(url)  # the first view after sign-in stamps the session
    assert _session_writes(client, url) == []
    assert _session_writes(client, url) == []

    # Some minutes later, the next view pushes the expiry back (and re-sends the cookie).
    session = client.session
    session[REFRESHED_KEY] = int(time.time()) - settings.SESSION_REFRESH_INTERVAL - 1
    session.save()
    before = client.session.get_expiry_date()
    assert len(_session_writes(client, url)) == 1
    assert client.session.get_expiry_date() >= before
    assert _session_writes(client, url) == []


def test_database_connections_are_reused_and_checked():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0 and database["CONN_HEALTH_CHECKS"] is True
