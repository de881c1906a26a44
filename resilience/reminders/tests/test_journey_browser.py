"""On a phone: record a restore test, see the bell's count, open the notifications, copy the calendar link, fetch the feed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from resilience.models import Role
from resilience.restores.schedule import add_months
from resilience.tests.browser import chromium, open_menu, phone, sign_in
from resilience.tests.factories import PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_restore_test_bell_notifications_and_calendar_on_a_phone(live_server):
    titulaire = MembershipFactory(role=Role.TITULAIRE).user
    performed_on = timezone.localdate() - timedelta(days=40)
    due = add_months(performed_on, 1)  # partial: the next test a month later, already late
    with chromium() as browser:
        page = phone(browser).new_page()
        sign_in(page, live_server.url, titulaire.email, PASSWORD)
        page.goto(f"{live_server.url}/sauvegardes/tests/")
        page.click("[data-testid=restore-new]")
        page.fill("input[name=performed_on]", performed_on.isoformat())
        page.select_option("select[name=performed_by]", label=titulaire.display_name)
        page.select_option("select[name=target]", "software_db")
        page.select_option("select[name=backup_medium]", "external_disk")
        page.select_option("select[name=result]", "partial")
        page.fill("input[name=evidence]", "Ticket 77")
        page.click("main form [type=submit]")
        page.wait_for_load_state()
        assert "En retard" in page.inner_text("[data-testid=restore-status]")

        open_menu(page)  # clicking the bell while the menu still unfolds could miss it
        assert page.inner_text("[data-testid=bell-count]") == "1"
        with page.expect_navigation():
            page.click("[data-testid=bell]")
        assert "Test de restauration des sauvegardes" in page.inner_text("[data-testid=notifications]")
        page.click("[data-testid=read-all]")
        page.wait_for_load_state()
        assert page.locator("[data-testid=bell-count]").count() == 0

        page.goto(f"{live_server.url}/rappels/")
        feed_url = page.input_value("[data-testid=calendar-url]")
        response = page.request.get(feed_url)
        assert response.ok
        calendar = Calendar.from_ical(response.body())
        [event] = calendar.walk("VEVENT")
        assert event.decoded("DTSTART").date() == due
        assert "Test de restauration" in str(event["SUMMARY"])
