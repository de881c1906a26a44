"""load_demo then send_reminders: the demo titulaire's one digest lists the four items, each with a working link."""

import re
from datetime import datetime, time

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from resilience.models import Reminder

pytestmark = pytest.mark.django_db


def test_the_demo_titulaire_gets_one_digest_listing_the_four(client):
    call_command("load_demo", password="demo-password-123456", stdout=open("/dev/null", "w"))
    nine = datetime.combine(timezone.localdate(), time(9), tzinfo=timezone.get_current_timezone())
    call_command("send_reminders", now=nine.isoformat(), stdout=open("/dev/null", "w"))
    [digest] = [m for m in mail.outbox if m.to == ["demo@example.org"]]
    body = digest.body
    for title in (
        "Test du kit « mode dégradé »",
        "Test de restauration des sauvegardes",
        "dernier jour pour résilier",
        "Action du plan : Vérifier les sauvegardes sans attendre",
    ):
        assert title in body, title
    client.login(email="demo@example.org", password="demo-password-123456")
    links = set(re.findall(r"http://[^/\s]+(/\S+)", body))
    for path in links:
        if "desabonnement" in path:
            continue
        assert client.get(path).status_code == 200, path

    # Recording the kit test stops its reminders.
    assert Reminder.objects.filter(kind="kit_test", recipient__email="demo@example.org").exists()
    from kit.models import Kit
    from kit.schedule import next_test_due

    Kit.objects.filter(cabinet__name="Cabinet démo").update(next_test_due=next_test_due(timezone.localdate()))
    mail.outbox.clear()
    call_command("send_reminders", now=(nine + timezone.timedelta(days=7)).isoformat(), stdout=open("/dev/null", "w"))
    [digest] = [m for m in mail.outbox if m.to == ["demo@example.org"]]
    assert "Test du kit" not in digest.body and "Action du plan" in digest.body  # the late action goes on weekly
