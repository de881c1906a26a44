"""The secretary's journey on a phone (and a laptop, a desktop), in the system Chromium: declare, follow scenario B, go
offline, come back; the titulaire closes after the checks and downloads the report.

Set INCIDENT_SCREENSHOTS=/some/dir to keep 375-px screenshots of the main pages.
"""

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from incidents.models import Incident, Status
from resilience.tests.browser import chromium, open_menu, screen
from resilience.tests.factories import EmergencyContactFactory, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("INCIDENT_SCREENSHOTS")


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def sign_in(browser, base, user, width=375):
    context = screen(browser, width)
    page = context.new_page()
    page.goto(base + reverse("account_login"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base + reverse("resilience:dashboard"))
    return context, page


def wait_until_kept(page, url, timeout=15):
    """The service worker keeps the page in its cache (after registration and warm-up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate("async (url) => !!(await caches.match(url))", url):
            return
        time.sleep(0.2)
    raise AssertionError(f"{url} was never kept for offline use")


def wait_for_requests_to_finish(timeout=10):
    """Let the live server's request threads end (a service worker may still be fetching)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any("process_request_thread" in t.name for t in threading.enumerate()):
        time.sleep(0.1)


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_a_secretary_runs_scenario_b_and_the_titulaire_closes_it(browser, live_server, team, screen_width):
    base = live_server.url
    assert "localhost" in base  # service workers need a secure context: localhost is one
    EmergencyContactFactory(cabinet=team.cabinet, name="Infogérance Atlantique")
    context, page = sign_in(browser, base, team.secretary, screen_width)

    # One tap on the red button beside the brand, then one answer.
    page.get_by_role("link", name="Déclarer un incident").first.click()
    expect(page.get_by_role("heading", name="Déclarer un incident")).to_be_visible()
    shot(page, "declare")
    page.get_by_role("button", name="Oui, au moins un de ces signes").click()
    expect(page.get_by_role("heading", name="Scénario B — Suspicion de cyberattaque")).to_be_visible()
    incident = Incident.objects.get(cabinet=team.cabinet)
    incident_url = base + reverse("incidents:detail", args=[incident.pk])
    assert page.url.startswith(incident_url)

    # Tick steps without reloading (htmx).
    for key in ("b_keep_on", "b_disconnect"):
        step = page.locator(f"#etape-{key}")
        step.get_by_role("button", name="Fait", exact=True).click()
        expect(page.locator(f"#etape-{key}.step-done")).to_be_visible()
    expect(page.locator("#progress")).to_have_text("2 / 28")

    # A personal-data breach: both countdowns show.
    page.locator("form[action$='/donnees/']").get_by_role("button", name="Oui").click()
    cnil = page.locator("[data-clock=cnil_notification]").first
    complaint = page.locator("[data-clock=police_complaint]").first
    expect(cnil).to_contain_text("Notification à la CNIL")
    expect(cnil).to_contain_text("il reste 2 j 23 h")
    expect(complaint).to_contain_text("Plainte")
    expect(complaint).to_contain_text("il reste 2 j 23 h")
    shot(page, "incident")
    if SHOTS:
        page.goto(base + reverse("incidents:declarations", args=[incident.pk]))
        shot(page, "declarations")
        page.goto(base + reverse("resilience:dashboard"))
        shot(page, "dashboard")

    # The playbook, the contacts and the incident page are kept; offline, they still open.
    playbook_url = base + reverse("incidents:playbook", args=["scenario_b"])
    page.goto(playbook_url)
    shot(page, "playbook")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    dashboard_url = base + reverse("resilience:dashboard")
    for url in (playbook_url, base + reverse("resilience:contacts"), incident_url, dashboard_url):
        wait_until_kept(page, url)
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Scénario B — Suspicion de cyberattaque")).to_be_visible()
    expect(page.get_by_text("Débranchez tout de suite le câble réseau")).to_be_visible()
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    page.goto(base + reverse("resilience:contacts"))
    expect(page.get_by_text("Infogérance Atlantique")).to_be_visible()
    page.goto(incident_url)
    expect(page.locator("[data-clock=cnil_notification]").first).to_be_visible()
    for url in (dashboard_url, base + "/"):  # the first page opened, by its address or the site's root
        page.goto(url)
        expect(page.get_by_role("heading", name=team.cabinet.name)).to_be_visible()
    page.goto(base + reverse("incidents:journal", args=[incident.pk]))  # never opened: not kept
    expect(page.get_by_role("heading", name="Hors ligne")).to_be_visible()
    context.set_offline(False)
    page.goto(incident_url)
    expect(page.get_by_test_id("offline-banner")).to_be_hidden()

    # Paper work: one consultation on paper, not typed back yet.
    page.goto(base + reverse("incidents:catchup", args=[incident.pk]))
    page.get_by_role("button", name="Ajouter 1 : Consultations sur papier").click()
    expect(page.locator("#catchup-totals")).to_contain_text("1")
    shot(page, "catchup")
    context.close()

    # The titulaire sees what is left, does the catch-up and the CNIL decision, then closes.
    context, page = sign_in(browser, base, team.titulaire)
    page.goto(base + reverse("incidents:close", args=[incident.pk]))
    problems = page.get_by_test_id("closing-problems")
    expect(problems).to_contain_text("1 fiche papier à ressaisir")
    expect(problems).to_contain_text("indiquez si vous notifiez la CNIL")
    page.goto(base + reverse("incidents:catchup", args=[incident.pk]))
    page.get_by_role("button", name="Ajouter 1 : Fiches ressaisies dans le logiciel").click()
    expect(page.locator(".catchup-day").first).to_contain_text("0 fiche à ressaisir")
    page.goto(base + reverse("incidents:decision", args=[incident.pk]))
    page.get_by_label("Oui, nous notifions la CNIL").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.goto(base + reverse("incidents:close", args=[incident.pk]))
    problems = page.get_by_test_id("closing-problems")
    expect(problems).not_to_contain_text("fiche papier")
    expect(problems).to_contain_text("indiquez quand la notification a été faite")
    shot(page, "close")
    page.get_by_label("Raison de clôturer malgré tout").fill("Exercice de vérification : la CNIL sera notifiée par le titulaire demain.")
    page.get_by_role("button", name="Clore malgré tout").click()
    expect(page.get_by_test_id("status")).to_have_text("Clos")

    with page.expect_download() as download:
        page.get_by_role("link", name="Rapport PDF").click()
    text = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    for expected in (
        "Rapport d'incident",
        "Scénario B — Suspicion de cyberattaque",
        "Notification à la CNIL",
        "Plainte",
        "la CNIL sera notifiée par le titulaire demain",
        "Débranchez tout de suite le câble réseau",
        "Violation de données personnelles",
    ):
        assert expected in text, expected

    # Signing out forgets every offline copy on this phone.
    assert page.evaluate("caches.keys()")
    open_menu(page)
    page.get_by_role("button", name="Mon compte").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(base + reverse("account_login") + "*")
    deadline = time.monotonic() + 10
    while page.evaluate("caches.keys()") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert page.evaluate("caches.keys()") == []
    registrations = "navigator.serviceWorker.getRegistrations().then(r => r.length)"
    while page.evaluate(registrations) and time.monotonic() < deadline:  # unregistered just after the caches
        time.sleep(0.2)
    assert page.evaluate(registrations) == 0
    context.close()
    wait_for_requests_to_finish()
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.closed_by == team.titulaire
