"""`{% main_menu %}` writes the layout's `<nav>` as its template wrote it, for every kind of visitor."""

import itertools
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone

from resilience.models import Reminder, Role
from resilience.tests.factories import CabinetFactory, MembershipFactory, UrpsAdminFactory, UserFactory
from resilience.tests.html_support import squeeze

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before" / "main_menu.html"
_item_ids = itertools.count(1)


def _request(user, path="/tableau-de-bord/"):
    request = RequestFactory().get(path)
    request.user, request.session, request.resolver_match = user, {}, resolve(path)
    return request


def _menu(user, path="/tableau-de-bord/") -> str:
    """The menu through both, each with a request of its own (the tenant is resolved once per request)."""
    expected = squeeze(engines["django"].from_string(BEFORE.read_text()).render({}, _request(user, path)))
    written = squeeze(engines["django"].from_string("{% load navigation %}{% main_menu %}").render({}, _request(user, path)))
    assert written == expected
    return written


def _unread(cabinet, user, n):
    for _ in range(n):
        Reminder.objects.create(
            cabinet=cabinet, kind="restore_test", item_id=next(_item_ids), due=timezone.localdate(), stage=1,
            recipient=user, title="Test", url="/",
        )


def test_the_menu_of_each_kind_of_visitor_is_written_as_its_template_wrote_it(team):
    anonymous = _menu(AnonymousUser(), "/")
    assert "Mon compte" not in anonymous and "navbar-brand" in anonymous

    urps = _menu(UrpsAdminFactory().user, "/")
    assert "Espace URPS" in urps and "cabinet-menu" not in urps

    without_cabinet = _menu(UserFactory(), "/")
    assert "Mon compte" in without_cabinet and "cabinet-menu" not in without_cabinet

    secretary = _menu(team.secretary)
    assert "cabinet-menu" in secretary and "bell-count" not in secretary

    team.cabinet.name = "L'Étang <b>"
    team.cabinet.save()
    hostile = CabinetFactory(name='<script>"Les Pins" & fils</script>')  # joined last: the current cabinet
    MembershipFactory(cabinet=hostile, user=team.titulaire, role=Role.PRATICIEN)
    _unread(hostile, team.titulaire, 3)
    two_cabinets = _menu(team.titulaire)
    assert 'data-testid="bell-count">3<' in two_cabinets and 'data-testid="menu-unread">3<' in two_cabinets
    assert "&lt;script&gt;" in two_cabinets and "Passer au cabinet L&#x27;Étang &lt;b&gt;" in two_cabinets
    assert 'aria-current="page"' in two_cabinets

    _unread(team.cabinet, team.member, 1)
    assert "1 non lue" in _menu(team.member, "/incidents/")
