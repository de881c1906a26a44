"""Every contracts page opens, keeps to the CSP (no inline script or style) and autosaves with htmx."""

import re

import pytest
from django.urls import reverse

from contracts.tests.factories import AnswerFactory, ContractFactory, DocumentFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def pages(team):
    contract = ContractFactory(cabinet=team.cabinet)
    DocumentFactory(contract=contract)
    review = ReviewFactory(contract=contract)
    other = ReviewFactory(contract=ContractFactory(cabinet=team.cabinet))
    AnswerFactory(review=review, item_key="backups.daily", value="absent")
    return [
        reverse("contracts:list"),
        reverse("contracts:create"),
        reverse("contracts:detail", args=[contract.pk]),
        reverse("contracts:edit", args=[contract.pk]),
        reverse("contracts:delete", args=[contract.pk]),
        reverse("contracts:document_upload", args=[contract.pk]),
        reverse("contracts:review", args=[review.pk]),
        reverse("contracts:review_category", args=[review.pk, "backups"]),
        reverse("contracts:review_delete", args=[review.pk]),
        reverse("contracts:letter", args=[review.pk]),
        reverse("contracts:compare") + f"?left={review.pk}&right={other.pk}",
        reverse("resilience:dashboard"),
    ]


def test_every_page_opens_without_inline_script_or_style(team):
    client = team.client_for(team.titulaire)
    for url in pages(team):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), f"inline script in {url}"
        assert " style=" not in page and "<style" not in page, f"inline style in {url}"
        assert " hx-on" not in page, f"inline handler in {url}"


def test_each_item_posts_on_change_with_htmx_and_without_javascript(team):
    review = ReviewFactory(contract=ContractFactory(cabinet=team.cabinet))
    page = team.client_for(team.member).get(reverse("contracts:review_category", args=[review.pk, "backups"])).content.decode()
    save_url = reverse("contracts:answer_save", args=[review.pk, "backups.daily"])
    assert f'action="{save_url}" hx-post="{save_url}" hx-trigger="change, submit"' in page
    assert "js/contracts" in page and '"includeIndicatorStyles": false' in page
