"""What the attacker's probe of issue 13 sent, and what the product answers now: never a 500.

One test per line of the issue's list, each sending exactly what was sent.
"""

import logging
import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ContractDocument
from contracts.tests.factories import PDF_BYTES, ContractFactory
from incidents.models import Drill, StepMark
from incidents.tests.factories import DrillFactory, IncidentFactory
from resilience.models import Cabinet, EmergencyContact, Invitation
from resilience.tests.factories import EmergencyContactFactory
from resilience.validation import contains_nir, parse_id

pytestmark = pytest.mark.django_db


# --- identifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١٢", "-1", "0", " 12 ", "99999999999999999999", "1e3", "", None])
def test_parse_id_accepts_only_plain_positive_ascii_numbers(value):
    assert parse_id(value) == (12 if value == " 12 " else None)


def test_superscript_digits_in_query_strings_are_not_a_500(team):
    client = team.client_for(team.titulaire)
    assert client.get(reverse("contracts:compare") + "?left=²").status_code == 200
    assert client.get(reverse("kit:test_new") + "?exercice=²").status_code == 404
    assert client.get(reverse("kit:test_new") + "?exercice=99999999999999999999").status_code == 404


# --- lengths ------------------------------------------------------------------------------------


def test_a_huge_contact_note_is_refused_with_a_message_and_kept(team):
    note = "x" * 100_000
    response = team.client_for(team.secretary).post(
        reverse("resilience:contact_add"), {"kind": "prestataire", "name": "Info 33", "phone": "0556000000", "notes": note}
    )
    assert response.status_code == 200
    assert "au plus 1000 caractères" in response.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "Info 33" in response.content.decode()
    assert not EmergencyContact.objects.filter(name="Info 33").exists()


def test_a_long_word_in_a_note_breaks_in_the_printed_kit(team, tmp_path):
    word = "ABCDEFGHIJ" * 100  # 1000 characters without a space: the longest note allowed
    EmergencyContactFactory(cabinet=team.cabinet, notes=word)
    response = team.client_for(team.member).get(reverse("kit:pdf_kit"))
    assert response.status_code == 200
    pdf = tmp_path / "kit.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Laid out across several lines of the page instead of one line running off it.
    assert "ABCDEFGHIJABCDEFGHIJ" in text
    assert max(len(line) for line in text.splitlines()) < 200


def test_an_invitation_to_a_312_character_email_is_refused_politely(team):
    email = "a" * 300 + "@example.org"
    response = team.client_for(team.titulaire).post(reverse("resilience:member_invite"), {"email": email, "role": "praticien"})
    assert response.status_code == 200
    assert not Invitation.objects.filter(cabinet=team.cabinet).exists()


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("notice", [{"notice_months": "3"}, {"notice_days": "30"}])
def test_a_contract_ending_in_year_one_is_refused_and_keeps_what_was_typed(team, notice):
    data = {"provider": "Infogérance du Médoc", "kind": "infogerance", "ends_on": "0001-01-15", "tacit_renewal": "on", **notice}
    response = team.client_for(team.titulaire).post(reverse("contracts:create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "indiquez une date entre 2000 et 2100" in html
    assert "Infogérance du Médoc" in html and "0001-01-15" in html
    assert not Contract.objects.exists()


# --- encodings, methods, headers -------------------------------------------------------------------


def test_a_utf16_form_is_a_french_400_with_the_headers_and_one_log_line(client, caplog):
    body = "login=a&password=b".encode("utf-16")
    with caplog.at_level(logging.INFO):
        response = client.generic(
            "POST", reverse("account_login"), body, "application/x-www-form-urlencoded; charset=utf-16"
        )
    assert response.status_code == 400
    assert "pas pu être lu" in response.content.decode()
    assert "Content-Security-Policy" in response.headers and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert len([record for record in caplog.records if record.levelno >= logging.WARNING]) == 1


def test_a_form_that_is_not_utf8_is_a_400(client):
    response = client.generic("POST", reverse("account_login"), b"login=\xff\xfe", "application/x-www-form-urlencoded")
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS"])
def test_trace_and_options_are_not_allowed(client, team, method):
    for user_client in (client, team.client_for(team.titulaire)):
        response = user_client.generic(method, reverse("resilience:dashboard"))
        assert response.status_code == 405
        assert b"<html" not in response.content


def test_every_response_of_cabinet_data_is_private_and_not_stored(team):
    client = team.client_for(team.member)
    for url in (reverse("resilience:dashboard"), reverse("resilience:contacts"), reverse("kit:patient_notice")):
        cache_control = client.get(url).headers.get("Cache-Control", "")
        assert "private" in cache_control and "no-store" in cache_control, url


def test_the_static_offline_page_has_the_csp_and_frame_rule(client):
    response = client.get("/static/incidents/offline.html")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


# --- uploads ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["contrat.bat", "contrat.html", "contrat.svg", "contrat"])
def test_an_uploaded_contract_is_kept_and_served_as_a_pdf(team, name):
    contract = ContractFactory(cabinet=team.cabinet)
    client = team.client_for(team.titulaire)
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="text/html")
    assert client.post(reverse("contracts:document_upload", args=[contract.pk]), {"file": upload}).status_code == 302
    document = ContractDocument.objects.get(contract=contract)
    assert document.name == "contrat.pdf"
    response = client.get(reverse("contracts:document_download", args=[document.pk]))
    assert response.headers["Content-Type"] == "application/pdf"
    assert 'filename="contrat.pdf"' in response.headers["Content-Disposition"]


# --- client address behind the load balancer ----------------------------------------------------------


def test_the_client_address_comes_from_the_trusted_proxy():
    from allauth.core.internal.httpkit import get_client_ip
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.2", REMOTE_ADDR="10.0.0.1")
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        assert get_client_ip(request) == "198.51.100.2"
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0):
        assert get_client_ip(request) == "10.0.0.1"  # nobody trusted: a forged header changes nothing


