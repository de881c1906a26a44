"""The sweep with PostgreSQL: rows derived from state, sent once, cancelled when the item is done or moved."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import override_settings

from kit.models import Kit
from resilience.models import DeliveryStatus, Digest, Reminder, ReminderProfile, ReminderSettings, RestoreResult
from resilience.reminders import services, tasks
from resilience.tests.factories import ActionItemFactory, MembershipFactory, RestoreTestFactory

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def at(day: date, hour=9, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


DUE = date(2026, 6, 15)


def restore_due(team, due=DUE, **fields):
    return RestoreTestFactory(cabinet=team.cabinet, performed_on=due - timedelta(days=182), next_due=due, **fields)


def digests_to(email):
    return [message for message in mail.outbox if message.to == [email]]


def test_a_due_item_reaches_its_titulaire_in_one_digest(team):
    restore_due(team)
    tasks.dispatch(at(DUE), inline=True)
    [message] = mail.outbox
    assert message.to == [team.titulaire.email]
    assert "Test de restauration des sauvegardes" in message.body and "15/06/2026" in message.body
    assert "http://" in message.body and "/sauvegardes/tests/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert Reminder.objects.get().status == DeliveryStatus.SENT


def test_sweeping_again_sends_nothing_twice(team):
    restore_due(team)
    for minute in (0, 15, 30):
        tasks.dispatch(at(DUE, 9, minute), inline=True)
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_nothing_before_fourteen_days_nor_before_the_digest_hour(team):
    restore_due(team)
    tasks.dispatch(at(DUE - timedelta(days=15)), inline=True)
    assert Reminder.objects.count() == 0
    tasks.dispatch(at(DUE - timedelta(days=14), 7, 45), inline=True)
    assert Reminder.objects.count() == 1 and mail.outbox == []  # row created, digest waits for 08:00
    tasks.dispatch(at(DUE - timedelta(days=14), 8, 0), inline=True)
    assert len(mail.outbox) == 1


def test_the_cabinet_chooses_the_digest_hour(team):
    ReminderSettings.objects.create(cabinet=team.cabinet, digest_hour=18)
    restore_due(team)
    tasks.dispatch(at(DUE, 17, 45), inline=True)
    assert mail.outbox == []
    tasks.dispatch(at(DUE, 18, 0), inline=True)
    assert len(mail.outbox) == 1


def test_after_three_days_of_downtime_one_catch_up_digest_with_the_latest_stage(team):
    restore_due(team)
    tasks.dispatch(at(DUE - timedelta(days=20)), inline=True)  # nothing yet
    # The beat stops from the due day minus 1 to 3 weeks later.
    tasks.dispatch(at(DUE + timedelta(days=21)), inline=True)
    assert len(digests_to(team.titulaire.email)) == 1
    assert list(Reminder.objects.values_list("stage", flat=True)) == [4]


def test_one_digest_a_day_lists_every_item_and_each_stage_once(team):
    restore_due(team)
    kit = Kit.objects.create(cabinet=team.cabinet, next_test_due=DUE)
    tasks.dispatch(at(DUE), inline=True)
    message = digests_to(team.titulaire.email)[0]
    assert "Test du kit" in message.body and "Test de restauration" in message.body
    assert len(digests_to(team.titulaire.email)) == 1
    assert len(digests_to(team.secretary.email)) == 1  # the kit test is the whole team's
    assert "Test de restauration" not in digests_to(team.secretary.email)[0].body
    # Next week, the next stage: one new digest each.
    tasks.dispatch(at(DUE + timedelta(days=7)), inline=True)
    assert len(digests_to(team.titulaire.email)) == 2
    assert kit.pk


def test_recording_the_check_cancels_a_pending_reminder(team):
    kit = Kit.objects.create(cabinet=team.cabinet, next_test_due=DUE)
    tasks.dispatch(at(DUE, 7), inline=True)  # row created before the digest hour
    assert Reminder.objects.filter(status=DeliveryStatus.PENDING).count() == 3
    kit.next_test_due = DUE + timedelta(days=182)  # the kit test was recorded
    kit.save()
    tasks.dispatch(at(DUE, 8), inline=True)
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}


def test_an_item_rescheduled_or_deleted_before_sending_cancels_it(team):
    action = ActionItemFactory(assessment__cabinet=team.cabinet, due_date=DUE)
    tasks.dispatch(at(DUE, 7), inline=True)
    action.due_date = DUE + timedelta(days=30)
    action.save()
    tasks.dispatch(at(DUE, 8), inline=True)
    assert mail.outbox == []
    assert Reminder.objects.get().status == DeliveryStatus.CANCELLED
    tasks.dispatch(at(DUE + timedelta(days=30), 8), inline=True)
    assert len(mail.outbox) == 1


def test_the_owner_first_then_the_titulaire_after_fourteen_days(team):
    from resilience.models import Membership

    owner = Membership.objects.get(cabinet=team.cabinet, user=team.secretary)
    ActionItemFactory(assessment__cabinet=team.cabinet, due_date=DUE, owner=owner)
    tasks.dispatch(at(DUE), inline=True)
    assert [m.to for m in mail.outbox] == [[team.secretary.email]]
    tasks.dispatch(at(DUE + timedelta(days=14)), inline=True)
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted([team.secretary.email, team.titulaire.email])


def test_a_kind_turned_off_stays_in_the_app(team):
    ReminderProfile.objects.create(user=team.titulaire, muted_kinds=["restore_test"])
    restore_due(team)
    tasks.dispatch(at(DUE), inline=True)
    assert mail.outbox == []
    assert Reminder.objects.get().status == DeliveryStatus.IN_APP


def test_another_cabinets_member_gets_nothing(team):
    restore_due(team)
    tasks.dispatch(at(DUE), inline=True)
    assert not digests_to(team.outsider.email)


class RefusingBackend:
    """An SMTP server that refuses every message, as a backend (the real-SMTP test is in test_worker)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"mailbox unavailable")})


