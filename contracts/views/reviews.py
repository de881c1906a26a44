"""Reviewing a contract: one page per category, each item saved as soon as it is answered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts import reviews
from contracts.checklist import get_checklist
from contracts.forms import AnswerForm
from contracts.models import Contract
from contracts.templatetags.contracts_tags import item_anchor
from contracts.verdicts import ABSENT, CONFORME, UNKNOWN, category_score, category_verdict, evaluate, gaps
from resilience import audit
from resilience.models import Role
from resilience.tenancy import cabinet_view

NOT_A_REVIEWER = gettext_lazy("Seuls le titulaire et les praticiens remplissent les revues de contrat.")
CLOSED = gettext_lazy("Cette revue est close : une revue plus récente de ce contrat existe.")


def _review(request, review_id):
    return request.tenant.fetch_one(reviews.REVIEW, review_id)


def _category(category_key):
    try:
        return get_checklist().category(category_key)
    except KeyError:
        raise Http404("unknown category") from None


def _require_editable(request, review):
    if not reviews.can_review(request.tenant):
        raise PermissionDenied(NOT_A_REVIEWER)
    if not reviews.is_editable(review):
        raise PermissionDenied(CLOSED)


def _answer_form(item, data):
    """The answer posted for `item`; its fields' ids are those `{% review_item %}` writes."""
    return AnswerForm(data, auto_id=f"id_{item_anchor(item.key)}_%s")


@cabinet_view
def review_start(request, contract_id):
    contract = request.tenant.get(Contract, pk=contract_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not reviews.can_review(request.tenant):
        raise PermissionDenied(NOT_A_REVIEWER)
    review = reviews.start_review(contract, request.user)
    audit.record(
        request.tenant.cabinet, request.user, "review.create",
        _("Revue commencée : contrat %(name)s") % {"name": contract.provider},
    )
    first = get_checklist().categories[0]
    return redirect("contracts:review_category", review_id=review.pk, category_key=first.key)


@cabinet_view
def review_detail(request, review_id):
    """The result of a review: its verdicts, its progress, and what to do next."""
    review = _review(request, review_id)
    return render(request, "contracts/review_detail.html", _result_context(request, review))


def _result_context(request, review):
    checklist = get_checklist()
    rows = request.tenant.fetch(reviews.ANSWERS, review.pk)
    values = {a.item_key: a.value for a in rows if a.value}
    answered = {a.item_key for a in rows if a.value}
    result = evaluate(checklist, values)
    categories = [
        {
            "result": category_result,
            "answered": sum(1 for item in category_result.category.items if item.key in answered),
            "total": len(category_result.category.items),
        }
        for category_result in result.categories
    ]
    blocking = [
        gap for group in gaps(checklist, values) for gap in group.gaps
        if gap.item.critical and gap.answer in (ABSENT, UNKNOWN)
    ]
    resume = next((row["result"].category for row in categories if row["answered"] < row["total"]), None)
    editable = reviews.is_editable(review)
    return {
        "review": review,
        "contract": review.contract,
        "result": result,
        "categories": categories,
        "blocking": blocking,
        "answered": reviews.answered_count(values),
        "total": reviews.item_count(),
        "checked_again": sum(1 for a in rows if a.checked) if review.previous_id else None,
        "carried_over": len(rows) if review.previous_id else None,
        "resume": resume or checklist.categories[0],
        "editable": editable,
        "can_edit": editable and reviews.can_review(request.tenant),
        "can_delete": request.tenant.role == Role.TITULAIRE,
        "has_gaps": result.verdict != CONFORME,
    }


def _category_context(request, review, category, bound=None):
    """Everything the page of one category needs; ``bound`` = (item key, bound form) after an error (each other item's
    form is written from its answer: `{% review_item %}`)."""
    checklist = get_checklist()
    answers = {a.item_key: a for a in request.tenant.fetch(reviews.ANSWERS, review.pk)}
    values = {key: a.value for key, a in answers.items() if a.value}
    items = []
    for item in category.items:
        answer = answers.get(item.key)
        form = bound[1] if bound and bound[0] == item.key else None
        items.append({"item": item, "answer": answer, "form": form, "anchor": item_anchor(item.key)})
    index = checklist.categories.index(category)
    editable = reviews.is_editable(review)
    return {
        "review": review,
        "contract": review.contract,
        "category": category,
        "items": items,
        "verdict": category_verdict(category, values),
        "score": category_score(category, values),
        "answered": sum(1 for item in category.items if item.key in values),
        "previous_category": checklist.categories[index - 1] if index > 0 else None,
        "next_category": checklist.categories[index + 1] if index + 1 < len(checklist.categories) else None,
        "position": index + 1,
        "count": len(checklist.categories),
        "can_edit": editable and reviews.can_review(request.tenant),
        "editable": editable,
    }


@cabinet_view
def review_category(request, review_id, category_key):
    review = _review(request, review_id)
    category = _category(category_key)
    return render(request, "contracts/review_category.html", _category_context(request, review, category))


@cabinet_view
def answer_save(request, review_id, item_key):
    """Save one item's answer. With htmx, reply with the item's status only; without, go back to the page."""
    review = _review(request, review_id)
    try:
        item = get_checklist().item(item_key)
    except KeyError:
        raise Http404("unknown item") from None
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_editable(request, review)
    category = next(c for c in get_checklist().categories if item in c.items)
    form = _answer_form(item, data=request.POST)
    answer = None
    if form.is_valid():
        answer = reviews.save_answer(review, item.key, user=request.user, **form.cleaned_data)
    if request.headers.get("HX-Request") == "true":
        values = review.answer_values()
        response = render(
            request,
            "contracts/_answer_status.html",
            {
                "item": item,
                "anchor": item_anchor(item.key),
                "answer": answer,
                "form": form,
                "review": review,
                "category": category,
                "verdict": category_verdict(category, values),
                "score": category_score(category, values),
                "answered": sum(1 for i in category.items if i.key in values),
                "oob": True,
            },
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    if answer is not None:
        messages.success(request, _("Réponse enregistrée : %(item)s.") % {"item": item.label})
        url = reverse("contracts:review_category", kwargs={"review_id": review.pk, "category_key": category.key})
        return redirect(f"{url}#{item_anchor(item.key)}")
    context = _category_context(request, review, category, bound=(item.key, form))
    return render(request, "contracts/review_category.html", context)


@cabinet_view(roles={Role.TITULAIRE})
def review_delete(request, review_id):
    review = _review(request, review_id)
    contract = review.contract
    if request.method == "POST":
        review.delete()
        audit.record(
            request.tenant.cabinet, request.user, "review.delete",
            _("Revue supprimée : contrat %(name)s") % {"name": contract.provider},
        )
        messages.success(request, _("La revue est supprimée."))
        return redirect("contracts:detail", contract_id=contract.pk)
    return render(request, "contracts/review_delete.html", {"review": review, "contract": contract})
