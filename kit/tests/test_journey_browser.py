"""The kit on a phone, in a real browser: update three stock lines, run a kit test, print the kit and the notice."""

import re

import pytest

from kit.models import KitTest, StockLevel
from resilience.models import Role
from resilience.tests.browser import chromium, pdf_text, screen, sign_in
from resilience.tests.factories import PASSWORD, CabinetFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_counts_the_binder_tests_the_kit_and_prints_it(live_server, screen_width):
    cabinet = CabinetFactory(name="Cabinet <b>Dupont & Fils</b>", counts={"medecine_generale": 3})
    MembershipFactory(cabinet=cabinet, role=Role.TITULAIRE)
    secretary = MembershipFactory(cabinet=cabinet, role=Role.SECRETARIAT).user
    base = live_server.url
    with chromium() as browser:
        context = screen(browser, screen_width)
        page = context.new_page()
        sign_in(page, base, secretary.email, PASSWORD)

        # The kit from the menu: what is missing for 3 practitioners.
        page.goto(f"{base}/kit/")
        assert page.get_by_role("heading", level=1).inner_text() == "Kit « mode dégradé »"
        assert "Quantités calculées pour 3 médecins" in page.inner_text("main")
        assert page.locator("#ligne-feuilles_de_soins").inner_text().count("150 exemplaires") == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= screen_width  # nothing wider than the screen

        # Count three lines of the binder; one typing mistake is caught first.
        page.get_by_role("link", name="Mettre à jour les stocks").click()
        page.wait_for_url(re.compile(r"/kit/stocks/$"))
        # One compact input per médecin for their own forms, and still nothing wider than the screen.
        assert page.locator("[name^='q-arrets_de_travail--medecine_generale-']").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= screen_width
        page.fill("#id_q-feuilles_de_soins", "120")
        page.fill("#id_q-arrets_de_travail--medecine_generale-1", "-2")  # one compact input per médecin
        page.fill("#id_q-fiches_examen", "150")
        page.click("main form [type=submit]")
        page.wait_for_load_state()
        assert "ne peut pas être négative" in page.inner_text("#ligne-arrets_de_travail")
        assert page.input_value("#id_q-feuilles_de_soins") == "120"  # what was typed is kept
        assert not StockLevel.objects.filter(cabinet=cabinet).exists()
        page.fill("#id_q-arrets_de_travail--medecine_generale-1", "4")
        page.click("main form [type=submit]")
        page.wait_for_url(re.compile(r"/kit/$"))
        assert "3 lignes mises à jour" in page.inner_text("main")
        stock = {
            (key, profession, number): quantity for key, profession, number, quantity
            in StockLevel.objects.filter(cabinet=cabinet).values_list("line_key", "profession", "slot", "quantity")
        }
        assert stock == {
            ("feuilles_de_soins", "", 0): 120, ("arrets_de_travail", "medecine_generale", 1): 4,
            ("fiches_examen", "", 0): 150,
        }

        # The six-monthly test: one tap per check.
        page.get_by_role("link", name="Faire le test du kit").first.click()
        page.wait_for_url(re.compile(r"/kit/tests/nouveau/$"))
        for point in page.locator("li[id^=point-]").all():
            point.locator("label", has_text="OK").click()
        page.locator("#point-hotspot_connecte label", has_text="Problème").click()
        page.fill("#id_note-hotspot_connecte", "Plus de forfait 4G")
        page.click("main form [type=submit]")
        page.wait_for_url(re.compile(r"/kit/tests/\d+/$"))
        test = KitTest.objects.get(cabinet=cabinet)
        assert [check["key"] for check in test.problems] == ["hotspot_connecte"]
        assert "Plus de forfait 4G" in page.inner_text("main")

        # Print the kit and the notice from the kit page.
        page.goto(f"{base}/kit/")
        with page.expect_download() as download:
            page.click("[data-testid=pdf-kit]")
        kit = pdf_text(download.value.path())
        assert "Cabinet <b>Dupont & Fils</b>" in kit
        assert "Scénario B" in kit and "Fiche d'examen" in kit
        with page.expect_download() as download:
            page.click("[data-testid=pdf-notice]")
        notice = pdf_text(download.value.path())
        assert "Panne informatique" in notice and "Cabinet <b>Dupont & Fils</b>" in notice
        context.close()
