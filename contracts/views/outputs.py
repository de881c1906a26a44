"""What a review produces: the gap report (PDF) and the letter to the provider (text and PDF)."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.utils import timezone

from contracts import letter, reviews
from contracts.checklist import get_checklist
from contracts.forms import LetterForm
from contracts.verdicts import ANSWER_LABELS, evaluate, gaps
from resilience.models import Membership, Role
from resilience.pdf import pdf_response
from resilience.tenancy import cabinet_view, compiled_once


def _review(request, review_id):
    return request.tenant.fetch_one(reviews.REVIEW, review_id)


@cabinet_view
def gap_report(request, review_id):
    """Per category, the missing or partial clauses, why they matter and what to ask for."""
    review = _review(request, review_id)
    context = gap_report_context(request.tenant.cabinet, review)
    return pdf_response("contracts/pdf/gap_report.html", context, f"rapport-des-ecarts-{review.contract.provider}")


def gap_report_context(cabinet, review) -> dict:
    """What the gap report prints (also rendered into the cabinet's export)."""
    checklist = get_checklist()
    rows = {a.item_key: a for a in review.answers.all()}
    values = {key: a.value for key, a in rows.items() if a.value}
    result = evaluate(checklist, values)
    verdicts = {r.category.key: r for r in result.categories}
    groups = [
        {
            "category": group.category,
            "result": verdicts[group.category.key],
            "gaps": [
                {
                    "item": gap.item,
                    "answer": gap.answer,
                    "label": ANSWER_LABELS[gap.answer],
                    "row": rows.get(gap.item.key),
                }
                for gap in group.gaps
            ],
        }
        for group in gaps(checklist, values)
    ]
    return {
        "cabinet": cabinet,
        "contract": review.contract,
        "review": review,
        "result": result,
        "groups": groups,
        "answered": reviews.answered_count(values),
        "total": reviews.item_count(),
        "checklist": checklist,
        "stylesheet": stylesheet_uri(),
    }


# The cabinet's titulaire, who signs the letter: the earliest, should there be several.
TITULAIRE = compiled_once(
    lambda tenant: tenant.scope(Membership).filter(role=Role.TITULAIRE).select_related("user").order_by("created_at")[:1]
)


def default_letter(request, review, rows: dict, category_gaps) -> str:
    """The letter's text from the review's answers ``rows`` (``{item key: answer}``) and their gaps."""
    contract = review.contract
    # The letter commits the cabinet: the titulaire signs it, whoever prepares it.
    titulaire = next(iter(request.tenant.fetch(TITULAIRE)), None)
    signer = titulaire.user if titulaire else request.user
    return letter.letter_text(
        cabinet_name=request.tenant.cabinet.name,
        signer=signer.display_name,
        signer_role=str(Role.TITULAIRE.label) if titulaire else "",
        kind_label=contract.get_kind_display(),
        reference=contract.reference,
        signed_on=contract.signed_on,
        category_gaps=category_gaps,
        clause_refs={key: a.clause_ref for key, a in rows.items()},
    )


@cabinet_view
def letter_view(request, review_id):
    """The letter as editable text; posting the (edited) text returns it as a PDF."""
    review = _review(request, review_id)
    rows = {a.item_key: a for a in request.tenant.fetch(reviews.ANSWERS, review.pk)}
    values = {key: a.value for key, a in rows.items() if a.value}
    category_gaps = gaps(get_checklist(), values)
    form = LetterForm(request.POST or None, initial={"text": default_letter(request, review, rows, category_gaps)})
    if request.method == "POST" and form.is_valid():
        context = {
            "cabinet": request.tenant.cabinet,
            "contract": review.contract,
            "text": form.cleaned_data["text"],
            "today": timezone.localdate(),
            "stylesheet": stylesheet_uri(),
        }
        return pdf_response("contracts/pdf/letter.html", context, f"courrier-{review.contract.provider}")
    return render(
        request,
        "contracts/letter.html",
        {
            "form": form,
            "review": review,
            "contract": review.contract,
            "has_gaps": bool(category_gaps),
            "answered": reviews.answered_count(values),
            "total": reviews.item_count(),
        },
    )


def stylesheet_uri() -> str:
    """The contracts PDF stylesheet, as a local file URI (PDFs fetch nothing from the network)."""
    return Path(finders.find("contracts/pdf.css")).as_uri()
