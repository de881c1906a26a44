"""The URPS pages and exports: who may see them, what they contain, how many queries."""

import csv
import io
import subprocess

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from resilience.statistics import exports, queries, report
from resilience.statistics.filters import Calendar, Filters, Scope
from resilience.statistics.tests.support import all_answers, cabinet, finished, urps_client
from resilience.tests.factories import UrpsAdminFactory, UserFactory

pytestmark = pytest.mark.django_db
PAGES = ["resilience:urps_home", "resilience:urps_csv", "resilience:urps_xlsx", "resilience:urps_pdf"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/login" in response.url


@pytest.mark.parametrize("name", PAGES)
def test_cabinet_users_get_403(team, name):
    assert team.client_for(team.titulaire).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_an_urps_admin_without_two_step_verification_is_sent_to_set_it_up(client, name):
    client.force_login(UrpsAdminFactory().user)
    assert client.get(reverse(name)).url == reverse("mfa_activate_totp")


def test_urps_admins_keep_403_on_cabinet_pages(client, team):
    urps_client(client)
    assert client.get(reverse("resilience:dashboard")).status_code in (302, 403)
    assert client.get(reverse("resilience:members")).status_code == 403


def test_the_admin_sees_only_its_region_and_its_professions(client, region):
    cabinet("33", counts={"kinesitherapie": 1})  # not in the admin's professions
    urps_client(client)
    with override_settings(URPS_MIN_CABINETS=5):
        page = client.get(reverse("resilience:urps_home")).content.decode()
        # Another region's département cannot be chosen: it falls back to « tous » with a message.
        other = client.get(reverse("resilience:urps_home"), {"departement": "35"})
    assert "Gironde" in page and "35 – Ille-et-Vilaine" not in page
    assert other.status_code == 200 and "pas valable" in other.content.decode()
    scope = Scope.of(UrpsAdminFactory.build(region="nouvelle-aquitaine", professions=["medecine_generale"]))
    with override_settings(URPS_MIN_CABINETS=5):
        built = report.build(scope, Filters(), Calendar.now())
    registered = built.table("participation").rows[0]
    # 14 registered in the region (Gironde 12 + Landes 2, not Bretagne, not the kiné) is hidden:
    # minus the 12 of Gironde assessed it would give the 2 of Landes.
    assert registered[1].value is None
    assert registered[2].value == 20  # the whole country



def test_a_national_account_sees_every_region(client, region):
    scope = Scope.of(UrpsAdminFactory.build(national=True, professions=["medecine_generale"]))
    with override_settings(URPS_MIN_CABINETS=5):
        built = report.build(scope, Filters(departement="33"), Calendar.now())
        brittany = report.build(scope, Filters(departement="35"), Calendar.now())
    assert built.table("participation").rows[0][1].value == 12
    # Landes (2) is hidden, so Ille-et-Vilaine (6), the smallest other part, is hidden too:
    # the country's total minus Gironde would otherwise give the 2 cabinets of Landes.
    assert brittany.table("participation").rows[0][1].value is None


def test_a_national_scope_without_departement_is_the_country(region):
    """queries.facts reuses the country-wide facts as the national scope's own: they must be the same."""
    scope = Scope.of(UrpsAdminFactory.build(national=True, professions=["medecine_generale"]))
    calendar = Calendar.now()
    for filters in (Filters(), Filters(size="1", period="24")):
        assert queries.group_facts(scope, filters, calendar) == queries.group_facts(scope, filters, calendar, country=True)
    with override_settings(URPS_MIN_CABINETS=5):
        built = report.build(scope, Filters(), calendar)
    assert built.table("scores").rows[1][1].value == built.table("scores").rows[1][2].value is not None


def test_filters_stay_in_the_url_and_are_applied(client, region):
    urps_client(client)
    with override_settings(URPS_MIN_CABINETS=5):
        page = client.get(reverse("resilience:urps_home"), {"departement": "33", "taille": "1", "periode": "24"})
    body = page.content.decode()
    assert 'value="33" selected' in body and 'value="1" selected' in body and 'value="24" selected' in body
    assert "export.csv?departement=33&amp;taille=1&amp;periode=24" in body


def test_the_page_runs_a_fixed_number_of_queries(client, region):
    urps_client(client)
    url = reverse("resilience:urps_home")
    with override_settings(URPS_MIN_CABINETS=5, URPS_REFRESH_SECONDS=0):
        client.get(url)  # the first request after sign-in may refresh the session
        cache.clear()
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        with CaptureQueriesContext(connection) as cached:
            client.get(url)
        for i in range(15):
            finished(cabinet("64", 1 + i % 5), all_answers(mfa_mail="no"))
        with CaptureQueriesContext(connection) as more:  # a new version of the data: computed again
            client.get(url)
    assert len(few) == len(more)
    # Nothing changed: only the data version is read, the figures come from the shared cache.
    statistics = [q["sql"] for q in cached.captured_queries if "summary" in q["sql"]]
    assert len(statistics) == 1 and "MAX(assessment_id)" in statistics[0]
    assert len(cached) < len(few)


def test_figures_are_read_again_after_the_refresh_interval(client, region):
    urps_client(client)
    url = reverse("resilience:urps_home")
    with override_settings(URPS_MIN_CABINETS=5, URPS_REFRESH_SECONDS=300):
        client.get(url)
        with CaptureQueriesContext(connection) as within:
            client.get(url)
        cache.delete(queries.VERSION_KEY)  # what the interval's end does
        with CaptureQueriesContext(connection) as after:
            client.get(url)
    assert len(after) == len(within) + 1


def test_csv_and_xlsx_hold_the_same_figures_and_suppression(client, region):
    urps_client(client)
    with override_settings(URPS_MIN_CABINETS=5):
        response = client.get(reverse("resilience:urps_csv"), {"departement": "33"})
        xlsx = client.get(reverse("resilience:urps_xlsx"), {"departement": "33"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][1] == "Nouvelle-Aquitaine"
    assert ["Département", "33 – Gironde"] in rows
    assert any(row[:1] == ["Participation"] for row in rows)
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    xlsx_rows = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert [[c for c in r if c] for r in xlsx_rows] == [[c for c in r if c] for r in rows]
    # Landes (2 cabinets) never appears as a number, only as the notice.
    landes = next(row for row in rows if row and row[0].startswith("40 – Landes")) if any(
        row and row[0].startswith("40 –") for row in rows) else None
    assert landes is None  # filtered to Gironde: Landes is not listed at all


def test_a_formula_like_text_is_written_as_text():
    class FakeReport:
        pass

    from openpyxl import Workbook  # noqa: F401 (openpyxl must be installed)

    assert exports._safe_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exports._safe_text("-3") == "'-3" and exports._safe_text(12) == 12
    built = report.build(Scope.of(UrpsAdminFactory.build(region="nouvelle-aquitaine", professions=["medecine_generale"])),
                         Filters(), Calendar.now())
    built.tables[0].rows.append(["=1+1", "@cmd", "+33"])
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(built))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value in ("=1+1", "@cmd", "+33")]
    assert len(cells) == 3 and all(c.data_type == "s" for c in cells)


