"""Reviewing a contract: each item saved as soon as it is answered, reviews dated and kept."""

from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse

from contracts import reviews
from contracts.checklist import get_checklist
from contracts.models import ContractReview, ReviewAnswer
from contracts.reviews import start_review
from contracts.tests.factories import AnswerFactory, ContractFactory, ReviewFactory
from contracts.views.reviews import _result_context
from resilience.models import AuditEvent
from resilience.tests.html_support import squeeze, tenant_request

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def save(client, review, key, value="", clause_ref="", note="", **extra):
    return client.post(
        reverse("contracts:answer_save", args=[review.pk, key]),
        {"value": value, "clause_ref": clause_ref, "note": note},
        **extra,
    )


@pytest.fixture
def contract(team):
    return ContractFactory(cabinet=team.cabinet, provider="Gironde Info Services")


@pytest.mark.parametrize("role_name", ["titulaire", "member"])
def test_the_titulaire_and_the_practitioners_start_a_review(team, contract, role_name):
    response = team.client_for(getattr(team, role_name)).post(reverse("contracts:review_start", args=[contract.pk]))
    review = ContractReview.objects.get(contract=contract)
    first = get_checklist().categories[0].key
    assert response.url == reverse("contracts:review_category", args=[review.pk, first])
    assert review.checklist_version == get_checklist().version and review.cabinet == team.cabinet
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="review.create").exists()


def test_the_secretary_reads_reviews_but_does_not_fill_them(team, contract):
    review = ReviewFactory(contract=contract)
    client = team.client_for(team.secretary)
    assert client.post(reverse("contracts:review_start", args=[contract.pk])).status_code == 403
    assert save(client, review, "scope.services", "present").status_code == 403
    page = client.get(reverse("contracts:review_category", args=[review.pk, "scope"])).content.decode()
    assert "consulter" in page and reverse("contracts:answer_save", args=[review.pk, "scope.services"]) not in page
    assert client.get(reverse("contracts:review", args=[review.pk])).status_code == 200
    assert not ReviewAnswer.objects.exists()


def test_starting_a_review_needs_a_post(team, contract):
    assert team.client_for(team.titulaire).get(reverse("contracts:review_start", args=[contract.pk])).status_code == 405


def test_an_answer_is_saved_as_soon_as_it_is_given(team, contract):
    review = ReviewFactory(contract=contract)
    response = save(team.client_for(team.member), review, "backups.restore_test", "partial", "Art. 6.4", "Une fois par an", **HTMX)
    assert response.status_code == 200
    assert "Enregistré à" in response.content.decode()
    answer = ReviewAnswer.objects.get(review=review, item_key="backups.restore_test")
    assert (answer.value, answer.clause_ref, answer.note) == ("partial", "Art. 6.4", "Une fois par an")
    assert answer.updated_by == team.member and answer.cabinet == team.cabinet


def test_the_htmx_reply_updates_the_category_verdict(team, contract):
    review = ReviewFactory(contract=contract)
    page = save(team.client_for(team.titulaire), review, "backups.restore_test", "absent", **HTMX).content.decode()
    assert 'id="category-status"' in page and 'hx-swap-oob="true"' in page and "Bloquant" in page


def test_without_javascript_a_plain_submit_saves_and_comes_back_to_the_item(team, contract):
    review = ReviewFactory(contract=contract)
    client = team.client_for(team.titulaire)
    response = save(client, review, "backups.daily", "present")
    assert response.status_code == 302
    assert response.url == reverse("contracts:review_category", args=[review.pk, "backups"]) + "#item-backups-daily"
    assert ReviewAnswer.objects.get(review=review).value == "present"


def test_saving_one_item_never_touches_another(team, contract):
    review = ReviewFactory(contract=contract)
    titulaire, member = team.client_for(team.titulaire), team.client_for(team.member)
    save(titulaire, review, "backups.daily", "present", "Art. 6")
    save(member, review, "backups.encrypted", "absent")
    save(titulaire, review, "backups.daily", "partial", "Art. 6.1")
    assert dict(ReviewAnswer.objects.filter(review=review).values_list("item_key", "value")) == {
        "backups.daily": "partial",
        "backups.encrypted": "absent",
    }
    assert ReviewAnswer.objects.filter(review=review).count() == 2


