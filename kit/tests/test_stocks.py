"""The stock screen: every member counts the binder; only changed lines are written, one row each."""

import pytest
from django.urls import reverse

from kit.models import Kit, Prescriber, StockLevel
from kit.tests.helpers import page_text, stock_post
from resilience.models import AuditEvent

from resilience.practitioners import set_practitioners

pytestmark = pytest.mark.django_db
URL = "kit:stocks"


def stock_of(cabinet):
    """{line key: quantity}, and {line.profession.number: quantity} for a prescriber's own count."""
    rows = StockLevel.objects.filter(cabinet=cabinet).values_list("line_key", "profession", "slot", "quantity")
    return {f"{key}.{profession}.{number}" if profession else key: quantity for key, profession, number, quantity in rows}


MG1 = "arrets_de_travail.medecine_generale.1"  # as stock_of and the audit name médecin 1's own count


def field(key: str) -> str:
    """The form's name of a count: « line.profession.number » → « line--profession-number »."""
    line, *holder = key.split(".")
    return f"{line}--{holder[0]}-{holder[1]}" if holder else line


def post(quantities: dict, shown: dict | None = None) -> dict:
    return stock_post({field(k): v for k, v in quantities.items()}, {field(k): v for k, v in (shown or {}).items()})


def test_the_screen_lists_forms_and_sheets_with_targets_for_the_cabinet(team):
    set_practitioners(team.cabinet, {"medecine_generale": 3})
    page = team.client_for(team.secretary).get(reverse(URL)).content.decode()
    assert 'name="q-feuilles_de_soins"' in page and 'name="was-feuilles_de_soins"' in page
    assert "Cible : 150 exemplaires" in page and "Par prescripteur : de 1 à 2 liasses" in page
    for number in (1, 2, 3):  # one input per médecin for the forms printed with their identity
        assert f'name="q-arrets_de_travail--medecine_generale-{number}"' in page
    assert 'name="q-arrets_de_travail"' not in page
    assert 'name="q-hotspot_4g5g"' not in page  # equipment has its own page
    assert 'inputmode="numeric"' in page


@pytest.mark.parametrize("role", ["titulaire", "member", "secretary"])
def test_any_member_updates_three_lines_and_the_change_is_audited(team, role):
    user = getattr(team, role)
    response = team.client_for(user).post(
        reverse(URL), post({"feuilles_de_soins": 120, MG1: 4, "fiches_examen": 150})
    )
    assert response.status_code == 302 and response.url == reverse("kit:home")
    assert stock_of(team.cabinet) == {"feuilles_de_soins": 120, MG1: 4, "fiches_examen": 150}
    event = AuditEvent.objects.get(cabinet=team.cabinet, action="kit.stock")
    assert event.actor == user
    assert event.changes == {"feuilles_de_soins": [None, 120], MG1: [None, 4], "fiches_examen": [None, 150]}
    assert "Avis d'arrêt de travail (formulaire sécurisé) (médecin 1)" in event.summary
    kit = Kit.objects.get(cabinet=team.cabinet)
    assert kit.last_checked_on is not None and kit.last_checked_by == user


def test_unchanged_lines_are_not_written(team):
    StockLevel.objects.create(cabinet=team.cabinet, line_key="protocoles_ald", quantity=7)
    data = stock_post({"protocoles_ald": 7, "feuilles_de_soins": 0}, shown={"protocoles_ald": 7})
    team.client_for(team.member).post(reverse(URL), data)
    assert stock_of(team.cabinet) == {"protocoles_ald": 7}


def test_two_people_counting_different_lines_at_once_both_keep_their_change(team):
    """Both opened the page before either saved: each form still carries the other line's old value."""
    shown = {"feuilles_de_soins": 50, "fiches_examen": 20}
    for key, quantity in shown.items():
        StockLevel.objects.create(cabinet=team.cabinet, line_key=key, quantity=quantity)
    secretary, doctor = team.client_for(team.secretary), team.client_for(team.member)
    secretary.post(reverse(URL), stock_post({"feuilles_de_soins": 90, "fiches_examen": 20}, shown))
    doctor.post(reverse(URL), stock_post({"feuilles_de_soins": 50, "fiches_examen": 60}, shown))
    assert stock_of(team.cabinet) == {"feuilles_de_soins": 90, "fiches_examen": 60}


def test_a_partial_post_changes_only_the_lines_it_names(team):
    StockLevel.objects.create(cabinet=team.cabinet, line_key="fiches_examen", quantity=20)
    team.client_for(team.member).post(reverse(URL), {"q-feuilles_de_soins": "30"})
    assert stock_of(team.cabinet) == {"fiches_examen": 20, "feuilles_de_soins": 30}


