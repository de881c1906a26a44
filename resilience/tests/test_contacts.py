"""Emergency contacts: the cabinet's own, beside the national numbers."""

import pytest
from django.urls import reverse

from resilience.models import AuditEvent, ContactKind, EmergencyContact
from resilience.tests.factories import EmergencyContactFactory

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_national_numbers_even_when_empty(team):
    page = team.client_for(team.secretary).get(reverse("resilience:contacts")).content.decode()
    assert "36 08" in page and "cybermalveillance.gouv.fr" in page and "17Cyber" in page
    assert "notifier-une-violation-de-donnees-personnelles" in page
    assert "Aucun contact pour l'instant" in page


def test_a_secretary_adds_the_it_provider_and_it_is_recorded(team):
    client = team.client_for(team.secretary)
    response = client.post(
        reverse("resilience:contact_add"),
        {"kind": ContactKind.IT_PROVIDER, "name": "Infogérance Atlantique", "phone": "05 57 00 00 00", "hours": "8 h – 19 h"},
    )
    assert response.status_code == 302
    contact = EmergencyContact.objects.get(cabinet=team.cabinet)
    assert contact.name == "Infogérance Atlantique"
    page = client.get(reverse("resilience:contacts")).content.decode()
    assert 'href="tel:0557000000"' in page
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="contact.create", actor=team.secretary).exists()


def test_a_contact_without_phone_or_email_is_refused_and_kept(team):
    client = team.client_for(team.member)
    response = client.post(reverse("resilience:contact_add"), {"kind": ContactKind.INSURER, "name": "Assureur du cabinet"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "au moins un téléphone ou un e-mail" in page and "Assureur du cabinet" in page
    assert not EmergencyContact.objects.exists()


def test_editing_and_deleting_a_contact(team):
    contact = EmergencyContactFactory(cabinet=team.cabinet)
    client = team.client_for(team.titulaire)
    data = {"kind": ContactKind.IT_PROVIDER, "name": contact.name, "phone": "05 57 11 11 11", "email": ""}
    assert client.post(reverse("resilience:contact_edit", args=[contact.pk]), data).status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "05 57 11 11 11" and contact.email == ""
    event = AuditEvent.objects.get(action="contact.update")
    assert event.changes["phone"] == ["05 57 00 00 00", "05 57 11 11 11"]
    assert client.post(reverse("resilience:contact_delete", args=[contact.pk])).status_code == 302
    assert not EmergencyContact.objects.exists()
