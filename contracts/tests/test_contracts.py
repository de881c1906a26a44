"""Recording contracts: every member reads them, the titulaire adds, changes and deletes them."""

from datetime import date, datetime, timedelta, timezone as tz
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from contracts import reviews
from contracts.checklist import get_checklist
from contracts.models import Contract, ContractReview, Kind
from contracts.tests.factories import AnswerFactory, ContractFactory, ReviewFactory
from contracts.views.contracts import contract_rows
from resilience.models import AuditEvent
from resilience.tests.html_support import squeeze, tenant_request

pytestmark = pytest.mark.django_db


def contract_data(**overrides):
    data = {
        "provider": "Gironde Info Services",
        "provider_address": "8 quai des Chartrons\n33000 Bordeaux",
        "kind": Kind.INFOGERANCE,
        "reference": "MAINT-118",
        "signed_on": "2024-01-10",
        "starts_on": "2024-02-01",
        "ends_on": "2027-02-01",
        "tacit_renewal": "on",
        "notice_months": "3",
        "notice_days": "",
        "hds_scope": "",
        "hds_expires_on": "",
        "notes": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role_name", ["titulaire", "member", "secretary"])
def test_every_member_sees_the_contracts(team, role_name):
    ContractFactory(cabinet=team.cabinet, provider="Gironde Info Services")
    response = team.client_for(getattr(team, role_name)).get(reverse("contracts:list"))
    assert response.status_code == 200
    assert "Gironde Info Services" in response.content.decode()


def test_a_cabinet_sees_only_its_own_contracts(team):
    ContractFactory(cabinet=team.other_cabinet, provider="Prestataire du voisin")
    page = team.client_for(team.titulaire).get(reverse("contracts:list")).content.decode()
    assert "Prestataire du voisin" not in page
    assert "Aucun contrat enregistré" in page


def test_a_titulaire_adds_a_contract_and_it_is_recorded(team):
    response = team.client_for(team.titulaire).post(reverse("contracts:create"), contract_data())
    contract = Contract.objects.get(cabinet=team.cabinet)
    assert response.status_code == 302 and response.url == reverse("contracts:detail", args=[contract.pk])
    assert contract.provider == "Gironde Info Services" and contract.tacit_renewal
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="contract.create", actor=team.titulaire).exists()


def test_the_last_day_to_give_notice_is_computed_stored_and_shown(team):
    client = team.client_for(team.titulaire)
    client.post(reverse("contracts:create"), contract_data(ends_on="2027-05-31", notice_months="3"))
    contract = Contract.objects.get(cabinet=team.cabinet)
    assert contract.last_notice_day == date(2027, 2, 28)
    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "Dernier jour pour résilier" in page and "28 février 2027" in page


def test_without_tacit_renewal_there_is_no_notice_deadline(team):
    team.client_for(team.titulaire).post(reverse("contracts:create"), contract_data(tacit_renewal=""))
    assert Contract.objects.get(cabinet=team.cabinet).last_notice_day is None


