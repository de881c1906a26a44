"""Test configuration shared by every app.

Tests run against the PostgreSQL and Redis given by DATABASE_URL and REDIS_URL
(`make test` sets both). Inside the test process Celery tasks run eagerly; the
worker test starts a real worker of its own.
"""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import override_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(scope="session", autouse=True)
def plain_http_test_server():
    """Test client and live server speak plain HTTP; production keeps HTTPS only.

    Set once for the session, before the live server builds its middleware
    (SecurityMiddleware reads SECURE_SSL_REDIRECT when it is created).
    """
    override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        # Static files straight from the finders: the live server serves them by their
        # plain names, and no stale manifest can hide a new file (`make test` still
        # runs collectstatic, so the production build is checked too).
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()


@pytest.fixture(autouse=True)
def eager_tasks():
    """Tasks run in-process, on the project's app and its broker, whatever the test before did.

    A probe app made by a test (`Celery("probe", …)`) becomes Celery's current app
    unless told otherwise, and `shared_task`s follow the current app: the next
    test would queue on the probe's broker. A fault test also points the app at a
    private Redis it then stops. Both are undone here.
    """
    from resilience.celery import app

    app.set_current()
    broker_url = app.conf.broker_url
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.set_current()
    app.conf.task_always_eager = True
    if app.conf.broker_url != broker_url:
        app.conf.broker_url = broker_url
        app._after_fork()  # Celery's own reset: forgets the pools of connections to the other broker


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached sessions must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@dataclass
class Team:
    """The base test setup: a cabinet with a titulaire, a praticien and a secretary, and an outsider.

    The outsider is titulaire of another cabinet: every cabinet URL shows them
    their own cabinet, and a 404 for any object of the first one.
    """

    cabinet: object
    titulaire: object
    member: object
    secretary: object
    outsider: object
    other_cabinet: object

    @staticmethod
    def client_for(user):
        from django.test import Client

        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def team(db):
    from resilience.models import Role
    from resilience.tests.factories import CabinetFactory, MembershipFactory

    cabinet = CabinetFactory(name="Cabinet des Acacias")
    titulaire = MembershipFactory(cabinet=cabinet, role=Role.TITULAIRE).user
    member = MembershipFactory(cabinet=cabinet, role=Role.PRATICIEN).user
    secretary = MembershipFactory(cabinet=cabinet, role=Role.SECRETARIAT).user
    other_cabinet = CabinetFactory(name="Cabinet voisin")
    outsider = MembershipFactory(cabinet=other_cabinet, role=Role.TITULAIRE).user
    return Team(cabinet, titulaire, member, secretary, outsider, other_cabinet)


@pytest.fixture(params=[375, 1280, 1440], ids=lambda width: f"{width}px")
def screen_width(request):
    """The main browser journeys run on a phone, a laptop and a desktop (see resilience/tests/browser.py)."""
    return request.param