def test_a_note_can_be_saved_before_choosing_an_answer(team, contract):
    review = ReviewFactory(contract=contract)
    save(team.client_for(team.titulaire), review, "backups.daily", "", note="À vérifier avec le prestataire")
    answer = ReviewAnswer.objects.get(review=review)
    assert answer.value == "" and answer.note == "À vérifier avec le prestataire"
    assert review.answer_values() == {}


@pytest.mark.parametrize(
    "data,message",
    [
        ({"value": "peut-être"}, "Choisissez une des réponses proposées."),
        ({"value": "present", "clause_ref": "x" * 101}, "au plus 100 caractères"),
        ({"value": "present", "note": "x" * 1001}, "au plus 1000 caractères"),
    ],
)
def test_bad_input_is_refused_clearly_and_loses_nothing_already_saved(team, contract, data, message):
    review = ReviewFactory(contract=contract)
    AnswerFactory(review=review, item_key="backups.daily", value="absent", note="déjà là")
    client = team.client_for(team.titulaire)
    url = reverse("contracts:answer_save", args=[review.pk, "backups.daily"])
    response = client.post(url, {"clause_ref": "", "note": "", **data}, **HTMX)
    assert response.status_code == 200 and message in response.content.decode()
    response = client.post(url, {"clause_ref": "", "note": "", **data})
    page = response.content.decode()
    assert response.status_code == 200 and message in page and "Rien n'a été enregistré" in page
    answer = ReviewAnswer.objects.get(review=review)
    assert (answer.value, answer.note) == ("absent", "déjà là")


def test_forged_item_or_category_keys_are_404(team, contract):
    review = ReviewFactory(contract=contract)
    client = team.client_for(team.titulaire)
    assert save(client, review, "backups.bitcoin", "present").status_code == 404
    assert client.post(f"/contrats/revues/{review.pk}/reponses/..%2F..%2Fadmin/", {"value": "present"}).status_code == 404
    assert client.get(reverse("contracts:review_category", args=[review.pk, "nothing"])).status_code == 404
    assert not ReviewAnswer.objects.exists()


def test_another_cabinets_review_is_a_404(team, contract):
    review = ReviewFactory(contract=contract)
    outsider = team.client_for(team.outsider)
    assert outsider.get(reverse("contracts:review", args=[review.pk])).status_code == 404
    assert outsider.get(reverse("contracts:review_category", args=[review.pk, "scope"])).status_code == 404
    assert save(outsider, review, "scope.services", "present").status_code == 404
    assert not ReviewAnswer.objects.exists()


def test_a_new_review_starts_from_the_previous_answers_and_shows_what_was_checked_again(team, contract):
    first = ReviewFactory(contract=contract)
    AnswerFactory(review=first, item_key="backups.daily", value="present", clause_ref="Art. 6")
    AnswerFactory(review=first, item_key="backups.encrypted", value="absent")
    AnswerFactory(review=first, item_key="retired.item", value="absent")  # no longer in the checklist
    client = team.client_for(team.titulaire)
    client.post(reverse("contracts:review_start", args=[contract.pk]))
    second = ContractReview.objects.exclude(pk=first.pk).get()
    assert second.previous == first
    assert dict(second.answers.values_list("item_key", "checked")) == {"backups.daily": False, "backups.encrypted": False}

    save(client, second, "backups.encrypted", "present")
    page = client.get(reverse("contracts:review_category", args=[second.pk, "backups"])).content.decode()
    assert "Repris de la revue du" in page and "Vérifié à nouveau" in page and "Confirmer cette réponse" in page
    overview = client.get(reverse("contracts:review", args=[second.pk])).content.decode()
    assert "1 réponse vérifiée à nouveau" in overview
    # The first review is kept as it was, and is now read-only.
    assert first.answers.get(item_key="backups.encrypted").value == "absent"
    assert save(client, first, "backups.encrypted", "present").status_code == 403


