"""The printed kit, the patient notice, the order list and the blank sheets, read back with pdftotext."""

import re
import subprocess
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from incidents.playbooks import DEGRADED, EXIT, SCENARIO_A, SCENARIO_B, get_playbooks
from kit import services
from kit.catalogue import PRINTABLE_SHEETS, Kind, get_catalogue
from kit.models import Equipment, Kit, StockLevel
from kit.printables import SHEET_URL_NAMES, patient_notice
from kit.scaling import Slot
from kit.tests.helpers import pdf_pages, pdf_raw_text
from resilience.contacts import national_contacts
from resilience.practitioners import set_practitioners
from resilience.tests.factories import EmergencyContactFactory

pytestmark = pytest.mark.django_db
NAME = "<b>Dupont & Fils</b>"
KIT_TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "kit"


def flat(text: str) -> str:
    """Whitespace collapsed, so that a sentence wrapped over two lines still matches."""
    return " ".join(text.split())


@pytest.fixture
def dupont(team):
    """A 3-practitioner cabinet whose every typed text is markup-like."""
    cabinet = team.cabinet
    cabinet.name = NAME
    cabinet.save()
    set_practitioners(cabinet, {"medecine_generale": 3})
    Kit.objects.create(cabinet=cabinet, binder_location="Accueil <i>armoire</i> & tiroir")
    StockLevel.objects.create(cabinet=cabinet, line_key="feuilles_de_soins", quantity=80)
    EmergencyContactFactory(cabinet=cabinet, name="Info & <Réseau>", phone="05 57 12 34 56", notes="Astreinte <24h/24>")
    services.ensure_equipment(cabinet)
    Equipment.objects.filter(cabinet=cabinet, line_key=Equipment.USB_KEY).update(
        quantity=1, state="ready", location="Coffre <script>alert(1)</script>", encrypted=True
    )
    return team


def get_pdf(team, name):
    response = team.client_for(team.secretary).get(reverse(name))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response


def test_the_kit_has_every_section_and_every_page_its_header_and_footer(dupont):
    response = get_pdf(dupont, "kit:pdf_kit")
    assert response["Content-Disposition"] == 'attachment; filename="kit-mode-degrade-b-dupont-fils-b.pdf"'
    pages = pdf_pages(response.content)
    assert 10 <= len(pages) <= 18
    for number, page in enumerate(pages, start=1):
        assert NAME in page, number
        assert f"Page {number} / {len(pages)}" in page
        assert "Généré le" in page
    text = flat("\n".join(pages))
    library = get_playbooks()
    for title in [
        "Kit « mode dégradé »", "Sommaire", "Contacts d'urgence", "Numéros nationaux",
        library.get(SCENARIO_A).title, library.get(SCENARIO_B).title, library.get(DEGRADED).title,
        library.get(EXIT).title, "Inventaire du kit", "Fiche d'examen — mode dégradé",
        "Suivi de la facturation différée", "Registre des consultations en mode dégradé",
    ]:
        assert title in text, title


def test_typed_texts_are_printed_as_text(dupont):
    text = flat(pdf_raw_text(get_pdf(dupont, "kit:pdf_kit").content))
    assert "Accueil <i>armoire</i> & tiroir" in text
    assert "Info & <Réseau>" in text and "Astreinte <24h/24>" in text
    assert "Coffre<script>alert(1)</script>" in text.replace(" ", "")  # a narrow cell may wrap it anywhere


def test_the_playbooks_are_printed_from_the_incidents_data(dupont):
    text = flat(pdf_raw_text(get_pdf(dupont, "kit:pdf_kit").content))
    library = get_playbooks()
    for key in (SCENARIO_A, SCENARIO_B, DEGRADED, EXIT):
        for step in library.get(key).steps:
            assert flat(step.text) in text, step.key
            if step.detail:
                assert flat(step.detail) in text, step.key
    for sign_or_answer in library.triage.answers:
        assert sign_or_answer.label in text


