"""Restore tests pages, the bell, notifications, preferences, one-click unsubscribe and the calendar feed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from resilience.models import (
    AuditEvent,
    CalendarFeed,
    DeliveryStatus,
    Membership,
    Reminder,
    ReminderProfile,
    RestoreTest,
)
from resilience.reminders import services, tasks, unsubscribe
from resilience.restores.schedule import add_months
from resilience.tests.factories import EmergencyContactFactory, RestoreTestFactory

pytestmark = pytest.mark.django_db


def membership(team, user):
    return Membership.objects.get(cabinet=team.cabinet, user=user)


def form_data(**overrides):
    data = {
        "performed_on": timezone.localdate().isoformat(),
        "target": "software_db",
        "backup_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "backup_medium": "hds_host",
        "result": "success",
        "duration_minutes": "40",
        "evidence": "Ticket 4521",
    }
    return {**data, **overrides}


# --- restore tests ----------------------------------------------------------------------


def test_a_member_records_a_restore_test_done_by_the_provider(team):
    provider = EmergencyContactFactory(cabinet=team.cabinet)
    client = team.client_for(team.secretary)
    response = client.post(reverse("resilience:restore_new"), form_data(provider=provider.pk))
    assert response.status_code == 302
    test = RestoreTest.objects.get()
    assert test.performer_name == provider.name and test.recorded_by == team.secretary
    assert test.next_due == add_months(test.performed_on, 6)
    assert AuditEvent.objects.filter(action="restore_test.create").exists()
    page = client.get(reverse("resilience:restore_tests")).content.decode()
    assert "Ticket 4521" in page and "Réussi" in page


def test_a_partial_test_brings_the_next_one_to_a_month(team):
    client = team.client_for(team.titulaire)
    client.post(
        reverse("resilience:restore_new"),
        form_data(performed_on="2026-01-10", backup_date="2026-01-09", result="partial", performed_by=membership(team, team.titulaire).pk),
    )
    assert RestoreTest.objects.get().next_due == date(2026, 2, 10)


def test_bad_input_keeps_what_was_typed(team):
    client = team.client_for(team.titulaire)
    response = client.post(reverse("resilience:restore_new"), form_data(evidence="Ticket 99"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "un membre de l&#x27;équipe ou un prestataire" in page and "Ticket 99" in page
    assert not RestoreTest.objects.exists()


def test_a_test_in_the_future_is_refused(team):
    client = team.client_for(team.titulaire)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("resilience:restore_new"), form_data(performed_on=tomorrow, backup_date="", performed_by=membership(team, team.titulaire).pk)
    )
    assert response.status_code == 200 and "dans le futur" in response.content.decode()
    assert not RestoreTest.objects.exists()


def test_another_cabinets_provider_is_refused(team):
    foreign = EmergencyContactFactory(cabinet=team.other_cabinet)
    response = team.client_for(team.titulaire).post(reverse("resilience:restore_new"), form_data(provider=foreign.pk))
    assert response.status_code == 200 and not RestoreTest.objects.exists()


def test_the_titulaire_sets_the_interval_between_1_and_12_months(team):
    RestoreTestFactory(cabinet=team.cabinet, performed_on=date(2026, 1, 10), next_due=date(2026, 7, 10))
    client = team.client_for(team.titulaire)
    assert client.post(reverse("resilience:restore_interval"), {"restore_interval_months": "13"}).status_code == 400
    client.post(reverse("resilience:restore_interval"), {"restore_interval_months": "3"})
    assert RestoreTest.objects.get().next_due == date(2026, 4, 10)
    secretary = team.client_for(team.secretary)
    assert secretary.post(reverse("resilience:restore_interval"), {"restore_interval_months": "6"}).status_code == 403


def test_the_page_and_dashboard_say_when_it_is_late(team):
    RestoreTestFactory(cabinet=team.cabinet, performed_on=date(2025, 1, 10), next_due=date(2025, 7, 10))
    client = team.client_for(team.member)
    assert "En retard" in client.get(reverse("resilience:restore_tests")).content.decode()
    dashboard = client.get(reverse("resilience:dashboard")).content.decode()
    assert 'data-testid="restore-panel"' in dashboard and "En retard" in dashboard


def test_the_kit_cover_shows_the_last_successful_restore_test(team):
    from kit.printables import kit_context
    from resilience.tenancy import Tenant

    RestoreTestFactory(cabinet=team.cabinet, performed_on=date(2026, 3, 2), next_due=date(2026, 9, 2))
    RestoreTestFactory(cabinet=team.cabinet, performed_on=date(2026, 4, 2), next_due=date(2026, 5, 2), result="failed")
    context = kit_context(Tenant(membership(team, team.titulaire)))
    assert context["last_restore_success"] == date(2026, 3, 2)


def test_the_assessment_action_links_to_the_restore_page():
    from resilience.assessment.links import action_url
    from resilience.assessment.questionnaire import shipped_questionnaires

    questionnaire = shipped_questionnaires()[max(shipped_questionnaires())]
    assert action_url(questionnaire.action("backups_verify")) == reverse("resilience:restore_tests")


# --- bell and notifications -------------------------------------------------------------------


def due_restore(team):
    RestoreTestFactory(cabinet=team.cabinet, performed_on=timezone.localdate() - timedelta(days=200), next_due=timezone.localdate() - timedelta(days=1))
    services.refresh([team.cabinet.pk], timezone.now())


def test_the_bell_counts_unread_and_the_page_marks_read(team):
    due_restore(team)
    client = team.client_for(team.titulaire)
    page = client.get(reverse("resilience:dashboard")).content.decode()
    assert 'data-testid="bell-count">1<' in page
    assert 'data-testid="menu-unread">1<' in page  # on a phone the bell is folded: the burger shows the count
    reminder = Reminder.objects.get(recipient=team.titulaire)
    response = client.post(reverse("resilience:notification_read", args=[reminder.pk]), {"open": "1"})
    assert response.url == reverse("resilience:restore_tests")
    assert 'data-testid="bell-count"' not in client.get(reverse("resilience:dashboard")).content.decode()


def test_mark_all_read_touches_only_my_rows(team):
    due_restore(team)
    RestoreTestFactory(cabinet=team.other_cabinet, performed_on=timezone.localdate() - timedelta(days=200), next_due=timezone.localdate())
    services.refresh([team.other_cabinet.pk], timezone.now())
    team.client_for(team.titulaire).post(reverse("resilience:notifications_read_all"))
    assert Reminder.objects.get(recipient=team.titulaire).read_at is not None
    assert Reminder.objects.get(recipient=team.outsider).read_at is None


def test_the_bell_costs_one_query(team, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    from resilience.tenancy import Tenant

    request = RequestFactory().get("/")
    request.user = team.titulaire
    template = Template("{% load navigation %}{% main_menu %}")
    tenant = Tenant(Membership.objects.select_related("cabinet").get(cabinet=team.cabinet, user=team.titulaire))  # as the tenancy reads it
    context = Context({"request": request, "user": team.titulaire, "tenant": tenant})
    with django_assert_num_queries(1):  # counted once, though the burger and the bell both show it
        template.render(context)


# --- preferences and unsubscribe --------------------------------------------------------------


def test_preferences_turn_a_kind_off_and_choose_the_hour(team):
    client = team.client_for(team.titulaire)
    assert client.get(reverse("resilience:reminder_preferences")).status_code == 200
    client.post(reverse("resilience:reminder_preferences"), {"digest": "on", "kind_kit_test": "on", "digest_hour": "7"})
    profile = ReminderProfile.objects.get(user=team.titulaire)
    assert "restore_test" in profile.muted_kinds and "kit_test" not in profile.muted_kinds and profile.digest_hour == 7


def test_unsubscribe_shows_a_confirmation_then_the_post_turns_it_off(client, team):
    url = reverse("resilience:reminder_unsubscribe", args=[unsubscribe.token(team.titulaire.pk, "restore_test")])
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="unsubscribe-confirm"' in page.content.decode()
    assert not ReminderProfile.objects.filter(user=team.titulaire).exists()  # a mail scanner's GET changes nothing
    response = client.post(url)  # one-click: no session, no CSRF token
    assert response.status_code == 200
    assert ReminderProfile.objects.get(user=team.titulaire).muted_kinds == ["restore_test"]


def test_a_forged_unsubscribe_link_is_refused(client, team):
    token = unsubscribe.token(team.titulaire.pk, "restore_test")[:-3] + "xyz"
    assert client.post(reverse("resilience:reminder_unsubscribe", args=[token])).status_code == 400
    assert not ReminderProfile.objects.exists()


def test_the_digest_unsubscribe_stops_emails_but_not_the_app(team):
    ReminderProfile.objects.create(user=team.titulaire, muted_kinds=["digest"])
    due_restore(team)
    tasks.dispatch(inline=True, now=timezone.now().replace(hour=20))
    assert not [m for m in mail.outbox if m.to == [team.titulaire.email]]
    assert Reminder.objects.get(recipient=team.titulaire).status == DeliveryStatus.IN_APP


# --- calendar ------------------------------------------------------------------------------------


def test_the_calendar_feed_lists_due_checks_and_rotates(team):
    due = timezone.localdate() + timedelta(days=100)
    test = RestoreTestFactory(cabinet=team.cabinet, performed_on=timezone.localdate(), next_due=due)
    client = team.client_for(team.member)
    page = client.get(reverse("resilience:reminder_preferences")).content.decode()
    feed = CalendarFeed.objects.get(membership=membership(team, team.member))
    assert f"webcal://testserver/rappels/agenda/{feed.token}.ics" in page
    response = client.get(reverse("resilience:calendar_feed", args=[feed.token]))
    calendar = Calendar.from_ical(response.content)
    assert team.cabinet.name in str(calendar["X-WR-CALNAME"])
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"restore_test-{test.pk}@resilience-cabinet"
    assert event.decoded("DTSTART").utcoffset() == timedelta(0) and event.decoded("DTSTART").date() == due
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
    client.post(reverse("resilience:calendar_rotate"))
    assert client.get(reverse("resilience:calendar_feed", args=[feed.token])).status_code == 404
    new = CalendarFeed.objects.get(membership=membership(team, team.member))
    assert client.get(reverse("resilience:calendar_feed", args=[new.token])).status_code == 200


def test_a_single_item_downloads_as_ics(team):
    test = RestoreTestFactory(cabinet=team.cabinet, next_due=timezone.localdate() + timedelta(days=30))
    response = team.client_for(team.titulaire).get(reverse("resilience:item_ics", args=["restore_test", test.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    outsider = team.client_for(team.outsider)
    assert outsider.get(reverse("resilience:item_ics", args=["restore_test", test.pk])).status_code == 404
