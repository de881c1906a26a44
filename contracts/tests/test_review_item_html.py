"""`{% review_item %}` and `{% answer_status %}` write what the category page's templates wrote (whitespace between tags aside).

The templates as they were are kept beside this test (`templates_before/review_item.html`, which included
`templates_before/_answer_status.html`); every item of every category is rendered through both, unanswered,
answered, carried over from a previous review, refused, and read only; the status alone in each of its states,
on the page and in the htmx reply.
"""

from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import engines, loader

from contracts import reviews
from contracts.checklist import get_checklist
from contracts.forms import AnswerForm
from contracts.models import ReviewAnswer
from contracts.templatetags.contracts_tags import item_anchor
from contracts.tests.factories import ContractFactory
from contracts.views.reviews import _answer_form, _category_context
from resilience.tests.html_support import squeeze, tenant_request

pytestmark = pytest.mark.django_db

BEFORE_DIR = Path(__file__).parent / "templates_before"
STATUS_INCLUDE = '{% include "contracts/_answer_status.html" with answer=entry.answer form=entry.form oob=False %}'
# The item template as it was, its status template as it was in the place of the include.
BEFORE = (BEFORE_DIR / "review_item.html").read_text().replace(
    STATUS_INCLUDE,
    "{% with answer=entry.answer form=entry.form oob=False %}" + (BEFORE_DIR / "_answer_status.html").read_text() + "{% endwith %}",
)
AFTER = "{% load contracts_tags %}{% review_item entry %}"


def _form_as_before(item, answer):
    """The unbound form the page built for each item, filled with its answer."""
    initial = {"value": answer.value, "clause_ref": answer.clause_ref, "note": answer.note} if answer else {}
    return AnswerForm(initial=initial, auto_id=f"id_{item_anchor(item.key)}_%s")


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


def _refused(item, typed):
    refused = _answer_form(item, data=QueryDict(mutable=True) | typed)
    assert not refused.is_valid()
    return refused


REFUSED = ({"value": "maybe", "clause_ref": "x" * 101, "note": "a\nb <c>"}, {"value": "maybe"}, {"value": "absent", "clause_ref": "x" * 101})


def test_each_item_is_written_as_the_template_wrote_it(team):
    review = _reviewed(team)
    before, after = engines["django"].from_string(BEFORE), engines["django"].from_string(AFTER)
    compared = 0
    for user in (team.titulaire, team.secretary):  # the secretary reads only
        request = tenant_request(team.cabinet, user)
        for category in get_checklist().categories:
            context = _category_context(request, review, category)
            entries = list(context["items"])
            item = entries[0]["item"]  # and refused forms, what was typed shown again
            entries += [{**entries[0], "form": _refused(item, typed)} for typed in REFUSED]
            for entry in entries:
                form_before = entry["form"] or _form_as_before(entry["item"], entry["answer"])
                expected = before.render({**context, "entry": {**entry, "form": form_before}}, request)
                written = after.render({**context, "entry": entry}, request)
                assert squeeze(written) == squeeze(expected), entry["item"].key
                compared += 1
    assert compared > 2 * len(get_checklist().categories)


def test_the_answer_status_is_written_as_the_template_wrote_it(team):
    """Each state of the status, on the page and in the htmx reply (which adds the category's status)."""
    review = _reviewed(team)
    first = review.previous
    before = engines["django"].from_string((BEFORE_DIR / "_answer_status.html").read_text())
    after = loader.get_template("contracts/_answer_status.html")
    request = tenant_request(team.cabinet, team.titulaire)
    answers = list(ReviewAnswer.objects.filter(review__in=[review, first]).order_by("pk"))
    states = [(review, None, None)] + [(a.review if a.review_id == first.pk else review, a, None) for a in answers]
    item = get_checklist().categories[0].items[0]
    states += [(review, answers[0], _refused(item, typed)) for typed in REFUSED]
    seen = set()
    category = get_checklist().categories[0]
    for page_review, answer, form in states:
        for oob in (False, True):
            context = {"review": page_review, "answer": answer, "form": form, "oob": oob, "category": category,
                       "verdict": "conforme", "score": 50, "answered": 1}
            written = squeeze(after.render(context, request))
            assert written == squeeze(before.render(context, request))
            seen.add(written.split(">", 2)[1][:12])
    assert len(seen) >= 6  # refused, none, saved at, carried over, checked again, saved on


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
