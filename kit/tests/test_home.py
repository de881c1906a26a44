"""The kit page: what is missing for this cabinet's size, and print buttons only where the app can print."""

import re

import pytest
from django.urls import reverse

from kit.catalogue import Kind, get_catalogue
from kit import services
from kit.models import Equipment, Kit, StockLevel
from kit.tests.helpers import fill_stock, page_text
from resilience.models import AuditEvent
from resilience.practitioners import set_practitioners

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_practitioners(team):
    set_practitioners(team.cabinet, {"medecine_generale": 3})
    return team


def line_item(page, key):
    """The HTML of one inventory line of the kit page."""
    return re.search(rf'<li[^>]*id="ligne-{key}".*?</li>', page, re.S).group(0)


def test_a_titulaire_sees_what_is_missing_for_three_practitioners(three_practitioners):
    team = three_practitioners
    StockLevel.objects.create(cabinet=team.cabinet, line_key="feuilles_de_soins", quantity=80)
    for number, quantity in ((1, 2), (2, 1), (3, 1)):  # each médecin's own: 1 to 2 liasses each
        StockLevel.objects.create(
            cabinet=team.cabinet, line_key="arrets_de_travail", profession="medecine_generale", slot=number,
            quantity=quantity,
        )
    page = page_text(team.client_for(team.titulaire).get(reverse("kit:home")))
    assert "Quantités calculées pour 3 médecins" in page
    sheets = line_item(page, "feuilles_de_soins")
    assert "Cible : 150 exemplaires" in sheets and "Il en manque 70 pour le minimum" in sheets
    assert "list-group-item-danger" in sheets  # the shortfall stands out
    stops = line_item(page, "arrets_de_travail")
    assert "de 3 à 6 liasses" in stops and "2 de moins que conseillé" in stops
    assert "médecin 1 : 2 · médecin 2 : 1 · médecin 3 : 1" in stops
    assert "pas encore compté" in line_item(page, "protocoles_ald")
    assert "Feuilles de soins papier des médecins : 80 / 150" in page  # in the « Ce qui manque » summary
    assert "Aucun test enregistré" in page


def test_order_lines_say_where_to_order_and_are_never_printable(team):
    page = page_text(team.client_for(team.member).get(reverse("kit:home")))
    for line in get_catalogue().lines:
        if not line.applies_to(team.cabinet.profession):
            assert f'id="ligne-{line.key}"' not in page, line.key  # another profession's form
            continue
        item = line_item(page, line.key)
        if line.kind is Kind.ORDER:
            assert "Où le commander" in item and line.order_from in item, line.key
            assert "Imprimer" not in item and ".pdf" not in item, line.key
        elif line.kind is Kind.PRINTABLE:
            assert ".pdf" in item and ">Imprimer<" in item, line.key


def test_the_updated_form_references_are_shown_with_their_note(team):
    page = page_text(team.client_for(team.member).get(reverse("kit:home")))
    stops = line_item(page, "arrets_de_travail")
    assert "Référence : <strong>S3115/3117, cerfa n° 10170*07, version sécurisée</strong>" in stops
    assert "photocopies" in stops and "étiquette holographique" in stops  # told apart by what one sees
    sheets = line_item(page, "feuilles_de_soins")
    assert "S3110, cerfa n° 12541" in sheets and "même formulaire" in sheets
    assert "cerfa n° 11626" in line_item(page, "protocoles_ald")


def test_both_pdfs_are_one_tap_from_the_kit_page(team):
    page = page_text(team.client_for(team.secretary).get(reverse("kit:home")))
    assert f'href="{reverse("kit:pdf_kit")}"' in page
    assert f'href="{reverse("kit:patient_notice")}"' in page


def test_the_order_list_button_shows_only_when_something_is_missing(team):
    client = team.client_for(team.secretary)
    assert reverse("kit:order_list") in page_text(client.get(reverse("kit:home")))
    fill_stock(team.cabinet, 1000)
    assert reverse("kit:order_list") in page_text(client.get(reverse("kit:home")))  # equipment still missing
    services.ensure_equipment(team.cabinet)
    Equipment.objects.filter(cabinet=team.cabinet).update(quantity=10, state="ready")
    assert reverse("kit:order_list") not in page_text(client.get(reverse("kit:home")))


