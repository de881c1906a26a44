"""A titulaire downloads, in one click, a zip of everything the cabinet stored."""

import csv
import io
import json
import subprocess
import zipfile

import pytest
from django.test import TestCase
from django.urls import reverse

from conftest import Team
from resilience.models import AuditEvent, Membership, Role
from resilience.portability import documents
from resilience.portability.tables import scoped_models, tables
from resilience.tests.factories import EmergencyContactFactory
from resilience.tests.portability_support import BIG_PDF, rich_cabinet

pytestmark = pytest.mark.django_db
URL = reverse("resilience:cabinet_export")


def download(client) -> zipfile.ZipFile:
    """Ask for the zip (the task runs once the request commits, in-process here), then download it."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(URL)
    assert response.status_code == 302 and response["Location"] == URL
    page = client.get(URL)
    assert page.context["state"] == "ready"
    response = client.get(reverse("resilience:cabinet_export_download", args=[page.context["export"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="donnees-')
    content = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(content)
    return zipfile.ZipFile(io.BytesIO(content))


def rows(archive, label):
    return json.loads(archive.read(f"donnees/{label}.json"))


def test_every_cabinet_table_is_exported_in_foreign_key_order():
    labels = [table.label for table in tables()]
    assert {model._meta.label_lower for model in scoped_models()} == set(labels)
    assert {"resilience.membership", "resilience.auditevent", "kit.kit", "incidents.incident", "contracts.contract"} <= set(labels)
    position = {label: index for index, label in enumerate(labels)}
    for table in tables():
        for column in table.columns:
            if column.kind == "row" and column.target is not table.model:
                assert position[column.target._meta.label_lower] < position[table.label], (table.label, column.name)


def test_the_zip_holds_every_table_as_json_and_csv_the_files_documents_and_a_readme():
    cabinet = rich_cabinet()
    titulaire = Membership.objects.get(cabinet=cabinet, role=Role.TITULAIRE).user
    archive = download(Team.client_for(titulaire))
    names = set(archive.namelist())
    for table in tables():
        assert table.json_path in names and table.csv_path in names
    assert {"cabinet.json", "cabinet.csv", "personnes.json", "personnes.csv", "manifest.json", "LISEZ-MOI.txt"} <= names

    assert json.loads(archive.read("cabinet.json"))["name"] == "Cabinet démo"
    # Only the public profile of people, never a password hash or a secret.
    people = json.loads(archive.read("personnes.json"))
    assert {person["email"] for person in people} >= {"demo@example.org", "secretariat@example.org", "parti@example.org"}
    assert all(set(person) == {"id", "email", "first_name", "last_name", "role"} for person in people)
    assert b"pbkdf2" not in b"".join(archive.read(name) for name in names if name.endswith((".json", ".csv")))

    # The uploaded contract comes back byte for byte, as a PDF the row names.
    [document] = rows(archive, "contracts.contractdocument")
    assert document["content"].endswith(".pdf") and archive.read(document["content"]) == BIG_PDF
    # Foreign keys are export numbers: the review points to the earlier review of the same contract.
    reviews = rows(archive, "contracts.contractreview")
    assert [r["id"] for r in reviews] == list(range(1, len(reviews) + 1))
    assert reviews[-1]["previous"] == reviews[-2]["id"] and reviews[-1]["cabinet"] == 1
    # The history names who did what, including someone who has left the cabinet.
    by_number = {person["id"]: person for person in people}
    actors = {by_number[event["actor"]]["email"] for event in rows(archive, "resilience.auditevent") if event["actor"]}
    assert "parti@example.org" in actors

    # The CSV has the same rows, for a French spreadsheet.
    contacts_csv = archive.read("tableaux/resilience.emergencycontact.csv").decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(contacts_csv), delimiter=";"))
    assert table[0][:3] == ["id", "cabinet", "kind"] and len(table) - 1 == len(rows(archive, "resilience.emergencycontact"))

    # Generated documents: the kit, the notice, each assessment result, incident report and gap report.
    pdfs = [name for name in names if name.startswith("documents/")]
    assert "documents/kit/kit-mode-degrade.pdf" in pdfs and "documents/kit/affiche-patients.pdf" in pdfs
    assert any(name.startswith("documents/autodiagnostics/") for name in pdfs)
    assert any(name.startswith("documents/incidents/") for name in pdfs)
    assert any(name.startswith("documents/contrats/") for name in pdfs)
    kit_text = subprocess.run(
        ["pdftotext", "-", "-"], input=archive.read("documents/kit/kit-mode-degrade.pdf"), capture_output=True, check=True
    ).stdout.decode()
    assert "Cabinet démo" in kit_text

    readme = archive.read("LISEZ-MOI.txt").decode()
    assert "Données du cabinet Cabinet démo" in readme
    assert "donnees/contracts.contractdocument.json" in readme and "documents/kit/kit-mode-degrade.pdf" in readme
    assert "&#x27;" not in readme and "&quot;" not in readme

    event = AuditEvent.objects.filter(cabinet=cabinet, action="cabinet.export").get()
    assert event.actor == titulaire


def test_a_document_that_fails_to_render_does_not_cost_the_data(team, monkeypatch):
    def broken(tenant):
        def fail():
            raise RuntimeError("renderer down")

        yield documents.Document("cassé.pdf", "Un document en panne", fail)

    monkeypatch.setattr(documents, "_builders", [broken])
    EmergencyContactFactory(cabinet=team.cabinet, name="Assureur Mutuel")
    archive = download(team.client_for(team.titulaire))
    assert rows(archive, "resilience.emergencycontact")[0]["name"] == "Assureur Mutuel"
    assert "documents/cassé.pdf" not in archive.namelist()
    assert "Un document en panne" in archive.read("LISEZ-MOI.txt").decode()


def test_the_page_explains_and_offers_one_button(team):
    response = team.client_for(team.titulaire).get(URL)
    assert response.status_code == 200
    assert "Préparer le fichier des données" in response.content.decode()


@pytest.mark.parametrize("role", ["member", "secretary"])
def test_only_a_titulaire_exports(team, role):
    client = team.client_for(getattr(team, role))
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
    assert not AuditEvent.objects.filter(action="cabinet.export").exists()


def test_an_outsider_exports_only_their_own_cabinet(team):
    EmergencyContactFactory(cabinet=team.cabinet, name="Contact des Acacias")
    client = team.client_for(team.outsider)
    session = client.session
    session["cabinet_id"] = team.cabinet.pk  # a forged choice of cabinet is not trusted
    session.save()
    archive = download(client)
    assert json.loads(archive.read("cabinet.json"))["name"] == "Cabinet voisin"
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert "Acacias".encode() not in everything
    assert rows(archive, "resilience.emergencycontact") == []


def test_the_settings_page_links_to_export_and_deletion(team):
    page = team.client_for(team.titulaire).get(reverse("resilience:cabinet_settings")).content.decode()
    assert URL in page and reverse("resilience:cabinet_delete") in page


def test_a_model_can_opt_out_of_the_export(monkeypatch):
    from resilience.models import EmergencyContact
    from resilience.portability import tables as tables_module

    monkeypatch.setattr(EmergencyContact, "portable", False, raising=False)
    tables_module.tables.cache_clear()
    try:
        assert "resilience.emergencycontact" not in [table.label for table in tables_module.tables()]
    finally:
        tables_module.tables.cache_clear()
