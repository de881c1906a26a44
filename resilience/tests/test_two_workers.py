"""Two web processes agree on sessions and throttling (issue 13: sessions across workers).

Two real gunicorn processes on the test database, DEBUG off, no REDIS_URL:
a sign-out on one is honoured by the other, a cabinet switch on one is seen by
the other, and failed sign-ins are counted across both.
"""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings
from django.urls import reverse

from resilience.models import EmergencyContact, Role
from resilience.tests.factories import PASSWORD, CabinetFactory, MembershipFactory, UserFactory
from resilience.tests.servers import Browser, free_port, start_gunicorn, stop

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_servers(tmp_path):
    ports = [free_port(), free_port()]
    processes = [start_gunicorn(port, log_path=tmp_path / f"gunicorn-{port}.log") for port in ports]
    yield ports
    for process in processes:
        stop(process)


def _signed_in_cookie(user) -> str:
    """A session stored in the database, as allauth would store it at sign-in."""
    from django.test import Client

    with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.db"):
        client = Client()
        client.force_login(user)
        key = client.cookies["sessionid"].value
    assert SessionStore(session_key=key).exists(key)
    return key


def test_sign_out_and_cabinet_switch_are_seen_by_the_other_process(two_servers):
    first, second = (Browser(port) for port in two_servers)
    user = UserFactory()
    acacias = CabinetFactory(name="Cabinet des Acacias")
    tilleuls = CabinetFactory(name="Cabinet des Tilleuls")
    MembershipFactory(cabinet=acacias, user=user, role=Role.TITULAIRE)
    MembershipFactory(cabinet=tilleuls, user=user, role=Role.TITULAIRE)
    cookie = _signed_in_cookie(user)
    first.cookies["sessionid"] = second.cookies["sessionid"] = cookie
    dashboard = reverse("resilience:dashboard")

    current = first.get(dashboard).text
    other_name = "Cabinet des Tilleuls" if '<h1 class="h2 mb-1">Cabinet des Acacias</h1>' in current else "Cabinet des Acacias"
    other = tilleuls if other_name == "Cabinet des Tilleuls" else acacias

    # Switch on the first process; both then work for the other cabinet, again and again.
    assert first.post(reverse("resilience:cabinet_switch", args=[other.pk])).status == 302
    for _ in range(3):
        for browser in (second, first):
            page = browser.get(dashboard)
            assert page.status == 200
            assert f'<h1 class="h2 mb-1">{other_name}</h1>' in page.text

    # Sign out on the first process: the second refuses the old cookie, even to write.
    assert first.post(reverse("account_logout")).status == 302
    second.cookies["sessionid"] = cookie  # the stolen or stale cookie
    page = second.get(dashboard)
    assert page.status == 302 and "/compte/login/" in page.headers["Location"]
    created = second.post(reverse("resilience:contact_add"), {"kind": "autre", "name": "Après sortie", "phone": "0102030405"})
    assert created.status == 302 and "/compte/login/" in created.headers["Location"]
    assert not EmergencyContact.objects.filter(name="Après sortie").exists()


def test_failed_sign_ins_are_counted_across_processes(two_servers):
    user = UserFactory()
    browsers = [Browser(port) for port in two_servers]
    login = reverse("account_login")
    for attempt in range(5):  # 5 failures on one account in 5 minutes is the limit
        browsers[attempt % 2].post(login, {"login": user.email, "password": "wrong-password-1234"})
    # Three failures were seen by the first process, two by the second: the limit still holds on both.
    for browser in browsers:
        response = browser.post(login, {"login": user.email, "password": PASSWORD})
        assert response.status != 302, "signed in after the fifth failure"
        assert "sessionid" not in browser.cookies or "_auth_user_id" not in _session(browser.cookies["sessionid"])


def _session(key):
    return SessionStore(session_key=key).load()


def test_gunicorn_answers_a_utf16_form_with_a_french_400_and_one_log_line(two_servers, tmp_path):
    browser = Browser(two_servers[0])
    log = tmp_path / f"gunicorn-{two_servers[0]}.log"
    before = log.read_text().splitlines()
    body = "login=a@example.org&password=b".encode("utf-16")
    response = browser.request(
        "POST", reverse("account_login"), body, {"Content-Type": "application/x-www-form-urlencoded; charset=utf-16"}
    )
    assert response.status == 400
    assert "pas pu être lu" in response.text and '<html lang="fr">' in response.text
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    new_lines = [line for line in log.read_text().splitlines()[len(before):] if '"POST /compte/login/' not in line]
    assert len(new_lines) == 1 and "undecodable form body" in new_lines[0], new_lines
