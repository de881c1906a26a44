"""CNIL decision and notification, complaint, patients, the breach register and the drafts."""

import html
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import EntryKind, Scenario
from incidents.tests.factories import DrillFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def seen(client, url):
    return client.get(url).context["form"]["seen"].value()


def save(client, name, incident, data):
    url = reverse(f"incidents:{name}", args=[incident.pk])
    return client.post(url, {**data, "seen": seen(client, url)})


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_declarations_page_explains_each_duty_with_its_clock(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, personal_data=True, high_risk=True)
    page = html.unescape(team.client_for(team.secretary).get(reverse("incidents:declarations", args=[incident.pk])).content.decode())
    assert "Notifier la CNIL (72 h)" in page and "Porter plainte (72 h, assurance cyber)" in page
    assert "art. L12-10-1" in page and "Informer les patients" in page
    assert "Des mesures prises ensuite empêchent le risque élevé" in page
    assert "signalement.social-sante.gouv.fr" in page and "cybermalveillance.gouv.fr" in page and "17cyber.gouv.fr" in page


def test_not_notifying_needs_a_reason_which_goes_to_the_register(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True)
    client = team.client_for(team.titulaire)
    response = save(client, "decision", incident, {"notify_cnil": "false", "notify_reason": ""})
    assert response.status_code == 200 and "écrivez pourquoi" in html.unescape(response.content.decode())
    response = save(client, "decision", incident, {"notify_cnil": "false", "notify_reason": "Sauvegarde saine restaurée en 1 h, aucune fuite."})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.notify_cnil is False and incident.decision_by == team.titulaire
    assert incident.entries.filter(kind=EntryKind.DECISION, text__contains="ne pas notifier").exists()
    register = client.get(reverse("incidents:register")).content.decode()
    assert "Sauvegarde saine restaurée en 1 h" in register


def test_a_notification_after_72_hours_needs_the_reason_for_the_delay(team):
    aware = (timezone.now() - timedelta(hours=90)).replace(second=0, microsecond=0)
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True, aware_at=aware)
    client = team.client_for(team.titulaire)
    detail = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Le délai de 72 heures pour la CNIL est dépassé." in detail and "dépassé de 18 h" in detail
    notified = local(aware + timedelta(hours=85))
    response = save(client, "decision", incident, {"notify_cnil": "true", "cnil_notified_at": notified})
    assert "raison du retard" in html.unescape(response.content.decode())
    response = save(client, "decision", incident, {"notify_cnil": "true", "cnil_notified_at": notified, "cnil_reference": "N-2026-42", "cnil_delay_reason": "Attaque découverte un vendredi soir."})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.cnil_reference == "N-2026-42"
    entry = incident.entries.get(kind=EntryKind.CLOCK)
    assert entry.occurred_at == incident.cnil_notified_at and "N-2026-42" in entry.text
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "fait avec 13 h de retard" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"notify_cnil": "false", "notify_reason": "x", "cnil_notified_at": "2026-01-01T10:00"}, "choisissez « Oui"),
        ({"notify_cnil": "true", "cnil_notified_at": "2000-01-02T10:00"}, "ne peut pas précéder"),
        ({"notify_cnil": "true", "cnil_notified_at": "2999-01-01T10:00"}, "dans le futur"),
        ({"notify_cnil": "peut-être"}, None),
    ],
)
def test_inconsistent_decisions_are_refused(team, data, message):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True)
    response = save(team.client_for(team.titulaire), "decision", incident, data)
    if message:
        assert response.status_code == 200 and message in html.unescape(response.content.decode())
        incident.refresh_from_db()
        assert incident.notify_cnil is None and incident.cnil_notified_at is None
    else:
        assert response.status_code in (200, 302)


def test_the_complaint_stops_its_clock(team):
    aware = timezone.now() - timedelta(hours=10)
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, aware_at=aware)
    client = team.client_for(team.secretary)
    assert save(client, "complaint", incident, {"complaint_filed_at": local(aware + timedelta(hours=5)), "complaint_place": "Gendarmerie de Pessac"}).status_code == 302
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "fait dans le délai" in page


def test_a_plain_failure_has_no_complaint_fields(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A)
    form = team.client_for(team.secretary).get(reverse("incidents:complaint", args=[incident.pk])).context["form"]
    assert "complaint_filed_at" not in form.fields and "ars_reported_at" in form.fields


def test_high_risk_needs_personal_data_and_starts_the_patient_information(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A)
    client = team.client_for(team.titulaire)
    response = save(client, "breach", incident, {"personal_data": "false", "high_risk": "on"})
    assert "Un risque élevé suppose" in html.unescape(response.content.decode())
    assert save(client, "breach", incident, {"personal_data": "true", "high_risk": "on"}).status_code == 302
    assert 'data-clock="patient_information"' in client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()


