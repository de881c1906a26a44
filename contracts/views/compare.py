"""Two reviews side by side: two providers' offers, or one contract before and after an amendment."""

from django.shortcuts import render

from contracts.checklist import get_checklist
from contracts.forms import CompareForm
from contracts.models import ContractReview
from contracts.verdicts import compare
from resilience.tenancy import cabinet_view, compiled_once
from resilience.validation import parse_id


def _initial_left(request, listed):
    """Preselect the review the person came from (``?left=<id>``), ignoring anything else."""
    review_id = parse_id(request.GET.get("left"))
    return next((review for review in listed if review.pk == review_id), None)


# The two lists of reviews to choose from, read once and built once per process.
REVIEWS = compiled_once(
    lambda tenant: tenant.scope(ContractReview).select_related("contract").order_by("contract__provider", "-created_at")
)


@cabinet_view
def compare_view(request):
    listed = request.tenant.fetch(REVIEWS)
    bound = "left" in request.GET and "right" in request.GET
    form = CompareForm(
        request.GET if bound else None,
        reviews=request.tenant.scope(ContractReview).select_related("contract"),
        listed=listed,
        initial={"left": _initial_left(request, listed)},
    )
    comparison = None
    if bound and form.is_valid():
        left, right = form.cleaned_data["left"], form.cleaned_data["right"]
        comparison = compare(get_checklist(), left.answer_values(), right.answer_values())
        only_differences = form.cleaned_data["differences"]
        categories = [
            {
                "row": row,
                "items": [item for item in row.items if item.changed or not only_differences],
            }
            for row in comparison.categories
        ]
        comparison = {"left": left, "right": right, "result": comparison, "categories": categories}
    return render(
        request,
        "contracts/compare.html",
        {"form": form, "comparison": comparison, "enough": len(listed) >= 2},
    )
