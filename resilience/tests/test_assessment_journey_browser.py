"""The self-assessment on a phone, in the system Chromium: start, answer two themes, close the
browser, come back, finish, read the plan, download the PDF, update an action, and later
compare a second assessment with the first.

Set ASSESSMENT_SCREENSHOTS=/some/dir to keep 375-px screenshots of the pages along the way.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from resilience.assessment.questionnaire import get_questionnaire
from resilience.models import ActionItem, ActionStatus, Answer, Assessment
from resilience.tests import browser as helpers
from resilience.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("ASSESSMENT_SCREENSHOTS")


def shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def signed_in(browser, live_server, user, csp_errors, width=375):
    """A new browser context (a browser opened afresh) signed in through the real form."""
    context = helpers.screen(browser, width)
    page = context.new_page()
    page.on("console", lambda message: "Content Security Policy" in message.text and csp_errors.append(message.text))
    helpers.sign_in(page, live_server.url, user.email, PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    return context, page


def answer_theme(page, theme, code):
    """Tap one answer per question and wait until each is saved (htmx autosave)."""
    # The team's cabinet is a médecins' one: the kinés' questions are not on its pages.
    for question in get_questionnaire().for_professions(["medecine_generale"]).questions_in(theme):
        offered = code if code in question.answers else "yes"
        page.locator(f"label[for='q-{question.key}-{offered}']").click()
        expect(page.locator(f"#saved-{question.key}")).to_contain_text("Enregistré")


def test_a_titulaire_goes_from_the_dashboard_to_a_plan_and_its_pdf(live_server, team, tmp_path, screen_width):
    csp_errors = []
    with helpers.chromium() as browser:
        context, page = signed_in(browser, live_server, team.titulaire, csp_errors, screen_width)
        shot(page, "01-dashboard-empty")
        page.get_by_role("link", name="Faire l'autodiagnostic").click()
        page.get_by_role("button", name="Commencer l'autodiagnostic").click()
        page.wait_for_url("**/themes/sauvegardes/")
        answer_theme(page, "sauvegardes", "no")
        expect(page.locator("#assessment-progress-text")).to_contain_text("5 réponses sur 68")
        shot(page, "02-theme-sauvegardes")
        page.get_by_role("button", name="Enregistrer et continuer").click()
        page.wait_for_url("**/themes/protection_sauvegardes/")
        answer_theme(page, "protection_sauvegardes", "unknown")
        context.close()  # the browser is closed without pressing any button

        assessment = Assessment.objects.get(cabinet=team.cabinet)
        assert Answer.objects.filter(assessment=assessment).count() == 9

        context, page = signed_in(browser, live_server, team.titulaire, csp_errors, screen_width)
        page.get_by_role("link", name="Reprendre l'autodiagnostic").click()
        expect(page.locator("#assessment-progress-text")).to_contain_text("9 réponses sur 68")
        page.get_by_role("link", name="Reprendre", exact=True).click()
        page.wait_for_url("**/themes/contact_appui/")  # where it stopped
        for theme in get_questionnaire().themes[2:]:
            code = "no" if theme.key in ("contact_appui", "mots_de_passe", "double_verification") else "yes"
            answer_theme(page, theme.key, code)
            page.locator("button[name=go][value=next]").click()
            page.wait_for_load_state()
        page.wait_for_url("**/relecture/")
        expect(page.get_by_text("Toutes les questions ont une réponse.")).to_be_visible()
        shot(page, "03-review")
        page.get_by_role("button", name="Terminer et voir mon plan d'action").click()
        page.wait_for_url("**/resultat/")
        shot(page, "04-result")

        titles = page.locator("[data-testid=priorities] h3").all_inner_texts()
        assert titles[:4] == [
            "1. Vérifier les sauvegardes sans attendre",
            "2. Faire le point sur vos sauvegardes avec votre prestataire",
            "3. Identifier un contact d'appui en cas d'incident",
            "4. Sécuriser les accès essentiels",
        ]
        expect(page.get_by_text("En cas d'incident : 3 réflexes essentiels")).to_be_visible()

        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger le résultat et le plan (PDF)").click()
        pdf = tmp_path / "result.pdf"
        download.value.save_as(pdf)
        flat = " ".join(helpers.pdf_text(pdf).split())
        assert "Cabinet des Acacias" in flat and "Score par thème" in flat
        assert flat.index("Vérifier les sauvegardes sans attendre") < flat.index("Identifier un contact d'appui")
        assert flat.index("Identifier un contact d'appui") < flat.index("Sécuriser les accès essentiels")

        page.locator("[data-testid=priorities] li").first.get_by_role("link", name="Mettre à jour le suivi").click()
        page.select_option("select[name=status]", ActionStatus.IN_PROGRESS)
        page.select_option("select[name=owner]", label=team.secretary.display_name)
        page.fill("input[name=due_date]", "2031-03-31")
        shot(page, "05-action-form")
        page.get_by_role("button", name="Enregistrer").click()
        page.wait_for_url("**/resultat/*")
        expect(page.locator("[data-testid=priorities] li").first.locator(".badge")).to_have_text("En cours")

        page.goto(f"{live_server.url}/tableau-de-bord/")
        expect(page.locator("[data-testid=dashboard-score]")).to_be_visible()
        expect(page.locator("[data-testid=open-priorities]")).to_contain_text("Vérifier les sauvegardes sans attendre")
        shot(page, "06-dashboard")

        # Later: a second assessment starts blank, beside the previous answers, and compares.
        page.get_by_role("link", name="Refaire l'autodiagnostic").click()
        page.get_by_role("button", name="Commencer un nouvel autodiagnostic").click()
        page.wait_for_url("**/themes/sauvegardes/")
        expect(page.locator("[data-testid=previous-answer]").first).to_have_text("Réponse précédente : Non")
        expect(page.locator("#assessment-progress-text")).to_contain_text("0 réponse sur 68")
        answer_theme(page, "sauvegardes", "yes")
        shot(page, "07-second-theme")
        page.get_by_text("Tous les thèmes").click()
        page.get_by_role("link", name="Relire mes réponses et terminer").click()
        page.get_by_role("button", name="Terminer et voir mon plan d'action").click()
        page.wait_for_url("**/resultat/")
        comparison = page.locator("[data-testid=comparison]")
        expect(comparison.locator("tr").nth(1)).to_contain_text("Sauvegardes")
        expect(comparison.locator("tr").nth(1)).to_contain_text("+100")
        expect(page.locator("[data-testid=improved]")).to_contain_text("(Non → Oui)")
        shot(page, "08-second-result")
        page.goto(f"{live_server.url}/autodiagnostic/")
        expect(page.locator("svg.chart rect")).to_have_count(2)
        shot(page, "09-overview")
        context.close()

    assert csp_errors == []  # no inline script or style anywhere on the way
    item = ActionItem.objects.get(assessment__cabinet=team.cabinet, action_key="backups_verify")
    assert item.status == ActionStatus.IN_PROGRESS and item.owner.user == team.secretary
    assert str(item.due_date) == "2031-03-31"
