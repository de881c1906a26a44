"""The gap report and the letter to the provider, read back with pdftotext."""

import subprocess

import pytest
from django.urls import reverse

from contracts.checklist import get_checklist
from contracts.tests.factories import AnswerFactory, ContractFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def review(team):
    contract = ContractFactory(
        cabinet=team.cabinet, provider="Gironde Info Services", reference="MAINT-118",
        provider_address="8 quai des Chartrons\n33000 Bordeaux",
    )
    review = ReviewFactory(contract=contract)
    for item in get_checklist().all_items():
        AnswerFactory(review=review, item_key=item.key, value="present")
    review.answers.filter(item_key="backups.restore_test").update(value="absent")
    review.answers.filter(item_key="incidents.critical_response_time").update(
        value="partial", clause_ref="Art. 5.1", note="« Dans les meilleurs délais » <b>vague</b>"
    )
    review.answers.filter(item_key="hosting.server_location").update(value="unknown")
    review.answers.filter(item_key="exit.transfer_support").update(value="na")
    return review


@pytest.mark.parametrize("role_name", ["titulaire", "member", "secretary"])
def test_every_member_downloads_the_gap_report(team, review, role_name):
    response = team.client_for(getattr(team, role_name)).get(reverse("contracts:gap_report", args=[review.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-des-ecarts-gironde-info-services.pdf"'


def test_the_gap_report_lists_per_category_the_missing_items_why_and_what_to_ask(team, review):
    text = flat(pdf_text(team.client_for(team.titulaire).get(reverse("contracts:gap_report", args=[review.pk])).content))
    assert "Rapport des écarts du contrat" in text and "Gironde Info Services" in text
    assert "Verdict : Bloquant" in text
    assert "2. Gestion des incidents et des cyberattaques – À améliorer" in text
    assert "4. Sauvegardes – Bloquant" in text
    assert "Un test de restauration au moins tous les six mois" in text and "Réponse : Absent" in text
    assert "Réponse : Partiel · article : Art. 5.1" in text
    assert "« Dans les meilleurs délais » <b>vague</b>" in text  # typed text printed as text
    assert "Réponse : Je ne sais pas" in text
    assert "Pourquoi c'est important" in text and "À demander :" in text
    assert "Un accompagnement au transfert" not in text  # not applicable: not a gap
    assert "1. Périmètre et responsabilités –" not in text  # no gap there
    assert team.cabinet.name in text


def test_the_letter_page_offers_the_text_to_edit(team, review):
    page = team.client_for(team.secretary).get(reverse("contracts:letter", args=[review.pk])).content.decode()
    assert "<textarea" in page and "Madame, Monsieur," in page
    assert "Je vous prie d&#x27;agréer, Madame, Monsieur" in page
    assert "Copier le texte" in page


def test_the_edited_letter_is_downloaded_as_a_pdf_with_sender_and_addressee(team, review):
    client = team.client_for(team.titulaire)
    page = client.get(reverse("contracts:letter", args=[review.pk]))
    text = page.context["form"].initial["text"] + "\n\nPost-scriptum : <script>merci</script>"
    response = client.post(reverse("contracts:letter", args=[review.pk]), {"text": text})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="courrier-gironde-info-services.pdf"'
    pdf = flat(pdf_text(response.content))
    assert team.cabinet.name in pdf and team.cabinet.address in pdf
    assert "Gironde Info Services 8 quai des Chartrons" in pdf or "8 quai des Chartrons" in pdf
    assert "Madame, Monsieur," in pdf
    assert "Un test de restauration" not in pdf  # the letter uses the "ask" sentences, not the labels
    assert "restauration au moins tous les six mois" in pdf or "test de restauration" in pdf
    assert "Post-scriptum : <script>merci</script>" in pdf
    assert "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées." in pdf


def test_an_empty_or_oversized_letter_is_refused_with_a_message(team, review):
    client = team.client_for(team.titulaire)
    response = client.post(reverse("contracts:letter", args=[review.pk]), {"text": "   "})
    assert response.status_code == 200 and "Le courrier est vide" in response.content.decode()
    response = client.post(reverse("contracts:letter", args=[review.pk]), {"text": "x" * 20001})
    assert response.status_code == 200 and "au plus 20000 caractères" in response.content.decode()


def test_a_review_without_gaps_says_there_is_nothing_to_ask(team, review):
    review.answers.update(value="present")
    page = team.client_for(team.titulaire).get(reverse("contracts:letter", args=[review.pk])).content.decode()
    assert "Aucune clause ne manque" in page


def test_outputs_of_another_cabinets_review_are_404(team, review):
    outsider = team.client_for(team.outsider)
    assert outsider.get(reverse("contracts:gap_report", args=[review.pk])).status_code == 404
    assert outsider.get(reverse("contracts:letter", args=[review.pk])).status_code == 404
    assert outsider.post(reverse("contracts:letter", args=[review.pk]), {"text": "Bonjour"}).status_code == 404


def test_the_letter_is_a_letter_signed_by_the_titulaire_without_the_app_header_or_footer(team, review):
    client = team.client_for(team.secretary)  # the secrétariat prepares it; the titulaire signs it
    text = client.get(reverse("contracts:letter", args=[review.pk])).context["form"].initial["text"]
    assert text.startswith("Objet : ")
    assert text.endswith(f"{team.titulaire.display_name}\nTitulaire\n{team.cabinet.name}")
    assert team.secretary.display_name not in text
    response = client.post(reverse("contracts:letter", args=[review.pk]), {"text": text})
    pages = pdf_text(response.content).split("\f")
    layout = flat(pdf_text(response.content))
    assert layout.startswith(team.cabinet.name)  # the letterhead comes first
    assert team.cabinet.phone in layout and "Gironde Info Services" in layout and "Objet :" in layout
    assert "Généré le" not in layout and "Page 1 /" not in layout  # no application header or footer
    assert all(page.count(team.cabinet.name) <= 2 for page in pages)  # letterhead and signature, no running header
