"""The contract PDF: PDF only, 10 MB at most, a plain file name; only the cabinet's members download it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT
from django.urls import reverse

from contracts.forms import DocumentForm
from contracts.models import MAX_DOCUMENT_SIZE, ContractDocument
from contracts.tests.factories import PDF_BYTES, ContractFactory, DocumentFactory
from resilience.models import AuditEvent

pytestmark = pytest.mark.django_db


def upload(client, contract, name, content):
    return client.post(
        reverse("contracts:document_upload", args=[contract.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def raw_upload(client, contract, filename, content):
    """A multipart body written by hand, to send a file name a browser would not."""
    body = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()
    return client.generic("POST", reverse("contracts:document_upload", args=[contract.pk]), body, MULTIPART_CONTENT)


def test_a_titulaire_attaches_the_contract_pdf(team):
    contract = ContractFactory(cabinet=team.cabinet)
    response = upload(team.client_for(team.titulaire), contract, "Contrat signé.pdf", PDF_BYTES)
    assert response.status_code == 302
    document = ContractDocument.objects.with_content().get(contract=contract)
    assert document.name == "Contrat signé.pdf" and bytes(document.content) == PDF_BYTES
    assert document.size == len(PDF_BYTES) and document.cabinet == team.cabinet
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="contract.document_add").exists()


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(team):
    contract = ContractFactory(cabinet=team.cabinet)
    response = upload(team.client_for(team.titulaire), contract, "contrat.pdf", b"MZ\x90\x00 this is a program")
    assert response.status_code == 200
    assert "n&#x27;est pas un PDF, même si son nom se termine par « .pdf »" in response.content.decode()
    assert not ContractDocument.objects.exists()


def test_a_file_over_10_mb_is_refused(team):
    contract = ContractFactory(cabinet=team.cabinet)
    too_big = PDF_BYTES + b"0" * (MAX_DOCUMENT_SIZE - len(PDF_BYTES) + 1)
    response = upload(team.client_for(team.titulaire), contract, "contrat.pdf", too_big)
    assert response.status_code == 200
    assert "10 Mo au plus" in response.content.decode() and "10,0 Mo" in response.content.decode()
    assert not ContractDocument.objects.exists()


def test_a_file_of_exactly_10_mb_is_accepted(team):
    contract = ContractFactory(cabinet=team.cabinet)
    exact = PDF_BYTES + b"0" * (MAX_DOCUMENT_SIZE - len(PDF_BYTES))
    assert upload(team.client_for(team.titulaire), contract, "contrat.pdf", exact).status_code == 302
    assert ContractDocument.objects.get().size == MAX_DOCUMENT_SIZE


def test_an_empty_file_is_refused(team):
    contract = ContractFactory(cabinet=team.cabinet)
    response = upload(team.client_for(team.titulaire), contract, "contrat.pdf", b"")
    assert response.status_code == 200 and not ContractDocument.objects.exists()


def test_a_windows_drive_path_as_file_name_is_refused(team):
    contract = ContractFactory(cabinet=team.cabinet)
    response = raw_upload(team.client_for(team.titulaire), contract, "C:contrat.pdf", PDF_BYTES)
    assert response.status_code == 200
    assert "Le nom du fichier ne doit contenir ni « / », ni « \\ », ni « : »" in response.content.decode()
    assert not ContractDocument.objects.exists()


@pytest.mark.parametrize("name", ["../../etc/contrat.pdf", "..\\..\\contrat.pdf", "dossier/contrat.pdf", ".contrat.pdf"])
def test_a_file_name_with_path_separators_is_refused_by_the_form(name):
    file = SimpleUploadedFile("contrat.pdf", PDF_BYTES, content_type="application/pdf")
    file._name = name  # what a multipart parser other than Django's could hand over
    form = DocumentForm(data={}, files={"file": file})
    assert not form.is_valid()
    assert "Le nom du fichier ne doit contenir ni « / »" in form.errors["file"][0]


@pytest.mark.parametrize("name", ["../../etc/contrat.pdf", "C:\\Users\\docs\\contrat.pdf"])
def test_a_path_sent_over_http_never_becomes_the_stored_name(team, name):
    """Django keeps only the last part of a path sent as a file name; nothing else is ever stored."""
    contract = ContractFactory(cabinet=team.cabinet)
    raw_upload(team.client_for(team.titulaire), contract, name, PDF_BYTES)
    assert list(ContractDocument.objects.values_list("name", flat=True)) == ["contrat.pdf"]


@pytest.mark.parametrize("role_name", ["member", "secretary"])
def test_only_a_titulaire_attaches_or_deletes_files(team, role_name):
    contract = ContractFactory(cabinet=team.cabinet)
    document = DocumentFactory(contract=contract)
    client = team.client_for(getattr(team, role_name))
    assert upload(client, contract, "contrat.pdf", PDF_BYTES).status_code == 403
    assert client.post(reverse("contracts:document_delete", args=[document.pk])).status_code == 403
    assert ContractDocument.objects.count() == 1


@pytest.mark.parametrize("role_name", ["titulaire", "member", "secretary"])
def test_members_download_the_file_as_an_attachment(team, role_name):
    document = DocumentFactory(contract=ContractFactory(cabinet=team.cabinet), name="Contrat signé.pdf")
    response = team.client_for(getattr(team, role_name)).get(reverse("contracts:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Contrat%20sign%C3%A9.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_member_of_another_cabinet_cannot_download_the_file_or_see_the_contract(team):
    contract = ContractFactory(cabinet=team.cabinet)
    document = DocumentFactory(contract=contract)
    outsider = team.client_for(team.outsider)
    assert outsider.get(reverse("contracts:document_download", args=[document.pk])).status_code == 404
    assert outsider.get(reverse("contracts:detail", args=[contract.pk])).status_code == 404
    assert outsider.post(reverse("contracts:document_delete", args=[document.pk])).status_code == 404
    assert ContractDocument.objects.filter(pk=document.pk).exists()


def test_a_titulaire_deletes_a_file(team):
    document = DocumentFactory(contract=ContractFactory(cabinet=team.cabinet))
    response = team.client_for(team.titulaire).post(reverse("contracts:document_delete", args=[document.pk]))
    assert response.status_code == 302 and not ContractDocument.objects.exists()
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="contract.document_delete").exists()


def test_listing_files_never_loads_their_bytes(team):
    DocumentFactory(contract=ContractFactory(cabinet=team.cabinet))
    document = ContractDocument.objects.get()
    assert "content" in document.get_deferred_fields()