# --- patient data -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("Mme X, NIR 2 84 05 33 063 042 17, diabète", True),
        ("2840533063042", True),
        ("184127645108946", True),
        ("Appel au 05 56 00 00 00 à 14 h", False),
        ("Ticket 2026-000123, 48 postes", False),
    ],
)
def test_a_nir_shaped_number_is_recognised(text, found):
    assert contains_nir(text) is found


def test_an_incident_note_with_a_nir_is_refused_and_the_reminder_is_shown(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    client = team.client_for(team.secretary)
    text = "Patient 1 84 12 76 451 089 46 reçu sans dossier"
    response = client.post(reverse("incidents:note", args=[incident.pk]), {"text": text})
    html = response.content.decode()
    assert "ressemble à un numéro de sécurité sociale" in html
    assert text in html
    assert not incident.entries.filter(text__contains="451").exists()
    breach = client.get(reverse("incidents:breach", args=[incident.pk])).content.decode()
    assert breach.count("ni nom de patient, ni diagnostic") >= 6  # beside every free-text field


# --- cabinets and names --------------------------------------------------------------------------------------


def _cabinet_data(name):
    return {"name": name, "practitioners_medecine_generale": "1", "region": "nouvelle-aquitaine", "departement": "33"}


def test_one_person_creates_at_most_three_cabinets_a_day(team):
    client = team.client_for(team.outsider)
    for number in range(3):
        assert client.post(reverse("resilience:cabinet_create"), _cabinet_data(f"Cabinet {number}")).status_code == 302
    response = client.post(reverse("resilience:cabinet_create"), _cabinet_data("Cabinet de trop"))
    html = response.content.decode()
    assert response.status_code == 200 and "Vous avez déjà créé 3 cabinets aujourd" in html
    assert "Cabinet de trop" in html and not Cabinet.objects.filter(name="Cabinet de trop").exists()


@pytest.mark.parametrize("name", ["Cabinet\x07 du port", "Cabinet\u202e tropbon", "Cabinet\u200b caché"])
def test_control_characters_are_refused_in_names(team, name):
    response = team.client_for(team.outsider).post(reverse("resilience:cabinet_create"), _cabinet_data(name))
    assert response.status_code == 200 and "caractères invisibles ou de contrôle" in response.content.decode()
    assert not Cabinet.objects.filter(name=name).exists()


# --- what people type is kept ------------------------------------------------------------------------------------


def test_finishing_a_drill_with_a_too_long_note_keeps_the_note_and_the_drill_running(team):
    drill = DrillFactory(cabinet=team.cabinet, started_by=team.member)
    note = "Penser à imprimer le classeur. " * 70  # 2,100 characters
    response = team.client_for(team.member).post(reverse("incidents:drill_finish", args=[drill.pk]), {"note": note})
    html = response.content.decode()
    assert response.status_code == 200
    assert "au plus 2000 caractères" in html.replace("\u202f", " ").replace("\xa0", " ")
    assert "Penser à imprimer le classeur." in html
    assert Drill.objects.get(pk=drill.pk).finished_at is None


@pytest.mark.parametrize("htmx", [False, True])
def test_a_not_applicable_step_in_the_future_keeps_reason_and_time(team, htmx):
    incident = IncidentFactory(cabinet=team.cabinet)
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = team.client_for(team.member).post(
        reverse("incidents:step", args=[incident.pk, "b_report_ars"]),
        {"state": "not_applicable", "reason": "Signalé par le prestataire", "occurred_at": future},
        **headers,
    )
    html = response.content.decode()
    assert "dans le futur" in html
    assert 'value="Signalé par le prestataire"' in html
    assert f'value="{future}"' in html
    assert not StepMark.objects.filter(incident=incident).exists()
