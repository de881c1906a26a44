"""`{% review_item %}` writes what the category page's item loop wrote as a template (whitespace between tags aside).

The template as it was is kept beside this test (`templates_before/review_item.html`); every item of every
category is rendered through both, unanswered, answered, carried over from a previous review, refused,
and read only.
"""

from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import engines

from contracts import reviews
from contracts.checklist import get_checklist
from contracts.tests.factories import ContractFactory
from contracts.views.reviews import _answer_form, _category_context
from resilience.tests.html_support import squeeze, tenant_request

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before" / "review_item.html"
AFTER = "{% load contracts_tags %}{% review_item entry %}"


def _reviewed(team):
    """A second review carrying over the first one's answers, some checked again, one with HTML and lines."""
    contract = ContractFactory(cabinet=team.cabinet, provider="Info <Services> & fils")
    first = reviews.start_review(contract, team.titulaire)
    keys = [item.key for item in get_checklist().all_items()]
    for n, key in enumerate(keys[::3]):
        value = ("present", "partial", "absent", "unknown", "na", "")[n % 6]
        reviews.save_answer(first, key, value, f"art. {n} <b>", "Ligne 1\nLigne <2> & « 3 »" if n % 2 else "", team.titulaire)
    second = reviews.start_review(contract, team.titulaire)
    for key in keys[::6]:
        reviews.save_answer(second, key, "present", "", "", team.member)
    return tenant_request(team.cabinet, team.titulaire).tenant.fetch_one(reviews.REVIEW, second.pk)  # as the page reads it


def test_each_item_is_written_as_the_template_wrote_it(team):
    review = _reviewed(team)
    before, after = engines["django"].from_string(BEFORE.read_text()), engines["django"].from_string(AFTER)
    compared = 0
    for user in (team.titulaire, team.secretary):  # the secretary reads only
        request = tenant_request(team.cabinet, user)
        for category in get_checklist().categories:
            context = _category_context(request, review, category)
            entries = list(context["items"])
            item = entries[0]["item"]  # and refused forms, what was typed shown again
            for typed in ({"value": "maybe", "clause_ref": "x" * 101, "note": "a\nb <c>"}, {"value": "maybe"}):
                refused = _answer_form(item, data=QueryDict(mutable=True) | typed)
                assert not refused.is_valid()
                entries.append({**entries[0], "form": refused})
            for entry in entries:
                page = {**context, "entry": entry}
                expected = before.render(page, request)
                written = after.render(page, request)
                assert squeeze(written) == squeeze(expected), entry["item"].key
                compared += 1
    assert compared > 2 * len(get_checklist().categories)


def test_the_read_only_view_and_the_form_both_escape_what_was_typed(team):
    review = _reviewed(team)
    for user in (team.titulaire, team.secretary):
        request = tenant_request(team.cabinet, user)
        page = "".join(
            engines["django"].from_string(AFTER).render({**_category_context(request, review, c), "entry": e}, request)
            for c in get_checklist().categories
            for e in _category_context(request, review, c)["items"]
        )
        assert "<b>" not in page and "&lt;b&gt;" in page and "Ligne &lt;2&gt; &amp; « 3 »" in page
