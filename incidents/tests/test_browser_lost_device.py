"""A praticien declares a lost laptop on a phone (issue 10): scenario C, its steps, the CNIL clock
while the data question is open, the breach register « à qualifier », then confirmed."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from incidents.models import Incident, Scenario
from resilience.tests.browser import chromium, phone
from resilience.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def test_a_praticien_declares_a_lost_laptop(browser, live_server, team):
    base = live_server.url
    context = phone(browser)
    page = context.new_page()
    page.goto(base + reverse("account_login"))
    page.fill("input[name=login]", team.member.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base + reverse("resilience:dashboard"))

    page.get_by_role("link", name="Déclarer un incident").first.click()
    page.get_by_role("button", name="Un ordinateur, un téléphone ou une clé USB du cabinet a été perdu ou volé").click()
    expect(page.get_by_role("heading", name="Scénario C — Perte ou vol d'un ordinateur, d'un téléphone ou d'une clé USB")).to_be_visible()
    incident = Incident.objects.get(cabinet=team.cabinet)
    assert incident.scenario == Scenario.C

    # Its own steps, ticked without reloading; the CNIL clock runs until the data question is answered.
    step = page.locator("#etape-lost_wipe")
    expect(step).to_contain_text("effacer l'appareil à distance")
    step.get_by_role("button", name="Fait", exact=True).click()
    expect(page.locator("#etape-lost_wipe.step-done")).to_be_visible()
    expect(page.locator("#etape-lost_cps")).to_contain_text("carte CPS")
    cnil = page.locator("[data-clock=cnil_notification]").first
    expect(cnil).to_contain_text("il reste 2 j 23 h")
    expect(page.locator("[data-clock=police_complaint]")).to_have_count(0)

    page.goto(base + reverse("incidents:register"))
    expect(page.get_by_test_id("register-to-qualify")).to_contain_text("à qualifier")

    # The laptop was not encrypted: patients' data may be read.
    page.goto(base + reverse("incidents:detail", args=[incident.pk]))
    page.locator("form[action$='/donnees/']").get_by_role("button", name="Oui").click()
    expect(page.get_by_text("Violation de données personnelles", exact=True)).to_be_visible()
    page.goto(base + reverse("incidents:register"))
    expect(page.get_by_role("link", name="Scénario C")).to_be_visible()
    expect(page.get_by_test_id("register-to-qualify")).to_have_count(0)
    context.close()
    incident.refresh_from_db()
    assert incident.personal_data is True and incident.register_status == "confirmed"