@pytest.mark.parametrize(
    "field",
    ["q-hotspot_4g5g", "q-nonexistent", "was-ordonnances_falsifiees", "q-", "q-feuilles_de_soins_extra",
     "q-arrets_de_travail", "q-arrets_de_travail--medecine_generale-9", "q-feuilles_de_soins--medecine_generale-1",
     "name-medecine_generale-9", "name-kinesitherapie-1", "q-arrets_de_travail.medecine_generale.1"],
)
def test_an_unknown_or_forged_line_is_refused_and_nothing_changes(team, field):
    data = {**stock_post({"feuilles_de_soins": 99}), field: "5"}
    response = team.client_for(team.titulaire).post(reverse(URL), data)
    assert response.status_code == 400
    assert not StockLevel.objects.exists()
    assert not AuditEvent.objects.filter(action="kit.stock").exists()


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-3", "Une quantité ne peut pas être négative"),
        ("douze", "Indiquez un nombre entier"),
        ("2.5", "Indiquez un nombre entier"),
        ("", "Indiquez un nombre (0 s'il n'y en a plus)"),
        ("1000000", "Ce nombre est trop grand"),
    ],
)
def test_a_wrong_quantity_is_explained_in_french_and_nothing_is_saved(team, typed, message):
    data = {**stock_post({"feuilles_de_soins": 120}), "q-fiches_examen": typed, "was-fiches_examen": 0}
    response = team.client_for(team.secretary).post(reverse(URL), data)
    page = page_text(response)
    assert response.status_code == 200
    assert message in page and "Rien n'est enregistré" in page
    assert f'name="q-fiches_examen" id="id_q-fiches_examen" value="{typed}"' in page  # kept as typed
    assert 'value="120"' in page  # and the other lines too
    assert not StockLevel.objects.exists()


def test_saving_without_a_change_records_the_check(team):
    response = team.client_for(team.secretary).post(reverse(URL), stock_post({"fiches_examen": 0}), follow=True)
    assert "Rien n'a changé" in page_text(response)
    assert Kit.objects.get(cabinet=team.cabinet).last_checked_by == team.secretary
    assert AuditEvent.objects.get(action="kit.stock").summary == "Stocks du kit vérifiés, sans changement"


def test_an_outsider_updates_only_their_own_cabinet(team):
    team.client_for(team.outsider).post(reverse(URL), stock_post({"fiches_examen": 12}))
    assert stock_of(team.other_cabinet) == {"fiches_examen": 12}
    assert stock_of(team.cabinet) == {}


# --- one count per prescriber for the forms printed with their identity --------------------


def test_each_prescriber_counts_their_own_and_names_them(team):
    set_practitioners(team.cabinet, {"medecine_generale": 3, "soins_infirmiers": 2})
    key = "ordonnances_securisees.medecine_generale"
    data = {
        **post({f"{key}.1": 3, f"{key}.2": 0, f"{key}.3": 0}),
        "name-medecine_generale-1": "Dr Martin", "name-medecine_generale-2": "",
    }
    response = team.client_for(team.secretary).post(reverse(URL), data)
    assert response.status_code == 302
    assert stock_of(team.cabinet) == {f"{key}.1": 3}  # 0 as shown: not written, still none
    assert list(Prescriber.objects.filter(cabinet=team.cabinet).values_list("number", "label")) == [(1, "Dr Martin")]
    page = page_text(team.client_for(team.secretary).get(reverse("kit:home")))
    # médecin 1's three blocks never cover the two others
    assert "Ordonnances sécurisées (stupéfiants) (médecin 2 : 0 / 1 · médecin 3 : 0 / 1)" in page
    assert "2 prescripteurs sous le minimum" in page and "Dr Martin (médecin 1) : 3" in page
    stocks = page_text(team.client_for(team.secretary).get(reverse(URL)))
    assert "Infirmier 2" in stocks  # the nurses' own ordonnances
    assert 'value="Dr Martin"' in stocks


def test_a_wrong_count_or_name_keeps_what_was_typed(team):
    key = "q-arrets_de_travail--medecine_generale-2"
    data = {
        **post({"arrets_de_travail.medecine_generale.1": 2}),
        key: "deux", "was-arrets_de_travail--medecine_generale-2": 0,
        "name-medecine_generale-1": "Dr " + "M" * 80,
    }
    response = team.client_for(team.member).post(reverse(URL), data)
    page = page_text(response)
    assert response.status_code == 200 and "Rien n'est enregistré" in page
    assert "Indiquez un nombre entier" in page and "Un nom court suffit (60 caractères au plus)" in page
    assert f'name="{key}" id="id_{key}" value="deux"' in page
    assert 'value="2"' in page and "Dr MMMM" in page
    assert not StockLevel.objects.exists() and not Prescriber.objects.exists()


def test_a_count_moved_from_the_old_pooled_stock_is_shown_until_checked(team):
    StockLevel.objects.create(
        cabinet=team.cabinet, line_key="arrets_de_travail", profession="medecine_generale", slot=1, quantity=4,
        unchecked=True,
    )
    client = team.client_for(team.member)
    assert "reporté sur le premier" in page_text(client.get(reverse("kit:home")))
    assert "reporté sur le premier" in page_text(client.get(reverse(URL)))
    client.post(reverse(URL), post({"arrets_de_travail.medecine_generale.1": 4}, {"arrets_de_travail.medecine_generale.1": 4}))
    assert not StockLevel.objects.get(cabinet=team.cabinet).unchecked  # seen and saved: checked
    assert "reporté sur le premier" not in page_text(client.get(reverse("kit:home")))
