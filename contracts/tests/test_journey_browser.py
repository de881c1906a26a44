"""A titulaire reviews the IT provider's contract on a phone, in the system Chromium.

Add the contract, review it (each answer saved as soon as it is tapped), see
what blocks, download the gap report and the letter, checked with pdftotext.

Set CONTRACTS_SCREENSHOTS=/some/dir to keep 375-px screenshots of the pages.
"""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from contracts.models import Contract, ReviewAnswer
from contracts.renewal import minus_months
from contracts.verdicts import ANSWER_LABELS, ANSWERS
from resilience.french_dates import date_format
from resilience.models import Role
from resilience.tests.browser import chromium, open_menu, pdf_text, screen, sign_in
from resilience.tests.factories import PASSWORD, CabinetFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("CONTRACTS_SCREENSHOTS")


def shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def flat(text):
    return " ".join(text.split())


def answer(page, key, choice, clause_ref=None):
    """Tap an answer (and type the article) and wait until the item says it is saved."""
    anchor = "item-" + key.replace(".", "-").replace("_", "-")
    status = page.locator(f"#{anchor}-status")
    if clause_ref:
        page.locator(f"#{anchor} summary").click()
        page.fill(f"#id_{anchor}_clause_ref", clause_ref)
    page.locator(f"label[for='id_{anchor}_value_{choice}']").click()
    expect(status).to_contain_text(re.compile(rf"Enregistré à \S+ : {re.escape(ANSWER_LABELS[ANSWERS[choice]])}"))


def download(page, click, tmp_path, name):
    with page.expect_download() as info:
        click()
    path = tmp_path / name
    info.value.save_as(path)
    return flat(pdf_text(path))


def test_a_titulaire_reviews_a_contract_and_sends_a_letter(live_server, tmp_path, screen_width):
    cabinet = CabinetFactory(name="Cabinet des Acacias", address="1 rue des Lilas, 33000 Bordeaux")
    ends_on = date(timezone.localdate().year + 2, 2, 1)
    titulaire = MembershipFactory(cabinet=cabinet, role=Role.TITULAIRE, user__first_name="Claire", user__last_name="Martin").user

    with chromium() as browser:
        context = screen(browser, screen_width)
        page = context.new_page()
        sign_in(page, live_server.url, titulaire.email, PASSWORD)

        # The menu leads to the contracts.
        open_menu(page)
        page.get_by_role("link", name="Contrats", exact=True).click()
        expect(page.get_by_role("heading", name="Contrats informatiques")).to_be_visible()

        # Add the contract.
        page.get_by_role("link", name="Ajouter un contrat").click()
        page.fill("#id_provider", "Gironde Info Services")
        page.select_option("#id_kind", "infogerance")
        page.fill("#id_reference", "MAINT-118")
        page.fill("#id_provider_address", "8 quai des Chartrons\n33000 Bordeaux")
        page.fill("#id_starts_on", ends_on.replace(year=ends_on.year - 3).isoformat())
        page.fill("#id_ends_on", ends_on.isoformat())
        page.check("#id_tacit_renewal")
        page.fill("#id_notice_months", "3")
        page.get_by_role("button", name="Enregistrer le contrat").click()
        with translation.override("fr"):
            last_day = date_format(minus_months(ends_on, 3), "l j F Y")
        expect(page.locator("main")).to_contain_text(f"Dernier jour pour résilier : {last_day}")
        contract = Contract.objects.get(cabinet=cabinet)

        # Review it: the first point, then the incidents.
        page.get_by_role("button", name="Commencer la revue").click()
        expect(page.get_by_role("heading", name="1. Périmètre et responsabilités")).to_be_visible()
        answer(page, "scope.services", 0, clause_ref="Art. 2")
        answer(page, "scope.exclusions", 1)
        answer(page, "scope.duty_to_advise", 2)
        shot(page, "review-category")
        page.get_by_role("link", name="Point suivant").click()
        expect(page.get_by_role("heading", name="2. Gestion des incidents et des cyberattaques")).to_be_visible()
        answer(page, "incidents.cyberattack_procedure", 2)
        answer(page, "incidents.critical_response_time", 1, clause_ref="Art. 5.1")
        expect(page.locator("#category-status")).to_contain_text("Bloquant")
        assert ReviewAnswer.objects.filter(review__contract=contract).exclude(value="").count() == 5

        # The result says what blocks.
        page.get_by_role("link", name="Retour au résultat de la revue").click()
        expect(page.get_by_test_id("verdict")).to_have_text("Bloquant")
        expect(page.locator("main")).to_contain_text("Une procédure écrite en cas de cyberattaque")
        shot(page, "review-result")

        # The gap report.
        report = download(page, lambda: page.get_by_role("link", name="Rapport des écarts (PDF)").click(), tmp_path, "rapport.pdf")
        assert "Rapport des écarts du contrat" in report and "Gironde Info Services" in report
        assert "Une procédure écrite en cas de cyberattaque" in report and "Réponse : Absent" in report
        assert "article : Art. 5.1" in report

        # The letter, edited before it is downloaded.
        page.get_by_role("link", name="Courrier au prestataire").click()
        letter = page.locator("#id_text")
        expect(letter).to_contain_text("Madame, Monsieur,")
        expect(page.get_by_role("button", name="Copier le texte")).to_be_visible()
        letter.fill(letter.input_value() + "\n\nP.-S. : je vous propose d'en parler lors de votre prochaine visite.")
        shot(page, "letter")
        text = download(page, lambda: page.get_by_role("button", name="Télécharger le courrier (PDF)").click(), tmp_path, "courrier.pdf")
        assert "Cabinet des Acacias" in text and "8 quai des Chartrons" in text
        assert "Madame, Monsieur," in text and "cyberattaque" in text
        assert "P.-S. : je vous propose d'en parler lors de votre prochaine visite." in text
        assert "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées." in text
        assert "Claire Martin" in text
        context.close()
