"""Backup equipment: the state and dates of the USB key, hotspot and spare workstation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kit.catalogue import get_catalogue
from kit.inventory import equipment_lines
from kit.models import Equipment, EquipmentState
from kit.tests.helpers import page_text
from resilience.models import AuditEvent

pytestmark = pytest.mark.django_db


def item(team, key):
    team.client_for(team.titulaire).get(reverse("kit:equipment"))  # creates the rows
    return Equipment.objects.get(cabinet=team.cabinet, line_key=key)


def test_the_page_lists_every_piece_of_equipment_of_the_catalogue(team):
    page = page_text(team.client_for(team.secretary).get(reverse("kit:equipment")))
    for line in equipment_lines():
        assert line.label in page
    assert Equipment.objects.filter(cabinet=team.cabinet).count() == len(equipment_lines())
    team.client_for(team.secretary).get(reverse("kit:equipment"))  # a second visit creates nothing more
    assert Equipment.objects.filter(cabinet=team.cabinet).count() == len(equipment_lines())


def test_the_usb_key_records_encryption_templates_and_last_test(team):
    usb = item(team, Equipment.USB_KEY)
    client = team.client_for(team.secretary)
    form = page_text(client.get(reverse("kit:equipment_edit", args=[usb.pk])))
    assert "Clé chiffrée" in form and "Modèles présents sur la clé" in form
    day = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("kit:equipment_edit", args=[usb.pk]),
        {"quantity": "1", "state": EquipmentState.READY, "location": "Coffre", "last_tested_on": day.isoformat(),
         "encrypted": "true", "templates_present": "false", "notes": ""},
    )
    assert response.status_code == 302
    usb.refresh_from_db()
    assert (usb.state, usb.encrypted, usb.templates_present, usb.last_tested_on) == ("ready", True, False, day)
    event = AuditEvent.objects.get(action="kit.equipment")
    assert event.actor == team.secretary and event.changes["encrypted"] == [None, True]
    assert get_catalogue().line(Equipment.USB_KEY).label in event.summary


def test_other_equipment_has_no_usb_questions(team):
    hotspot = item(team, "hotspot_4g5g")
    page = page_text(team.client_for(team.member).get(reverse("kit:equipment_edit", args=[hotspot.pk])))
    assert "Partage de connexion 4G/5G (point d'accès)" in page and "Clé chiffrée" not in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("last_tested_on", "2999-01-01", "Cette date est dans le futur"),
        ("quantity", "-1", "ne peut pas être négative"),
        ("quantity", "beaucoup", "Indiquez un nombre entier"),
    ],
)
def test_wrong_values_are_refused_and_kept(team, field, value, message):
    hotspot = item(team, "hotspot_4g5g")
    data = {"quantity": "1", "state": EquipmentState.READY, "location": "Accueil", field: value}
    response = team.client_for(team.member).post(reverse("kit:equipment_edit", args=[hotspot.pk]), data)
    page = page_text(response)
    assert response.status_code == 200 and message in page and value in page
    hotspot.refresh_from_db()
    assert hotspot.state == EquipmentState.UNKNOWN


def test_another_cabinets_equipment_is_a_404(team):
    usb = item(team, Equipment.USB_KEY)
    outsider = team.client_for(team.outsider)
    assert outsider.get(reverse("kit:equipment_edit", args=[usb.pk])).status_code == 404
    assert outsider.post(reverse("kit:equipment_edit", args=[usb.pk]), {"quantity": "0", "state": "broken"}).status_code == 404
    usb.refresh_from_db()
    assert usb.state == EquipmentState.UNKNOWN
