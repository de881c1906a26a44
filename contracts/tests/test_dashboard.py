"""The menu entry and the dashboard panel of the contracts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.tests.factories import AnswerFactory, ContractFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def dashboard(team, user=None):
    return team.client_for(user or team.secretary).get(reverse("resilience:dashboard")).content.decode()


def test_every_member_has_the_contracts_in_the_menu(team):
    assert f'href="{reverse("contracts:list")}"' in dashboard(team) and ">Contrats<" in dashboard(team)


def test_no_panel_without_contracts(team):
    assert "Contrats informatiques" not in dashboard(team)


def test_the_panel_shows_blocking_and_unreviewed_contracts(team):
    blocking = ReviewFactory(contract=ContractFactory(cabinet=team.cabinet, provider="Bloqué SA"))
    AnswerFactory(review=blocking, item_key="backups.restore_test", value="absent")
    ContractFactory(cabinet=team.cabinet, provider="Jamais relu SARL")
    page = dashboard(team)
    assert "Un contrat a un point bloquant" in page and "Bloqué SA" in page
    assert "Un contrat n'a pas encore été relu" in page and "Jamais relu SARL" in page


def test_the_panel_shows_the_next_notice_deadline(team):
    today = timezone.localdate()
    for provider, days in (("Plus tard", 400), ("Bientôt", 120)):
        contract = ContractFactory(
            cabinet=team.cabinet, provider=provider, tacit_renewal=True, ends_on=today + timedelta(days=days), notice_days=90
        )
        AnswerFactory(review=ReviewFactory(contract=contract), item_key="scope.services")
    page = dashboard(team)
    assert "Dernier jour pour résilier Bientôt" in page and "Échéance proche" in page
    assert "Dernier jour pour résilier Plus tard" not in page


def test_the_panel_warns_of_an_expiring_hds_certificate(team):
    ContractFactory(cabinet=team.cabinet, provider="Hébergeur", hds_expires_on=timezone.localdate() - timedelta(days=1))
    assert "Certificat HDS de Hébergeur" in dashboard(team)


def test_the_panel_shows_only_the_cabinets_contracts(team):
    ContractFactory(cabinet=team.other_cabinet, provider="Chez le voisin")
    assert "Chez le voisin" not in dashboard(team)


def test_a_review_opened_but_not_answered_counts_as_not_yet_relu(team):
    ReviewFactory(contract=ContractFactory(cabinet=team.cabinet, provider="Ouvert SARL"))
    page = dashboard(team)
    assert "Un contrat n'a pas encore été relu" in page and "Ouvert SARL" in page
    assert "point bloquant" not in page


def test_the_panel_is_written_as_its_template_wrote_it(team):
    """`{% contracts_panel %}` against the template it replaced (`templates_before/dashboard_panel.html`), in several states."""
    from contracts.panels import contracts_panel
    from resilience.tests.html_support import panel_written_as_before, tenant_request

    request = tenant_request(team.cabinet, team.titulaire)
    today = timezone.localdate()
    states = [
        lambda: AnswerFactory(review=ReviewFactory(contract=ContractFactory(cabinet=team.cabinet, provider="Bloqué <SA> & fils")), item_key="backups.restore_test", value="absent"),
        lambda: ContractFactory(cabinet=team.cabinet, provider="Jamais « relu »", hds_expires_on=today + timedelta(days=10)),
        lambda: ContractFactory(cabinet=team.cabinet, provider="Résiliable", tacit_renewal=True, ends_on=today + timedelta(days=100), notice_days=90),
        lambda: AnswerFactory(review=ReviewFactory(contract=ContractFactory(cabinet=team.cabinet, provider="Bloqué 2")), item_key="backups.restore_test", value="absent"),
        lambda: ContractFactory(cabinet=team.cabinet, provider="Plus tard", tacit_renewal=True, ends_on=today + timedelta(days=400), notice_months=2, hds_expires_on=today - timedelta(days=3)),
    ]
    shown = 0
    for make in states:
        make()
        shown += "&lt;SA&gt; &amp; fils" in panel_written_as_before(__file__, "contracts_tags", "contracts_panel", contracts_panel, request)
    assert shown == len(states)