def test_no_kit_template_copies_a_playbook_text():
    templates = "\n".join(path.read_text() for path in KIT_TEMPLATES.rglob("*.html"))
    for playbook in get_playbooks().playbooks:
        for step in playbook.steps:
            assert step.text not in templates, step.key


def test_scenarios_a_and_b_are_in_large_type(dupont):
    """The first word of each scenario step is at least 18 pt high; body text stays near 10 pt."""
    response = get_pdf(dupont, "kit:pdf_kit")
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    words = [(float(y0), float(y1), w) for y0, y1, w in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', html)]

    def height(word):
        return max(y1 - y0 for y0, y1, w in words if w == word)

    assert height("Redémarrez") >= 18  # scenario A, step 1
    assert height("Débranchez") >= 18  # scenario B, step 2
    assert height("Généré") < 10


def test_the_inventory_prints_the_quantities_scaled_to_three_practitioners(dupont):
    text = flat(pdf_raw_text(get_pdf(dupont, "kit:pdf_kit").content))
    assert "Quantités cibles pour 3 médecins" in text
    assert "150 exemplaires 80 (manque 70)" in text  # feuilles de soins: target, on hand, shortfall
    assert "3 à 6 liasses" in text and "30 à 45 exemplaires" in text and "150 fiches" in text
    assert "3 appareils" in text  # one e-CPS phone per practitioner
    assert "Se commande : Un imprimeur certifié AFNOR" in text


def test_the_contacts_come_from_the_core(dupont):
    text = flat(pdf_raw_text(get_pdf(dupont, "kit:pdf_kit").content))
    assert "05 57 12 34 56" in text
    for contact in national_contacts():
        assert contact.name in text


def test_a_cabinet_without_contacts_gets_lines_to_write_them(team):
    text = flat(pdf_raw_text(get_pdf(team, "kit:pdf_kit").content))
    assert "écrivez-les ici à la main" in text and "Prestataire informatique" in text


def test_the_patient_notice_is_one_large_a4_poster(dupont):
    response = get_pdf(dupont, "kit:patient_notice")
    assert response["Content-Disposition"] == 'attachment; filename="affiche-patients-b-dupont-fils-b.pdf"'
    pages = pdf_pages(response.content)
    assert len(pages) == 1
    text = flat(pages[0])
    notice = patient_notice(get_catalogue().patient_notice, ["medecine_generale"])
    assert "votre médecin" in text and "les ordonnances, les feuilles de soins et les arrêts de travail" in text
    assert NAME in text and notice.title in text and f"{notice.signature} du cabinet {NAME}" in text
    for item in notice.changes:
        assert flat(f"{item.title} {item.text}") in text
    for item in notice.help:
        assert flat(item) in text
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "595.276 x 841.89 pts (A4)" in info


def test_the_order_list_names_what_to_order_and_where(dupont):
    text = flat(pdf_raw_text(get_pdf(dupont, "kit:order_list").content))
    assert "Feuilles de soins papier" in text and "Votre CPAM" in text
    assert "Fiches d'examen simplifiées à imprimer 0 150 150 fiches" in text
    assert "Partage de connexion 4G/5G (point d'accès) à acheter 0 1 1 appareil" in text.replace("4G/ 5G", "4G/5G")  # missing equipment too


@pytest.mark.parametrize("key", sorted(set(SHEET_URL_NAMES) - {"patient_notice"}))
def test_each_printable_sheet_prints_alone(dupont, key):
    pages = pdf_pages(get_pdf(dupont, SHEET_URL_NAMES[key]).content)
    assert pages and all(NAME in page for page in pages)
    if key in ("exam_sheet", "deferred_billing", "consultation_register"):
        assert len(pages) == 1, key  # one sheet to photocopy


def test_the_blank_sheets_ask_for_no_patient_data_beyond_paper_needs(dupont):
    register = flat(pdf_raw_text(get_pdf(dupont, "kit:sheet_consultation_register").content))
    billing = flat(pdf_raw_text(get_pdf(dupont, "kit:sheet_deferred_billing").content))
    for sheet in (register, billing):
        assert "N° de fiche" in sheet
        for field in ("Nom", "Prénom", "Date de naissance", "Diagnostic"):
            assert field not in sheet
    exam = flat(pdf_raw_text(get_pdf(dupont, "kit:sheet_exam_sheet").content))
    assert "N° de fiche" in exam and "Nom" in exam and "Date de naissance" in exam  # a paper record needs them


def test_only_printable_lines_have_a_sheet_and_order_lines_never_do():
    assert set(SHEET_URL_NAMES) == set(PRINTABLE_SHEETS)
    for line in get_catalogue().lines:
        if line.kind is not Kind.PRINTABLE:
            assert line.printable is None
            with pytest.raises(NoReverseMatch):
                reverse(f"kit:sheet_{line.key}")


def _overflowing_boxes(document):
    """Boxes that end beyond the right edge of the page's content area, in CSS px."""
    found = []
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width
        stack = list(box.children)
        while stack:
            child = stack.pop()
            end = child.position_x + child.margin_width()
            if end > right + 0.5:
                found.append((type(child).__name__, round(end - right, 1)))
            stack.extend(getattr(child, "children", ()))
    return found


def test_the_order_list_fits_the_page_width(dupont):
    from kit.printables import base_context
    from kit.summary import summarize
    from resilience import pdf
    from resilience.tests.assessment_support import tenant_for

    tenant = tenant_for(dupont.secretary, dupont.cabinet)
    context = {**base_context(tenant), "inventory": summarize(tenant).inventory}
    document = pdf.render_document("kit/pdf/order_list.html", context)
    assert _overflowing_boxes(document) == []


def test_the_order_list_includes_the_missing_equipment_the_kit_page_counts(dupont):
    from kit.summary import summarize
    from resilience.tests.assessment_support import tenant_for

    inventory = summarize(tenant_for(dupont.secretary, dupont.cabinet)).inventory
    text = flat(pdf_raw_text(get_pdf(dupont, "kit:order_list").content)).replace("4G/ 5G", "4G/5G")  # a line may break after « / »
    for row in inventory.below_minimum:  # what « Ce qui manque » counts on the kit page
        assert flat(row.line.label) in text, row.line.label
    for label in ("Partage de connexion 4G/5G (point d'accès)", "Téléphone avec l'e-CPS activée", "Lecteur de carte CPS de secours"):
        assert label in text
    assert "Clé USB chiffrée" not in text  # on hand: not listed


def test_the_patient_notice_names_the_cabinet_once(team):
    team.cabinet.name = "Cabinet démo"
    team.cabinet.save()
    text = flat(pdf_raw_text(get_pdf(team, "kit:patient_notice").content))
    assert "L'équipe du Cabinet démo" in text and "cabinet Cabinet" not in text


@pytest.mark.parametrize(
    "name, form, expected",
    [
        ("Dupont et associés", "du", "du cabinet Dupont et associés"),
        ("Cabinet démo", "du", "du Cabinet démo"),
        ("cabinet des Tilleuls", "au", "au cabinet des Tilleuls"),
        ("Maison de santé des Lilas", "du", "de la Maison de santé des Lilas"),
        ("Centre de kinésithérapie", "le", "le Centre de kinésithérapie"),
    ],
)
def test_the_cabinet_name_in_a_phrase(name, form, expected):
    from resilience.cabinet_names import in_phrase

    assert in_phrase(name, form) == expected


# --- a kiné's kit and notice ------------------------------------------------------------


@pytest.fixture
def kine(team):
    set_practitioners(team.cabinet, {"kinesitherapie": 2})
    return team


def test_a_kine_cabinets_printed_kit_holds_only_what_a_kine_uses(kine):
    text = flat(pdf_raw_text(get_pdf(kine, "kit:pdf_kit").content))
    assert "Quantités prévues pour 2 kinés" in text and "Quantités cibles pour 2 kinés" in text
    assert "Feuilles de soins papier des auxiliaires médicaux" in text and "demandez à votre CPAM" in text
    assert "Fiche de séance — mode dégradé" in text and "Bilan kinésithérapique — mode dégradé" in text
    assert "Prescriptions à scanner (SCOR) — mode dégradé" in text
    assert "Selon votre métier" in text and "fiche de séance numérotée" in text
    for absent in ("Ordonnances sécurisées", "Avis d'arrêt de travail", "Protocoles de soins ALD", "S3110",
                   "12541", "Fiche d'examen — mode dégradé", "Visites à domicile du jour — mode dégradé"):
        assert absent not in text, absent
    assert "☐ Arrêt de travail" not in text  # the fiche de séance offers no arrêt de travail
    lowered = text.lower()
    for words in ("arrêt de travail", "arrêts de travail", "ordonnance sécurisée", "ordonnances sécurisées"):
        assert words not in lowered, words  # scenario A's binder step, the exit step, the notes: none
    assert "ordonnances classiques" in lowered  # a kiné's own pad, for the medical devices a kiné may prescribe


def test_a_maison_de_sante_prints_each_prescribers_own_count_and_who_is_short(team):
    set_practitioners(team.cabinet, {"medecine_generale": 3, "soins_infirmiers": 2})
    StockLevel.objects.create(
        cabinet=team.cabinet, line_key="ordonnances_securisees", profession="medecine_generale", slot=1, quantity=3,
    )
    services.save_stock(team.cabinet, team.titulaire, {}, {Slot("medecine_generale", 1): "Dr Martin"})
    kit = flat(pdf_raw_text(get_pdf(team, "kit:pdf_kit").content))
    assert "Dr Martin (médecin 1) : 3 · médecin 2 : pas compté (manque 1) · médecin 3 : pas compté (manque 1)" in kit
    orders = flat(pdf_raw_text(get_pdf(team, "kit:order_list").content))
    assert "Pour : médecin 2 : 1 bloc ; médecin 3 : 1 bloc" in orders


def test_a_kine_cabinets_patient_notice_speaks_of_the_kine(kine):
    text = flat(pdf_pages(get_pdf(kine, "kit:patient_notice").content)[0])
    assert "votre kinésithérapeute n'a pas besoin d'un ordinateur" in text
    assert "Nous remplissons à la main, sur les formulaires officiels, les feuilles de soins." in text
    assert "arrêt" not in text.lower() and "votre médecin" not in text and "{" not in text


def test_a_maison_de_sante_prints_each_professions_sheets_and_words(team):
    set_practitioners(team.cabinet, {"medecine_generale": 3, "soins_infirmiers": 2, "kinesitherapie": 1})
    pdf = get_pdf(team, "kit:pdf_kit").content
    cover = flat(pdf_pages(pdf)[0])  # the contents stay on the cover page
    assert "Fiche d'examen, Fiche de soins, Fiche de séance (à photocopier)" in cover
    assert "Bilan kinésithérapique, Visites à domicile du jour, Prescriptions à scanner (SCOR) (à photocopier)" in cover
    text = flat(pdf_raw_text(pdf))
    assert "Quantités prévues pour 3 médecins, 2 infirmiers, 1 kiné" in text
    for title in ("Fiche d'examen — mode dégradé", "Fiche de séance — mode dégradé", "Fiche de soins — mode dégradé",
                  "Visites à domicile du jour — mode dégradé", "Bilan kinésithérapique — mode dégradé"):
        assert title in text, title
    assert "Feuilles de soins papier des médecins" in text and "Feuilles de soins papier des auxiliaires médicaux" in text
    notice = flat(pdf_pages(get_pdf(team, "kit:patient_notice").content)[0])
    assert "votre soignant" in notice
    assert "les ordonnances, les feuilles de soins et les arrêts de travail" in notice