def test_the_pdf_report_has_the_scope_the_figures_and_the_rule(client, region):
    urps_client(client)
    with override_settings(URPS_MIN_CABINETS=5):
        response = client.get(reverse("resilience:urps_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "Nouvelle-Aquitaine" in text and "Règle de confidentialité" in text
    assert "moins de 5 cabinets" in text and "Gironde" in text


def test_a_cabinet_member_never_becomes_an_urps_admin_page_viewer(client):
    client.force_login(UserFactory())
    assert client.get(reverse("resilience:urps_home")).status_code == 403


def test_the_sharing_setting_says_what_the_urps_sees_and_links_to_a_sample(team):
    client = team.client_for(team.titulaire)
    settings_page = client.get(reverse("resilience:cabinet_settings")).content.decode()
    assert "jamais le nom du cabinet".lower() in settings_page.lower()
    assert reverse("resilience:urps_sample") in settings_page
    sample = client.get(reverse("resilience:urps_sample")).content.decode()
    assert "Chiffres inventés" in sample and "moins de 10 cabinets" in sample


def test_the_demo_urps_admin_sees_a_living_dashboard():
    from django.core.management import call_command

    from resilience.models import UrpsAdmin

    call_command("load_demo", password="tisane-au-tilleul-2026")
    admin = UrpsAdmin.objects.get(user__email="urps@example.org")
    built = report.build(Scope.of(admin), Filters(), Calendar.now())
    assert built.median.value is not None
    assert built.table("participation").rows[2][1].value >= 200
    assert sum(1 for row in built.table("top10").rows if not row[2].hidden) == 10