def test_a_refused_email_is_recorded_retried_and_sent_once(team):
    restore_due(team)
    with override_settings(EMAIL_BACKEND="resilience.reminders.tests.test_sweep.RefusingBackend"):
        tasks.dispatch(at(DUE, 8), inline=True)
    digest = Digest.objects.get()
    assert digest.status == DeliveryStatus.RETRY and "SMTPRecipientsRefused" in digest.last_error
    assert Reminder.objects.get().status == DeliveryStatus.RETRY
    tasks.dispatch(at(DUE, 8, 0), inline=True)  # too early for the retry: nothing happens
    assert mail.outbox == []
    tasks.dispatch(at(DUE, 8, 15), inline=True)
    assert len(mail.outbox) == 1
    tasks.dispatch(at(DUE, 8, 30), inline=True)
    assert len(mail.outbox) == 1
    assert Digest.objects.get().status == DeliveryStatus.SENT
    assert Reminder.objects.get().status == DeliveryStatus.SENT


def test_the_titulaire_sees_emails_failing(team):
    restore_due(team)
    with override_settings(EMAIL_BACKEND="resilience.reminders.tests.test_sweep.RefusingBackend"):
        tasks.dispatch(at(DUE, 8), inline=True)
    page = team.client_for(team.titulaire).get("/notifications/")
    assert "n&#x27;arrivent pas" in page.content.decode() or "n'arrivent pas" in page.content.decode()


def test_a_member_of_two_cabinets_gets_one_digest(team):
    MembershipFactory(cabinet=team.other_cabinet, user=team.titulaire, role="titulaire")
    restore_due(team)
    RestoreTestFactory(cabinet=team.other_cabinet, performed_on=DUE - timedelta(days=182), next_due=DUE)
    tasks.dispatch(at(DUE), inline=True)
    [message] = digests_to(team.titulaire.email)
    assert team.cabinet.name in message.body and team.other_cabinet.name in message.body


def test_a_claimed_row_is_not_sent_by_a_second_sender(team):
    restore_due(team)
    result = services.sweep(at(DUE))
    [digest_id] = result["digests"]
    from resilience.reminders import delivery

    assert delivery.send_digest(digest_id, at(DUE)) == "sent"
    assert delivery.send_digest(digest_id, at(DUE)) == "skipped"
    assert len(mail.outbox) == 1


def test_a_kind_turned_off_after_the_row_was_made_is_not_emailed(team):
    restore_due(team)
    tasks.dispatch(at(DUE, 7), inline=True)  # the row exists, pending
    ReminderProfile.objects.create(user=team.titulaire, muted_kinds=["restore_test"])
    tasks.dispatch(at(DUE, 8), inline=True)
    assert mail.outbox == []
    assert Reminder.objects.get().status == DeliveryStatus.IN_APP


def test_the_copy_into_postgresql_keeps_tabs_newlines_and_backslashes(team):
    """Rows go in by COPY's text format: a provider's name may hold any character a person typed."""
    title = "Contrat A\tB\\C\nD\rE : dernier jour"
    row = (team.cabinet.pk, "contract_notice", 1, DUE, 1, team.titulaire.pk, False, title, "why", "/contrats/1/", DeliveryStatus.PENDING)
    services._insert([row, row])  # the same key twice: one row
    assert list(Reminder.objects.values_list("title", "stage", "status")) == [(title, 1, DeliveryStatus.PENDING)]
