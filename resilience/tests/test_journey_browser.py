"""The foundation journey in a real browser on a phone-sized screen.

Sign up, confirm the email, create a cabinet, invite a member who accepts,
turn on two-step verification, and sign in again with a TOTP code.
"""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from resilience.models import Membership, Role
from resilience.tests.browser import chromium, screen, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "tisane-au-tilleul-2026"


def path_of(link, base_url):
    return link.replace("http://testserver", base_url)


def last_link(pattern):
    return re.search(pattern, mail.outbox[-1].body).group(0)


def totp_code(secret, previous=None):
    """The current code; waits for the next 30-second window if it was just used."""
    while True:
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        if code != previous:
            return code
        time.sleep(1)


def test_sign_up_create_a_cabinet_invite_and_sign_in_with_totp(live_server, settings, screen_width):
    settings.SITE_URL = live_server.url
    base = live_server.url
    with chromium() as browser:
        titulaire = screen(browser, screen_width).new_page()

        # Sign up and confirm the email.
        titulaire.goto(f"{base}/compte/signup/")
        assert titulaire.locator("html").get_attribute("lang") == "fr"
        titulaire.fill("input[name=email]", "claire@example.org")
        titulaire.fill("input[name=first_name]", "Claire")
        titulaire.fill("input[name=last_name]", "Martin")
        titulaire.fill("input[name=password1]", PASSWORD)
        titulaire.fill("input[name=password2]", PASSWORD)
        titulaire.click("main form [type=submit]")
        titulaire.wait_for_load_state()
        titulaire.goto(path_of(last_link(r"https?://\S+/compte/confirm-email/\S+"), base))
        titulaire.click("main form [type=submit]")
        titulaire.wait_for_url(re.compile(r"/cabinet/nouveau/$"))

        # Create the cabinet.
        titulaire.fill("input[name=name]", "Cabinet des Lilas")
        titulaire.select_option("select[name=region]", "bretagne")
        # Only the region's départements are offered once it is chosen.
        offered = titulaire.locator("select[name=departement] option").evaluate_all("options => options.map(o => o.value).filter(Boolean)")
        assert sorted(offered) == ["22", "29", "35", "56"]
        titulaire.select_option("select[name=departement]", "35")
        titulaire.fill("input[name=practitioners_kinesitherapie]", "2")
        titulaire.check("input[name=share_statistics]")
        titulaire.click("main form [type=submit]")
        titulaire.wait_for_url(re.compile(r"/tableau-de-bord/$"))
        assert titulaire.get_by_role("heading", level=1).inner_text() == "Cabinet des Lilas"
        assert "2 kinés" in titulaire.inner_text("main")

        # Invite a secretary, who signs up from the link and lands in the cabinet.
        titulaire.get_by_role("link", name="Inviter un membre").click()
        titulaire.fill("input[name=email]", "julie@example.org")
        titulaire.select_option("select[name=role]", Role.SECRETARIAT)
        titulaire.click("main form [type=submit]")
        titulaire.wait_for_url(re.compile(r"/equipe/$"))
        invitation = path_of(last_link(r"https?://\S+/invitation/\S+"), base)

        secretary = screen(browser, screen_width).new_page()
        secretary.goto(invitation)
        assert "Rejoindre le cabinet Cabinet des Lilas" in secretary.inner_text("h1")
        secretary.get_by_role("link", name="Créer mon compte").click()
        secretary.fill("input[name=email]", "julie@example.org")
        secretary.fill("input[name=first_name]", "Julie")
        secretary.fill("input[name=last_name]", "Bernard")
        secretary.fill("input[name=password1]", PASSWORD)
        secretary.fill("input[name=password2]", PASSWORD)
        secretary.click("main form [type=submit]")
        secretary.wait_for_url(re.compile(r"/tableau-de-bord/$"))
        assert "Cabinet des Lilas" in secretary.inner_text("h1")
        assert Membership.objects.get(user__email="julie@example.org").role == Role.SECRETARIAT
        assert "Julie Bernard" in secretary.inner_text("main") and "julie@example.org" not in secretary.inner_text("main")

        # Turn on two-step verification.
        titulaire.goto(f"{base}/compte/2fa/totp/activate/")
        if "/reauthenticate/" in titulaire.url:
            titulaire.fill("input[name=password]", PASSWORD)
            titulaire.click("main form [type=submit]")
            titulaire.wait_for_url(re.compile(r"/totp/activate/"))
        secret = titulaire.input_value("#authenticator_secret")
        used = totp_code(secret)
        titulaire.fill("input[name=code]", used)
        titulaire.click("main form [type=submit]")
        titulaire.wait_for_load_state()
        assert "/totp/activate/" not in titulaire.url

        # Sign out, then sign in again: the password is not enough.
        titulaire.goto(f"{base}/compte/logout/")
        titulaire.click("main form [type=submit]")
        titulaire.wait_for_load_state()
        sign_in(titulaire, base, "claire@example.org", PASSWORD)
        assert "/authenticate/" in titulaire.url
        titulaire.fill("input[name=code]", totp_code(secret, previous=used))
        titulaire.click("main form [type=submit]")
        titulaire.wait_for_url(re.compile(r"/tableau-de-bord/$"))
        assert "Cabinet des Lilas" in titulaire.inner_text("h1")
