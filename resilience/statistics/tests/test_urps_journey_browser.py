"""The URPS admin's journey in a real browser: TOTP sign-in, a filter, the three downloads."""

import csv
import io
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from openpyxl import load_workbook

from resilience.statistics.tests.support import all_answers, cabinet, finished
from resilience.tests.browser import chromium, pdf_text, phone, sign_in
from resilience.tests.factories import UrpsAdminFactory
from resilience.tests.test_journey_browser import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "tisane-au-tilleul-2026"


def test_the_urps_admin_filters_by_departement_and_downloads_csv_xlsx_and_pdf(live_server, settings, tmp_path):
    settings.URPS_MIN_CABINETS = 5
    for i in range(12):
        finished(cabinet("33", 1 if i < 6 else 3), all_answers(backup_exists="no" if i % 3 else "yes"))
    for _ in range(7):
        finished(cabinet("64", 2), all_answers(mfa_mail="unknown"))
    admin = UrpsAdminFactory()
    admin.user.set_password(PASSWORD)
    admin.user.save()
    EmailAddress.objects.update_or_create(user=admin.user, email=admin.user.email, defaults={"verified": True, "primary": True})
    secret = generate_totp_secret()
    TOTP.activate(admin.user, secret)

    with chromium() as browser:
        context = phone(browser)
        page = context.new_page()
        sign_in(page, live_server.url, admin.user.email, PASSWORD)
        assert "/authenticate/" in page.url
        page.fill("input[name=code]", totp_code(secret))
        page.click("main form [type=submit]")
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/urps/")
        assert "Nouvelle-Aquitaine" in page.inner_text("main")

        page.select_option("#f-departement", "33")
        page.click(".urps-filters [type=submit]")
        page.wait_for_url(re.compile(r"departement=33"))
        assert "33 – Gironde" in page.inner_text("main")

        files = {}
        for label, kind in (("CSV", "csv"), ("Excel (XLSX)", "xlsx"), ("Rapport PDF", "pdf")):
            with page.expect_download() as download:
                page.click(f".urps-exports a:text-is('{label}')")
            files[kind] = tmp_path / f"export.{kind}"
            download.value.save_as(files[kind])
        context.close()

    rows = list(csv.reader(io.StringIO(files["csv"].read_text("utf-8-sig")), delimiter=";"))
    assert ["Département", "33 – Gironde"] in rows
    registered = next(row for row in rows if row and row[0] == "Cabinets inscrits")
    assert registered[1] == "12"
    sheet = load_workbook(files["xlsx"], read_only=True).active
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["Département", "33 – Gironde"] in cells and ["Cabinets inscrits", 12, 19] in cells
    text = pdf_text(files["pdf"])
    assert "Gironde" in text and "Règle de confidentialité" in text and "moins de 5 cabinets" in text