def test_a_renewing_contract_without_notice_period_asks_for_it(team):
    client = team.client_for(team.titulaire)
    client.post(reverse("contracts:create"), contract_data(notice_months=""))
    contract = Contract.objects.get(cabinet=team.cabinet)
    assert contract.last_notice_day is None
    assert "Indiquez son préavis" in client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"starts_on": "2025-01-01", "ends_on": "2024-12-31"}, "La date de fin doit être après la date de début."),
        ({"starts_on": "", "signed_on": "2025-01-01", "ends_on": "2024-12-31"}, "après la date de signature"),
        ({"ends_on": ""}, "Indiquez la date de renouvellement"),
        ({"ends_on": "31/02/2025"}, "Saisissez une date valide"),
        ({"notice_months": "-2"}, "supérieure ou égale à 0"),
        ({"notice_months": "99"}, "inférieure ou égale à 36"),
        ({"kind": "pirate"}, "Sélectionnez un choix valide"),
        ({"provider": ""}, "Ce champ est obligatoire"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(team, overrides, message):
    response = team.client_for(team.titulaire).post(reverse("contracts:create"), contract_data(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "MAINT-118" in page  # what was typed is kept
    assert not Contract.objects.exists()


@pytest.mark.parametrize("role_name", ["member", "secretary"])
def test_only_a_titulaire_manages_contracts(team, role_name):
    contract = ContractFactory(cabinet=team.cabinet, provider="Avant")
    client = team.client_for(getattr(team, role_name))
    assert client.get(reverse("contracts:create")).status_code == 403
    assert client.post(reverse("contracts:create"), contract_data()).status_code == 403
    assert client.post(reverse("contracts:edit", args=[contract.pk]), contract_data(provider="Après")).status_code == 403
    assert client.post(reverse("contracts:delete", args=[contract.pk])).status_code == 403
    assert Contract.objects.get().provider == "Avant"
    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert reverse("contracts:edit", args=[contract.pk]) not in page


def test_a_titulaire_edits_a_contract_and_the_change_is_recorded(team):
    contract = ContractFactory(cabinet=team.cabinet, provider="Ancien nom", reference="A-1")
    client = team.client_for(team.titulaire)
    response = client.post(reverse("contracts:edit", args=[contract.pk]), contract_data(provider="Nouveau nom"))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.provider == "Nouveau nom" and contract.last_notice_day == date(2026, 11, 1)
    event = AuditEvent.objects.get(cabinet=team.cabinet, action="contract.update")
    assert event.changes["provider"] == ["Ancien nom", "Nouveau nom"]


def test_an_invalid_edit_changes_nothing(team):
    contract = ContractFactory(cabinet=team.cabinet, provider="Ancien nom")
    client = team.client_for(team.titulaire)
    response = client.post(
        reverse("contracts:edit", args=[contract.pk]), contract_data(provider="Nouveau", starts_on="2030-01-01")
    )
    assert response.status_code == 200 and "après la date de début" in response.content.decode()
    contract.refresh_from_db()
    assert contract.provider == "Ancien nom"


def test_a_titulaire_deletes_a_contract_after_confirming(team):
    contract = ContractFactory(cabinet=team.cabinet, provider="À supprimer")
    client = team.client_for(team.titulaire)
    assert "supprimé définitivement" in client.get(reverse("contracts:delete", args=[contract.pk])).content.decode()
    response = client.post(reverse("contracts:delete", args=[contract.pk]))
    assert response.status_code == 302 and not Contract.objects.exists()
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="contract.delete", summary__contains="À supprimer").exists()


def test_another_cabinets_contract_is_a_404(team):
    contract = ContractFactory(cabinet=team.cabinet)
    outsider = team.client_for(team.outsider)
    for name in ("contracts:detail", "contracts:edit", "contracts:delete", "contracts:document_upload"):
        assert outsider.get(reverse(name, args=[contract.pk])).status_code == 404
    assert outsider.post(reverse("contracts:delete", args=[contract.pk])).status_code == 404
    assert Contract.objects.filter(pk=contract.pk).exists()


def test_typed_text_is_shown_as_text(team):
    ContractFactory(cabinet=team.cabinet, provider="<script>alert(1)</script>")
    page = team.client_for(team.member).get(reverse("contracts:list")).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_list_shows_each_contract_s_latest_review_and_offers_to_compare_from_two_reviews(team):
    reviewed = ContractFactory(cabinet=team.cabinet, provider="Prestataire relu")
    ContractFactory(cabinet=team.cabinet, provider="Prestataire jamais relu")
    old = ReviewFactory(contract=reviewed)
    ContractReview.objects.filter(pk=old.pk).update(created_at=datetime(2026, 3, 2, 10, tzinfo=tz.utc))
    ReviewFactory(contract=ContractFactory(cabinet=team.other_cabinet))  # another cabinet's review counts for nothing
    client = team.client_for(team.titulaire)
    page = client.get(reverse("contracts:list")).content.decode()
    assert "revue du 2 mars 2026" in page and "Pas encore relu" in page
    assert reverse("contracts:compare") not in page  # one review: nothing to compare

    latest = ReviewFactory(contract=reviewed)
    ContractReview.objects.filter(pk=latest.pk).update(created_at=datetime(2026, 9, 14, 10, tzinfo=tz.utc))
    AnswerFactory(review=latest, item_key="scope.services", value="present")
    page = client.get(reverse("contracts:list")).content.decode()
    assert "revue du 14 septembre 2026" in page and "revue du 2 mars 2026" not in page
    assert reverse("contracts:compare") in page


def test_each_row_of_the_list_is_written_as_the_template_wrote_it(team):
    """`{% contract_row %}` against `templates_before/contract_row.html`: reviewed or not, scored or not, each notice
    status, a notice period missing, with or without a reference, typed HTML."""
    today = timezone.localdate()
    ContractFactory(cabinet=team.cabinet, provider="Jamais <relu> & fils", reference="")
    for n, days_left in enumerate((200, 20, -5)):  # in time, soon, passed
        contract = ContractFactory(
            cabinet=team.cabinet, provider=f"Préavis {n}", tacit_renewal=True, notice_months=0, notice_days=10,
            ends_on=today + timedelta(days=days_left + 10),
        )
        review = ReviewFactory(contract=contract)
        for item in get_checklist().all_items():
            AnswerFactory(review=review, item_key=item.key, value=("present", "partial", "absent")[n])
    ReviewFactory(contract=ContractFactory(cabinet=team.cabinet, provider="Relu sans réponse", reference="R&D"))
    ContractFactory(cabinet=team.cabinet, provider="Préavis manquant", tacit_renewal=True, ends_on=today + timedelta(days=90))
    request = tenant_request(team.cabinet, team.titulaire)
    rows = contract_rows(request.tenant.fetch(reviews.CONTRACTS_WITH_LATEST_REVIEW), today)
    before = engines["django"].from_string((Path(__file__).parent / "templates_before" / "contract_row.html").read_text())
    after = engines["django"].from_string("{% load contracts_tags %}{% contract_row row %}")
    written = [squeeze(after.render({"row": row}, request)) for row in rows]
    assert written == [squeeze(before.render({"row": row}, request)) for row in rows]
    shown = "".join(written)
    assert "Jamais &lt;relu&gt; &amp; fils" in shown and "R&amp;D" in shown and "Pas encore relu" in shown
    assert {row.deadline.status for row in rows if row.deadline} == {"ok", "soon", "passed"}
    assert any(row.result and row.result.score is None for row in rows) and "Reconduction tacite" in shown
