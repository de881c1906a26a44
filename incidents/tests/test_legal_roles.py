"""The legal decisions of an incident belong to the titulaire or a praticien; the secrétariat prepares them."""

import html

import pytest
from django.urls import reverse

from incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

DECISIONS = {
    "decision": {"notify_cnil": "false", "notify_reason": "Sauvegarde saine, aucune fuite."},
    "patients": {"patients_exemption": "", "patients_note": "Affichage en salle d'attente."},
}


def post(client, name, incident):
    url = reverse(f"incidents:{name}", args=[incident.pk])
    page = client.get(url)
    seen = page.context["form"]["seen"].value()
    return client.post(url, {**DECISIONS[name], "seen": seen})


@pytest.mark.parametrize("name", DECISIONS)
@pytest.mark.parametrize("role", ["titulaire", "member"])
def test_a_titulaire_or_praticien_records_the_decision(team, role, name):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True, high_risk=True)
    response = post(team.client_for(getattr(team, role)), name, incident)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.notify_cnil is False if name == "decision" else incident.patients_note


@pytest.mark.parametrize("name", DECISIONS)
def test_the_secretariat_sees_the_decision_but_cannot_record_it(team, name):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True, high_risk=True)
    client = team.client_for(team.secretary)
    page = client.get(reverse(f"incidents:{name}", args=[incident.pk]))
    text = html.unescape(page.content.decode())
    assert page.status_code == 200 and 'data-testid="decision-reserved"' in text
    assert "revient au titulaire ou à un praticien" in text and 'type="submit"' not in text.split("<main")[1]
    response = post(client, name, incident)
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.notify_cnil is None and incident.patients_note == "" and incident.decision_by is None


def test_the_declarations_page_tells_the_secretariat_who_decides(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True, high_risk=True)
    url = reverse("incidents:declarations", args=[incident.pk])
    as_secretary = html.unescape(team.client_for(team.secretary).get(url).content.decode())
    as_praticien = html.unescape(team.client_for(team.member).get(url).content.decode())
    assert as_secretary.count('data-testid="decision-reserved"') == 2
    assert reverse("incidents:cnil_draft", args=[incident.pk]) in as_secretary  # she prepares the text
    assert 'data-testid="decision-reserved"' not in as_praticien
    assert reverse("incidents:decision", args=[incident.pk]) in as_praticien


def test_the_secretariat_still_describes_the_breach(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True)
    client = team.client_for(team.secretary)
    url = reverse("incidents:breach", args=[incident.pk])
    assert 'type="submit"' in client.get(url).content.decode()