def test_the_result_page_shows_the_verdict_and_what_blocks(team, contract):
    review = ReviewFactory(contract=contract)
    for item in get_checklist().all_items():
        AnswerFactory(review=review, item_key=item.key, value="present")
    client = team.client_for(team.secretary)
    page = client.get(reverse("contracts:review", args=[review.pk])).content.decode()
    assert "Conforme" in page and "Conformité : 100 %" in page and "Ce qui bloque" not in page

    ReviewAnswer.objects.filter(review=review, item_key="backups.restore_test").update(value="absent")
    page = client.get(reverse("contracts:review", args=[review.pk])).content.decode()
    assert "Bloquant" in page and "Ce qui bloque" in page and "Un test de restauration au moins tous les six mois" in page


def test_an_unanswered_review_is_not_yet_checked(team, contract):
    review = start_review(contract, team.titulaire)
    client = team.client_for(team.titulaire)
    page = client.get(reverse("contracts:review", args=[review.pk])).content.decode()
    assert "Pas encore vérifié" in page and "0 point répondu sur 58" in page and "Commencer" in page
    assert "Bloquant" not in page and "À améliorer" not in page and "0 %" not in page
    category = get_checklist().categories[0]
    point = client.get(reverse("contracts:review_category", args=[review.pk, category.key])).content.decode()
    status = point.split('id="category-status"')[1].split("</div>")[0]
    assert "Pas encore vérifié" in status and "À améliorer" not in status and "%" not in status


def test_every_category_page_opens(team, contract):
    review = ReviewFactory(contract=contract)
    client = team.client_for(team.member)
    for category in get_checklist().categories:
        page = client.get(reverse("contracts:review_category", args=[review.pk, category.key])).content.decode()
        assert category.title.replace("'", "&#x27;") in page
        assert all(reverse("contracts:answer_save", args=[review.pk, item.key]) in page for item in category.items)


def test_a_titulaire_deletes_a_review(team, contract):
    review = ReviewFactory(contract=contract)
    assert team.client_for(team.member).post(reverse("contracts:review_delete", args=[review.pk])).status_code == 403
    response = team.client_for(team.titulaire).post(reverse("contracts:review_delete", args=[review.pk]))
    assert response.status_code == 302 and not ContractReview.objects.exists()
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="review.delete").exists()


@pytest.mark.parametrize(
    ("before", "after"),
    [("review_blocking.html", "{% blocking_gaps blocking %}"), ("review_categories.html", "{% category_links review categories %}")],
)
def test_the_result_page_s_lists_are_written_as_the_templates_wrote_them(team, contract, before, after):
    """`{% blocking_gaps %}` and `{% category_links %}` against the loops they replaced (`templates_before/`), for a
    review unanswered, partly answered (every kind of answer, some categories complete) and all present."""
    keys = [item.key for item in get_checklist().all_items()]
    unanswered, mixed, conforming = (ReviewFactory(contract=contract) for _ in range(3))
    for n, key in enumerate(keys[: len(keys) // 2]):
        AnswerFactory(review=mixed, item_key=key, value=("present", "partial", "absent", "unknown", "na")[n % 5])
    for key in keys:
        AnswerFactory(review=conforming, item_key=key, value="present")
    request = tenant_request(team.cabinet, team.titulaire)
    template_before = engines["django"].from_string((Path(__file__).parent / "templates_before" / before).read_text())
    template_after = engines["django"].from_string("{% load contracts_tags %}" + after)
    shown = []
    for review in (unanswered, mixed, conforming):
        context = _result_context(request, request.tenant.fetch_one(reviews.REVIEW, review.pk))
        written = squeeze(template_after.render(context, request))
        assert written == squeeze(template_before.render(context, request))
        shown.append(written)
    assert shown[0] and shown[1]
