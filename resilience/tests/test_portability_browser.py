"""On a 320-px phone: a titulaire asks for and downloads the cabinet's data, asks for its deletion, then cancels it."""

import json
import zipfile

import pytest

from resilience.models import Cabinet, Membership, Role
from resilience.tests.browser import chromium, phone, sign_in
from resilience.tests.factories import PASSWORD, CabinetFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_download_the_data_then_ask_for_and_cancel_the_deletion(live_server, tmp_path):
    cabinet = CabinetFactory(name="Cabinet des Lilas")
    titulaire = MembershipFactory(cabinet=cabinet, role=Role.TITULAIRE).user
    base = live_server.url
    with chromium() as browser:
        context = phone(browser)
        page = context.new_page()
        page.set_viewport_size({"width": 320, "height": 700})
        sign_in(page, base, titulaire.email, PASSWORD)

        page.goto(f"{base}/cabinet/reglages/")
        page.click("text=Télécharger toutes les données du cabinet")
        page.click("[data-testid=export-request]")  # built by the task (in-process in the tests), then shown ready
        with page.expect_download() as info:
            page.click("[data-testid=export-download]")
        path = tmp_path / "export.zip"
        info.value.save_as(path)
        with zipfile.ZipFile(path) as archive:
            assert json.loads(archive.read("cabinet.json"))["name"] == "Cabinet des Lilas"
            assert "LISEZ-MOI.txt" in archive.namelist()

        page.goto(f"{base}/cabinet/reglages/")
        page.click("text=Supprimer le cabinet")
        page.fill("input[name=confirmation]", "Cabinet des Lila")
        page.click("main form [type=submit]")
        assert page.locator("text=Ce n'est pas le nom du cabinet").is_visible()
        assert page.input_value("input[name=confirmation]") == "Cabinet des Lila"
        page.fill("input[name=confirmation]", "Cabinet des Lilas")
        page.click("main form [type=submit]")
        banner = page.locator("[data-testid=deletion-banner]")
        assert banner.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320

        page.goto(f"{base}/tableau-de-bord/")
        assert banner.is_visible()
        banner.locator("a").click()
        page.click("[data-testid=deletion-cancel]")
        page.wait_for_load_state()
        assert page.locator("text=La suppression du cabinet est annulée").is_visible()
        assert not page.locator("[data-testid=deletion-banner]").count()
        context.close()
    assert Cabinet.objects.get(pk=cabinet.pk).deletion_scheduled_for is None
    assert Membership.objects.filter(cabinet=cabinet).count() == 1