def test_an_exemption_from_informing_patients_needs_an_explanation(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True, high_risk=True)
    client = team.client_for(team.titulaire)
    response = save(client, "patients", incident, {"patients_exemption": "art34_encrypted"})
    assert "Expliquez en une phrase" in response.content.decode()
    assert save(client, "patients", incident, {"patients_exemption": "art34_encrypted", "patients_note": "Disque chiffré (BitLocker)."}).status_code == 302
    assert save(client, "patients", incident, {"patients_exemption": "art34_invented"}).status_code == 200


def test_the_register_lists_every_breach_notified_or_not_and_never_a_drill_or_another_cabinet(team):
    notified = IncidentFactory(cabinet=team.cabinet, personal_data=True, notify_cnil=True, cnil_notified_at=timezone.now(), breach_nature="Vol de données")
    not_notified = IncidentFactory(cabinet=team.cabinet, personal_data=True, notify_cnil=False, notify_reason="Aucun risque")
    no_data = IncidentFactory(cabinet=team.cabinet, personal_data=False, breach_nature="Panne d'imprimante")
    elsewhere = IncidentFactory(cabinet=team.other_cabinet, personal_data=True, breach_nature="Chez le voisin")
    DrillFactory(cabinet=team.cabinet)
    page = team.client_for(team.secretary).get(reverse("incidents:register")).content.decode()
    for incident in (notified, not_notified):
        assert reverse("incidents:detail", args=[incident.pk]) in page
    assert reverse("incidents:detail", args=[no_data.pk]) not in page
    assert "Chez le voisin" not in page and reverse("incidents:detail", args=[elsewhere.pk]) not in page
    assert "Aucun risque" in page and "Vol de données" in page


def test_an_undecided_incident_whose_cnil_clock_runs_is_in_the_register_to_qualify(team):
    attack = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, personal_data=None, summary="Écran bloqué")
    lost = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.C, personal_data=None)
    failure = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A, personal_data=None)
    attack_no_data = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B, personal_data=False)
    client = team.client_for(team.titulaire)
    page = html.unescape(client.get(reverse("incidents:register")).content.decode())
    for incident in (attack, lost):
        assert reverse("incidents:detail", args=[incident.pk]) in page
    for incident in (failure, attack_no_data):
        assert reverse("incidents:detail", args=[incident.pk]) not in page
    assert page.count('data-testid="register-to-qualify"') == 2 and "à qualifier" in page
    # Answering "no" takes it out; "yes" makes it a confirmed line.
    client.post(reverse("incidents:personal_data", args=[attack.pk]), {"personal_data": "non"})
    client.post(reverse("incidents:personal_data", args=[lost.pk]), {"personal_data": "oui"})
    page = client.get(reverse("incidents:register")).content.decode()
    assert reverse("incidents:detail", args=[attack.pk]) not in page
    assert reverse("incidents:detail", args=[lost.pk]) in page and 'data-testid="register-to-qualify"' not in page


def test_the_cnil_draft_assembles_article_33_3_and_says_what_is_missing(team):
    incident = IncidentFactory(
        cabinet=team.cabinet, personal_data=True, breach_nature="Rançongiciel", data_categories="Dossiers médicaux, agenda",
        people_affected=2400, records_affected=5100, contact_point="Dr Martin, 05 56 00 00 00",
        measures_taken="Poste isolé", aware_at=timezone.now() - timedelta(hours=2),
    )
    page = html.unescape(team.client_for(team.secretary).get(reverse("incidents:cnil_draft", args=[incident.pk])).content.decode())
    for part in ("a) Nature de la violation", "Rançongiciel", "environ 2400 personnes", "environ 5100 enregistrements",
                 "b) Contact", "Dr Martin", "c) Conséquences probables", "d) Mesures prises", "Poste isolé"):
        assert part in page, part
    assert "[à compléter]" in page  # consequences were not written
    assert "Motifs du retard" not in page


def test_the_patient_letter_is_drafted_in_plain_words_and_as_a_pdf(team):
    incident = IncidentFactory(
        cabinet=team.cabinet, personal_data=True, high_risk=True, breach_nature="Vol de fichiers <script>",
        data_categories="Coordonnées", contact_point="Accueil du cabinet", likely_consequences="Hameçonnage possible",
        measures_taken="Mots de passe changés",
    )
    client = team.client_for(team.titulaire)
    page = client.get(reverse("incidents:patient_letter", args=[incident.pk])).content.decode()
    assert "Madame, Monsieur," in page and "Hameçonnage possible" in page and "Vol de fichiers &lt;script&gt;" in page
    response = client.get(reverse("incidents:patient_letter_pdf", args=[incident.pk]))
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "Vol de fichiers <script>" in text and "Cabinet des Acacias" in text

