"""Urgent incident reminders (48 h and 66 h with no decision) and the email to titulaires on declaration."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from incidents import services as incident_services
from incidents.tests.factories import IncidentFactory
from resilience.models import DeliveryStatus, Membership, Reminder
from resilience.reminders import tasks

pytestmark = pytest.mark.django_db


def test_no_alert_before_48_hours(team):
    IncidentFactory(cabinet=team.cabinet, aware_at=timezone.now() - timedelta(hours=47))
    tasks.dispatch(inline=True)
    assert mail.outbox == []


def test_alert_at_48_then_66_hours_to_every_member_at_once(team):
    aware = timezone.now() - timedelta(hours=48, minutes=5)
    incident = IncidentFactory(cabinet=team.cabinet, aware_at=aware)
    tasks.dispatch(timezone.now(), inline=True)
    # CNIL decision and complaint, to the three members, whatever the digest hour.
    assert len(mail.outbox) == 6
    assert {m.to[0] for m in mail.outbox} == {team.titulaire.email, team.member.email, team.secretary.email}
    assert all(m.subject.startswith("Urgent") for m in mail.outbox)
    tasks.dispatch(timezone.now() + timedelta(minutes=15), inline=True)
    assert len(mail.outbox) == 6  # not again
    tasks.dispatch(aware + timedelta(hours=66), inline=True)
    assert len(mail.outbox) == 12
    assert set(Reminder.objects.filter(item_id=incident.pk).values_list("stage", flat=True)) == {1, 2}


def test_a_decision_recorded_stops_the_cnil_alert(team):
    incident = IncidentFactory(cabinet=team.cabinet, aware_at=timezone.now() - timedelta(hours=49))
    incident.decision_at = timezone.now()
    incident.complaint_filed_at = timezone.now()
    incident.save()
    tasks.dispatch(inline=True)
    assert mail.outbox == []


def test_incident_emails_cannot_be_turned_off(team, client):
    IncidentFactory(cabinet=team.cabinet, aware_at=timezone.now() - timedelta(hours=49))
    tasks.dispatch(inline=True)
    message = mail.outbox[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>").split("8000", 1)[-1]
    response = client.post(link)
    assert response.status_code == 409
    assert "ne peuvent pas être désactivés" in response.content.decode()


def test_declaring_an_incident_emails_the_titulaires_only_without_details(team, django_capture_on_commit_callbacks):
    from resilience.tenancy import Tenant

    tenant = Tenant(Membership.objects.get(cabinet=team.cabinet, user=team.secretary))
    with django_capture_on_commit_callbacks(execute=True):
        incident_services.declare(tenant, team.secretary, "triage_yes", summary="Écran rouge, patient Dupont")
    [message] = mail.outbox
    assert message.to == [team.titulaire.email]
    assert team.secretary.display_name in message.subject + message.body
    assert "Dupont" not in message.body and "Dupont" not in message.subject
    assert Reminder.objects.get().status == DeliveryStatus.SENT