def test_a_secretary_records_where_the_binder_is(team):
    client = team.client_for(team.secretary)
    response = client.post(reverse("kit:binder"), {"binder_location": "Accueil, <armoire> & tiroir"})
    assert response.status_code == 302
    assert Kit.objects.get(cabinet=team.cabinet).binder_location == "Accueil, <armoire> & tiroir"
    event = AuditEvent.objects.get(action="kit.binder")
    assert event.actor == team.secretary and event.changes == {"binder_location": ["", "Accueil, <armoire> & tiroir"]}
    page = client.get(reverse("kit:home")).content.decode()
    assert "Accueil, &lt;armoire&gt; &amp; tiroir" in page  # escaped on the page


def test_the_binder_location_has_a_length_limit(team):
    response = team.client_for(team.secretary).post(reverse("kit:binder"), {"binder_location": "x" * 201})
    assert response.status_code == 200 and not Kit.objects.exists()


def test_the_kit_is_in_the_menu(team):
    page = page_text(team.client_for(team.secretary).get(reverse("resilience:dashboard")))
    assert f'href="{reverse("kit:home")}"' in page and "Kit mode dégradé" in page


def test_a_kine_cabinet_sees_its_own_forms_and_no_prescribers_form(team):
    set_practitioners(team.cabinet, {"kinesitherapie": 2})
    page = page_text(team.client_for(team.member).get(reverse("kit:home")))
    assert "Quantités calculées pour 2 kinés" in page
    for key in ("arrets_de_travail", "ordonnances_securisees", "protocoles_ald", "feuilles_de_soins", "certificats_at_mp"):
        assert f'id="ligne-{key}"' not in page, key
    own = line_item(page, "feuilles_de_soins_auxiliaires")
    assert "Cible : 100 exemplaires" in own and "CPAM" in own and "non confirmé" in own
    assert "Référence" not in own  # no invented number
    assert ">Imprimer<" in line_item(page, "bilans_kine")


def test_the_stock_screen_of_a_kine_cabinet_refuses_a_doctors_form(team):
    set_practitioners(team.cabinet, {"kinesitherapie": 1})
    client = team.client_for(team.secretary)
    page = client.get(reverse("kit:stocks")).content.decode()
    assert 'name="q-feuilles_de_soins_auxiliaires"' in page and 'name="q-arrets_de_travail"' not in page
    response = client.post(reverse("kit:stocks"), {"q-arrets_de_travail": 3, "was-arrets_de_travail": 0})
    assert response.status_code == 400
    assert not StockLevel.objects.filter(cabinet=team.cabinet, line_key="arrets_de_travail").exists()


def test_a_cabinet_saved_without_its_counts_gets_the_kit_of_its_main_profession(team):
    """A row written outside set_practitioners (a script, the shell) must not break the kit."""
    from resilience.models import PractitionerCount

    PractitionerCount.objects.filter(cabinet=team.cabinet).delete()
    client = team.client_for(team.member)
    page = page_text(client.get(reverse("kit:home")))
    assert "Quantités calculées pour 2 médecins" in page
    assert client.get(reverse("kit:patient_notice")).status_code == 200


@pytest.mark.parametrize(
    "counts, told",
    [({"autre": 1}, True), ({"podologie": 1}, False), ({"kinesitherapie": 1, "autre": 1}, True)],
)
def test_a_profession_whose_rights_are_unknown_gets_no_pad_but_where_to_ask(team, counts, told):
    set_practitioners(team.cabinet, counts)
    page = page_text(team.client_for(team.member).get(reverse("kit:home")))
    assert ('data-testid="forms-note"' in page) is told
    if told:
        assert "demandez à votre CPAM" in page and "votre ordre" in page
    if counts == {"autre": 1}:
        assert 'id="ligne-ordonnances_classiques"' not in page
    if counts == {"podologie": 1}:  # topical drugs, dressings, foot orthoses: their own plain pad
        assert 'id="ligne-ordonnances_classiques"' in page and 'id="ligne-ordonnances_securisees"' not in page
