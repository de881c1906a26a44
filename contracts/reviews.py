"""Starting a review, saving its answers and reading the latest review of each contract.

The verdict rules themselves are pure functions in contracts/verdicts.py; this
module is the thin layer between them and the database.
"""

from django.db import transaction
from django.db.models import Count, JSONField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from contracts.checklist import get_checklist
from contracts.models import Contract, ContractReview, ReviewAnswer
from contracts.verdicts import evaluate
from resilience.models import Role
from resilience.sql import JSONObjectAgg
from resilience.tenancy import compiled_once

# Who fills a review: the practitioners. Reading a contract and answering does
# not bind the cabinet, so the titulaire's associates may do it; the secretary
# reads the results and downloads the report and the letter.
REVIEWER_ROLES = frozenset({Role.TITULAIRE, Role.PRATICIEN})


def can_review(tenant) -> bool:
    return tenant.role in REVIEWER_ROLES


def latest_review(contract) -> ContractReview | None:
    return contract.reviews.order_by("-created_at", "-id").first()


def _latest_of(contract_ref):
    """The id of the latest review of a contract (an outer reference to its id): a subquery."""
    return Subquery(ContractReview.objects.filter(contract=contract_ref).order_by("-created_at", "-id").values("pk")[:1])


def _review_with_contract(tenant, review_id):
    return (
        tenant.scope(ContractReview)
        .select_related("contract", "previous")
        .filter(pk=review_id)
        .annotate(latest_of_contract=_latest_of(OuterRef("contract")))
    )


# A review with its contract, the review it continues and its contract's latest review's id (`is_editable`):
# every review page reads it first, one query built once per process.
REVIEW = compiled_once(_review_with_contract, int)

# A review's answers, one row per item answered (the category page, the result, the letter).
ANSWERS = compiled_once(lambda tenant, review_id: tenant.scope(ReviewAnswer).filter(review=review_id), int)


def is_editable(review) -> bool:
    """Only the latest review of a contract is still open; earlier ones are kept as they were (`REVIEW` read it)."""
    return review.latest_of_contract == review.pk


@transaction.atomic
def start_review(contract, user) -> ContractReview:
    """A new review of ``contract``, starting from the previous review's answers.

    Contracts change rarely: the answers are carried over, marked as not yet
    checked again, so the page can show which ones were looked at this time.
    Answers to items no longer in the checklist are left behind.
    """
    checklist = get_checklist()
    previous = latest_review(contract)
    review = ContractReview.objects.create(
        cabinet_id=contract.cabinet_id,
        contract=contract,
        checklist_version=checklist.version,
        previous=previous,
        created_by=user,
    )
    if previous is not None:
        keys = {item.key for item in checklist.all_items()}
        ReviewAnswer.objects.bulk_create(
            ReviewAnswer(
                cabinet_id=contract.cabinet_id,
                review=review,
                item_key=old.item_key,
                value=old.value,
                clause_ref=old.clause_ref,
                note=old.note,
                checked=False,
                updated_by=old.updated_by,
            )
            for old in previous.answers.filter(item_key__in=keys)
        )
    return review


def save_answer(review, item_key: str, value: str, clause_ref: str, note: str, user) -> ReviewAnswer:
    """Save one item's answer; other items' rows are never touched (one row per item)."""
    answer, _ = ReviewAnswer.objects.update_or_create(
        review=review,
        item_key=item_key,
        defaults={
            "cabinet_id": review.cabinet_id,
            "value": value,
            "clause_ref": clause_ref,
            "note": note,
            "checked": True,
            "updated_by": user,
        },
    )
    ContractReview.objects.filter(pk=review.pk).update(updated_at=answer.updated_at)
    return answer


def _answer_values(review_ref):
    """``{item key: answer}`` of a review (an outer reference to its id), None if nothing answered: a subquery."""
    answers = (
        ReviewAnswer.objects.filter(review=review_ref)
        .exclude(value="")
        .order_by()
        .values("review")
        .annotate(answers=JSONObjectAgg("item_key", "value"))
        .values("answers")
    )
    return Subquery(answers, output_field=JSONField())


def _contract_reviews(tenant, contract_id):
    return tenant.scope(ContractReview).filter(contract=contract_id).annotate(answer_values=_answer_values(OuterRef("pk")))


# A contract's reviews, latest first, each with its answers ``{item key: answer}`` (None if nothing answered).
CONTRACT_REVIEWS = compiled_once(_contract_reviews, int)


def _contracts_with_latest_review(tenant):
    reviews = ContractReview.objects.filter(contract=OuterRef("pk"))
    latest = reviews.order_by("-created_at", "-id")
    counted = reviews.order_by().values("contract").annotate(n=Count("pk")).values("n")
    return (
        tenant.scope(Contract)
        .annotate(
            latest_review=Subquery(latest.values("pk")[:1]),
            latest_reviewed_at=Subquery(latest.values("created_at")[:1]),
            review_count=Coalesce(Subquery(counted), 0),
        )
        .annotate(latest_answers=_answer_values(OuterRef("latest_review")))
    )


# The cabinet's contracts, each with its latest review's id, date and answers and its number of reviews:
# one query whatever their number, built once per process (the dashboard and the list run it on every visit).
CONTRACTS_WITH_LATEST_REVIEW = compiled_once(_contracts_with_latest_review)


def latest_results(contracts) -> dict[int, object]:
    """``{review id: ReviewResult}`` of the latest reviews of contracts read with `CONTRACTS_WITH_LATEST_REVIEW`."""
    checklist = get_checklist()
    return {c.latest_review: evaluate(checklist, c.latest_answers or {}) for c in contracts if c.latest_review}


def answered_count(answers: dict[str, str]) -> int:
    keys = {item.key for item in get_checklist().all_items()}
    return sum(1 for key in answers if key in keys)


def item_count() -> int:
    return sum(1 for _ in get_checklist().all_items())
