"""'Que faire si…': every playbook as a page, readable without any incident."""

import html

import pytest
from django.urls import reverse

from incidents.playbooks import get_playbooks
from incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_the_index_lists_the_five_playbooks_and_the_three_reflexes(team):
    page = html.unescape(team.client_for(team.secretary).get(reverse("incidents:playbooks")).content.decode())
    for playbook in get_playbooks().playbooks:
        assert playbook.title in page
        assert reverse("incidents:playbook", args=[playbook.key]) in page
    for reflex in ("Préserver", "Prioriser", "Signaler"):
        assert reflex in page
    assert "Incident en cours" not in page


def test_each_playbook_page_shows_every_step_in_order_with_who_does_it(team):
    client = team.client_for(team.member)
    for playbook in get_playbooks().playbooks:
        page = html.unescape(client.get(reverse("incidents:playbook", args=[playbook.key])).content.decode())
        positions = [page.index(step.text) for step in playbook.steps]
        assert positions == sorted(positions)
        assert playbook.steps[0].role_label in page


def test_scenario_b_explains_the_declarations_with_official_links(team):
    page = team.client_for(team.secretary).get(reverse("incidents:playbook", args=["scenario_b"])).content.decode()
    assert "https://www.cnil.fr/fr/notifier-une-violation-de-donnees-personnelles" in page
    assert "https://signalement.social-sante.gouv.fr" in page
    assert "https://www.cybermalveillance.gouv.fr" in page
    assert "LEGIARTI000047048152" in page  # Code des assurances, art. L12-10-1
    assert "Les données touchées étaient chiffrées" in page  # art. 34 exemptions


def test_an_open_incident_is_one_tap_away_from_the_playbook(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    page = team.client_for(team.secretary).get(reverse("incidents:playbook", args=["scenario_b"])).content.decode()
    assert reverse("incidents:detail", args=[incident.pk]) in page


def test_an_unknown_playbook_is_404_and_posting_is_not_allowed(team):
    client = team.client_for(team.secretary)
    assert client.get(reverse("incidents:playbook", args=["scenario_z"])).status_code == 404
    assert client.post(reverse("incidents:playbook", args=["scenario_a"])).status_code == 405


def test_the_step_list_is_an_include_the_printed_kit_can_reuse():
    from django.template.loader import render_to_string

    playbook = get_playbooks().get("degraded")
    rendered = html.unescape(render_to_string("incidents/includes/playbook_steps.html", {"playbook": playbook}))
    assert all(step.text in rendered for step in playbook.steps)


@pytest.mark.parametrize(
    "counts, shown, hidden",
    [
        ({"soins_infirmiers": 2}, ["liste des visites imprimée la veille", "SCOR"], ["arrêt de travail"]),
        ({"kinesitherapie": 1}, ["fiche de séance numérotée", "SCOR"], ["arrêt de travail", "visites"]),
        ({"medecine_generale": 3}, ["formulaire sécurisé à votre nom"], ["SCOR (numérisation", "visites imprimée"]),
    ],
)
def test_the_degraded_consultation_adds_what_applies_to_the_cabinets_professions(team, counts, shown, hidden):
    from resilience.practitioners import set_practitioners

    set_practitioners(team.cabinet, counts)
    page = html.unescape(
        team.client_for(team.member).get(reverse("incidents:playbook", args=["degraded"])).content.decode()
    )
    tips = page[page.index('data-testid="profession-tips"'):]
    tips = tips[: tips.index("</section>")]
    for words in shown:
        assert words in tips, words
    for words in hidden:
        assert words not in tips, words
    other = html.unescape(
        team.client_for(team.member).get(reverse("incidents:playbook", args=["scenario_a"])).content.decode()
    )
    assert "profession-tips" not in other


PRESCRIBERS_FORMS = ("arrêt de travail", "arrêts de travail", "ordonnances sécurisées", "ordonnance sécurisée")


@pytest.mark.parametrize("key", [playbook.key for playbook in get_playbooks().playbooks])
def test_a_kine_cabinets_playbooks_never_name_a_form_kines_do_not_write(team, key):
    """Scenario A's binder step and every other one: a kiné writes no arrêt de travail, no secure prescription."""
    from resilience.practitioners import set_practitioners

    set_practitioners(team.cabinet, {"kinesitherapie": 1})
    page = html.unescape(
        team.client_for(team.member).get(reverse("incidents:playbook", args=[key])).content.decode()
    ).lower()
    assert page.count("<li") > 3  # the steps are there
    for words in PRESCRIBERS_FORMS:
        assert words not in page, (key, words)
