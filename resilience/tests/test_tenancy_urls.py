"""Walk every URL pattern of the project and check who can open it.

The walk reads the URL configuration, so it grows by itself when an app adds
URLs. Each app says, in its `tests/url_objects.py`, which object of the victim
cabinet each of its URL arguments designates (OBJECT_FACTORIES) and which of
its pages are public or not cabinet pages; a URL argument nobody declared
fails the test.
"""

import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from resilience.models import Membership
from resilience.tests.factories import UrpsAdminFactory


def _declarations():
    factories, public, not_cabinet = {}, set(), set()
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tests.url_objects")
        except ModuleNotFoundError:
            continue
        factories.update(module.OBJECT_FACTORIES)
        public |= set(getattr(module, "PUBLIC_URL_NAMES", ()))
        not_cabinet |= set(getattr(module, "NOT_CABINET_PAGES", ()))
    return factories, public, not_cabinet


OBJECT_FACTORIES, PUBLIC_URL_NAMES, NOT_CABINET_PAGES = _declarations()
SKIPPED_URLCONFS = ("allauth", "django.contrib.admin")


def project_patterns(resolvers=None, namespace=""):
    """(view name, converters) of every pattern outside allauth and the admin."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "") or getattr(entry, "app_name", "") or ""
            if any(str(module).startswith(prefix) for prefix in SKIPPED_URLCONFS) or entry.app_name == "admin":
                continue
            inner_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from project_patterns(entry.url_patterns, inner_namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.converters)


def url_for(name, arguments, team):
    missing = [argument for argument in arguments if argument not in OBJECT_FACTORIES]
    assert not missing, f"{name}: add an entry to OBJECT_FACTORIES for {missing}"
    return reverse(name, kwargs={argument: OBJECT_FACTORIES[argument](team) for argument in arguments})


def test_the_walk_sees_the_core_urls():
    names = {name for name, _ in project_patterns()}
    assert {"resilience:dashboard", "resilience:member_role", "resilience:history"} <= names


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(client, team):
    for name, arguments in project_patterns():
        if name in PUBLIC_URL_NAMES:
            continue
        url = url_for(name, arguments, team)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, f"{method.__name__.upper()} {url}: {response.status_code}"
            assert response.url.startswith(reverse("account_login")), f"{url} → {response.url}"


@pytest.mark.django_db
def test_an_outsider_gets_404_on_every_object_of_another_cabinet(team):
    outsider = team.client_for(team.outsider)
    checked = 0
    for name, arguments in project_patterns():
        if name in PUBLIC_URL_NAMES or not arguments:
            continue
        url = url_for(name, arguments, team)
        assert outsider.get(url).status_code in (404, 405), f"GET {url}"
        assert outsider.post(url).status_code == 404, f"POST {url}"
        checked += 1
    assert checked >= 4
    assert Membership.objects.filter(cabinet=team.cabinet).count() == 3  # nothing was changed


@pytest.mark.django_db
def test_an_outsider_sees_only_their_own_cabinet_on_pages_without_objects(team):
    outsider = team.client_for(team.outsider)
    for name, arguments in project_patterns():
        if arguments or name in PUBLIC_URL_NAMES | NOT_CABINET_PAGES:
            continue
        response = outsider.get(reverse(name))
        assert response.status_code in (200, 302, 403), f"{name}: {response.status_code}"
        assert team.cabinet.name.encode() not in response.content, f"{name} shows the other cabinet"


@pytest.mark.django_db
def test_an_urps_admin_opens_no_cabinet_page(team):
    admin = UrpsAdminFactory()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(admin.user, generate_totp_secret())
    client = team.client_for(admin.user)
    for name, arguments in project_patterns():
        if name in PUBLIC_URL_NAMES | NOT_CABINET_PAGES:
            continue
        url = url_for(name, arguments, team)
        assert client.get(url).status_code in (403, 405), f"GET {url}"
        assert client.post(url).status_code == 403, f"POST {url}"
