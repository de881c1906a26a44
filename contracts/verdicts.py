"""Verdicts, score, gaps and comparison of a contract review: pure functions.

A review is a mapping ``{item key: answer}`` over the checklist. These functions
take the checklist and that mapping and return plain values, so that the rules
that tell a practitioner whether a contract is acceptable can be tested without
a database and read in one place.

Rules:

- Category verdict: ``bloquant`` if a critical item is absent or unknown,
  ``conforme`` if every applicable item (not ``na``) is present, otherwise
  ``a_ameliorer``. A category whose items are all ``na`` has nothing missing: it
  is ``conforme`` (and has no score).
- Overall verdict: the worst category verdict.
- Nothing answered yet (in a category, or in the whole review): ``non_verifie``
  (« Pas encore vérifié ») and no score, rather than a verdict about clauses
  nobody has looked at. As soon as one item is answered the rules above apply,
  the unanswered items counting as ``unknown``; the overall verdict of a
  half-done review also counts its untouched categories that way.
- Score (0-100): share of the applicable items, present counting 1, partial 0.5,
  absent and unknown 0. It is rounded *down*, so that 100 is shown only when
  every applicable item is present.
- An unanswered item (key missing, ``None`` or ``""``) counts as ``unknown``:
  it scores 0, keeps a category from being ``conforme``, and makes it
  ``bloquant`` if the item is critical. A half-filled review must never look
  better than what the cabinet has checked.
- Answers whose key is not in the checklist (an item retired in a later
  version) are ignored; an answer value outside the five known ones is a
  programming error and raises ValueError.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from contracts.checklist import Category, Checklist, Item

PRESENT = "present"
PARTIAL = "partial"
ABSENT = "absent"
UNKNOWN = "unknown"
NA = "na"
ANSWERS = (PRESENT, PARTIAL, ABSENT, UNKNOWN, NA)
ANSWER_LABELS = {
    PRESENT: "Présent",
    PARTIAL: "Partiel",
    ABSENT: "Absent",
    UNKNOWN: "Je ne sais pas",
    NA: "Non applicable",
}

BLOQUANT = "bloquant"
A_AMELIORER = "a_ameliorer"
CONFORME = "conforme"
NOT_CHECKED = "non_verifie"
VERDICT_LABELS = {
    BLOQUANT: "Bloquant",
    A_AMELIORER: "À améliorer",
    CONFORME: "Conforme",
    NOT_CHECKED: "Pas encore vérifié",
}
# Higher is worse: the overall verdict is the maximum.
_SEVERITY = {CONFORME: 0, A_AMELIORER: 1, BLOQUANT: 2}

# Credit in half points, so that the score is computed in integers.
_HALF_POINTS = {PRESENT: 2, PARTIAL: 1, ABSENT: 0, UNKNOWN: 0}

# Answers that put an item in the gap report and the letter.
GAP_ANSWERS = frozenset({ABSENT, PARTIAL, UNKNOWN})

Answers = Mapping[str, str | None]


def answer_for(item: Item, answers: Answers) -> str:
    """The answer to one item, an unanswered item counting as ``unknown``."""
    value = answers.get(item.key)
    if value is None or value == "":
        return UNKNOWN
    if value not in ANSWERS:
        raise ValueError(f"unknown answer {value!r} for item {item.key!r}")
    return value


def worst(verdicts: Iterable[str]) -> str:
    """The most severe of several verdicts (``conforme`` when there are none)."""
    return max(verdicts, key=_SEVERITY.__getitem__, default=CONFORME)


def checked(items: Iterable[Item], answers: Answers) -> bool:
    """Whether at least one of these items has an answer."""
    if not answers:  # a review just opened: no need to look at every item
        return False
    return any(answers.get(item.key) not in (None, "") for item in items)


def category_verdict(category: Category, answers: Answers) -> str:
    """``bloquant``, ``a_ameliorer``, ``conforme`` or ``non_verifie`` for one category (see module rules)."""
    if not checked(category.items, answers):
        return NOT_CHECKED
    return _answered_verdict(category, answers)


def _answered_verdict(category: Category, answers: Answers) -> str:
    given = [(item, answer_for(item, answers)) for item in category.items]
    if any(item.critical and answer in (ABSENT, UNKNOWN) for item, answer in given):
        return BLOQUANT
    if all(answer in (PRESENT, NA) for _, answer in given):
        return CONFORME
    return A_AMELIORER


def overall_verdict(checklist: Checklist, answers: Answers) -> str:
    if not checked(checklist.all_items(), answers):
        return NOT_CHECKED
    return worst(_answered_verdict(category, answers) for category in checklist.categories)


def score(items: Iterable[Item], answers: Answers) -> int | None:
    """Conformity score from 0 to 100, or None when no item applies."""
    credits = [_HALF_POINTS[a] for a in (answer_for(i, answers) for i in items) if a != NA]
    if not credits:
        return None
    return (100 * sum(credits)) // (2 * len(credits))


def category_score(category: Category, answers: Answers) -> int | None:
    """None until an item of the category is answered (and when no item applies)."""
    return score(category.items, answers) if checked(category.items, answers) else None


def overall_score(checklist: Checklist, answers: Answers) -> int | None:
    """Score over every item of the checklist, not an average of category scores,
    so that a category with many clauses weighs more than one with few."""
    return score(checklist.all_items(), answers) if checked(checklist.all_items(), answers) else None


@dataclass(frozen=True)
class CategoryResult:
    category: Category
    verdict: str
    score: int | None


@dataclass(frozen=True)
class ReviewResult:
    verdict: str
    score: int | None
    categories: tuple[CategoryResult, ...]


def evaluate(checklist: Checklist, answers: Answers) -> ReviewResult:
    """Every verdict and score of one review, for its result page."""
    results = tuple(
        CategoryResult(c, category_verdict(c, answers), category_score(c, answers))
        for c in checklist.categories
    )
    return ReviewResult(
        verdict=overall_verdict(checklist, answers),
        score=overall_score(checklist, answers),
        categories=results,
    )


@dataclass(frozen=True)
class Gap:
    item: Item
    answer: str  # absent, partial or unknown (unanswered counts as unknown)


@dataclass(frozen=True)
class CategoryGaps:
    category: Category
    gaps: tuple[Gap, ...]


def gaps(checklist: Checklist, answers: Answers) -> tuple[CategoryGaps, ...]:
    """The clauses to add or clarify, per category in guide order, critical ones first.

    Used by the gap report and by the letter to the provider (each gap's
    ``item.ask``). Categories without a gap are left out. Within a category the
    order of the file is kept after the critical items, so that the letter reads
    in the same order as the guide.
    """
    report = []
    for category in checklist.categories:
        found = [Gap(item, answer_for(item, answers)) for item in category.items]
        found = [gap for gap in found if gap.answer in GAP_ANSWERS]
        if found:
            found.sort(key=lambda gap: not gap.item.critical)  # stable: file order kept
            report.append(CategoryGaps(category, tuple(found)))
    return tuple(report)


@dataclass(frozen=True)
class ItemComparison:
    item: Item
    left: str
    right: str

    @property
    def changed(self) -> bool:
        return self.left != self.right


@dataclass(frozen=True)
class CategoryComparison:
    category: Category
    left: CategoryResult
    right: CategoryResult
    items: tuple[ItemComparison, ...]


@dataclass(frozen=True)
class ReviewComparison:
    left: ReviewResult
    right: ReviewResult
    categories: tuple[CategoryComparison, ...]


def compare(checklist: Checklist, left: Answers, right: Answers) -> ReviewComparison:
    """Two reviews side by side: the same contract a year apart, or two providers' offers.

    Both are read against the same checklist, so an item answered in only one
    of them shows as ``unknown`` on the other side rather than disappearing.
    """
    left_result, right_result = evaluate(checklist, left), evaluate(checklist, right)
    rows = tuple(
        CategoryComparison(
            category=category,
            left=left_cat,
            right=right_cat,
            items=tuple(
                ItemComparison(item, answer_for(item, left), answer_for(item, right))
                for item in category.items
            ),
        )
        for category, left_cat, right_cat in zip(
            checklist.categories, left_result.categories, right_result.categories
        )
    )
    return ReviewComparison(left=left_result, right=right_result, categories=rows)
