"""Verdict, score, gap and comparison rules, on a small hand-made checklist."""

import pytest

from contracts.checklist import Category, Checklist, Item, get_checklist
from contracts.verdicts import (
    A_AMELIORER,
    ABSENT,
    BLOQUANT,
    CONFORME,
    NA,
    NOT_CHECKED,
    PARTIAL,
    PRESENT,
    UNKNOWN,
    VERDICT_LABELS,
    answer_for,
    category_score,
    category_verdict,
    compare,
    evaluate,
    gaps,
    overall_score,
    overall_verdict,
    worst,
)


def item(key, critical=False):
    return Item(key=key, label=key, ask=f"Demande {key}.", critical=critical, source="s", seed_text=key)


def category(key, number, *items):
    return Category(
        key=key, number=number, title=key, why="w", weaknesses=("f",), alerts=("a",),
        recommendations=("r",), source="s", items=tuple(items),
    )


# Two categories: "backups" with one critical item out of three, "docs" with two plain items.
BACKUPS = category("backups", 1, item("b.daily"), item("b.restore", critical=True), item("b.encrypted"))
DOCS = category("docs", 2, item("d.inventory"), item("d.diagram"))
CHECKLIST = Checklist(version="1", categories=(BACKUPS, DOCS))
ALL_PRESENT = {"b.daily": PRESENT, "b.restore": PRESENT, "b.encrypted": PRESENT,
               "d.inventory": PRESENT, "d.diagram": PRESENT}


# --- answers ---------------------------------------------------------------------


@pytest.mark.parametrize("stored", [None, ""])
def test_an_unanswered_item_counts_as_unknown(stored):
    assert answer_for(item("x"), {"x": stored}) == UNKNOWN
    assert answer_for(item("x"), {}) == UNKNOWN


def test_an_unexpected_answer_is_a_programming_error():
    with pytest.raises(ValueError, match="'oui'"):
        answer_for(item("x"), {"x": "oui"})


# --- category verdict ------------------------------------------------------------


def test_every_item_present_is_conforme():
    assert category_verdict(BACKUPS, ALL_PRESENT) == CONFORME


def test_not_applicable_items_do_not_prevent_conforme():
    assert category_verdict(BACKUPS, dict(ALL_PRESENT, **{"b.encrypted": NA})) == CONFORME


@pytest.mark.parametrize("answer", [ABSENT, UNKNOWN])
def test_a_critical_item_absent_or_unknown_is_bloquant(answer):
    assert category_verdict(BACKUPS, dict(ALL_PRESENT, **{"b.restore": answer})) == BLOQUANT


def test_a_critical_item_only_partial_is_a_ameliorer_not_bloquant():
    assert category_verdict(BACKUPS, dict(ALL_PRESENT, **{"b.restore": PARTIAL})) == A_AMELIORER


def test_a_critical_item_not_applicable_does_not_block():
    assert category_verdict(BACKUPS, dict(ALL_PRESENT, **{"b.restore": NA})) == CONFORME


@pytest.mark.parametrize("answer", [PARTIAL, ABSENT, UNKNOWN])
def test_a_plain_item_not_present_is_a_ameliorer(answer):
    assert category_verdict(BACKUPS, dict(ALL_PRESENT, **{"b.daily": answer})) == A_AMELIORER


def test_an_unanswered_critical_item_is_bloquant():
    answers = dict(ALL_PRESENT)
    del answers["b.restore"]
    assert category_verdict(BACKUPS, answers) == BLOQUANT


def test_an_unanswered_plain_item_keeps_the_category_from_being_conforme():
    answers = dict(ALL_PRESENT)
    del answers["d.diagram"]
    assert category_verdict(DOCS, answers) == A_AMELIORER


def test_an_empty_review_is_not_yet_checked_rather_than_judged():
    assert category_verdict(DOCS, {}) == NOT_CHECKED and category_score(DOCS, {}) is None
    assert overall_verdict(CHECKLIST, {}) == NOT_CHECKED
    assert VERDICT_LABELS[NOT_CHECKED] == "Pas encore vérifié"


def test_once_one_item_is_answered_the_rest_counts_as_unknown():
    assert category_verdict(DOCS, {"d.inventory": PRESENT}) == A_AMELIORER
    assert category_verdict(DOCS, {"d.inventory": ""}) == NOT_CHECKED
    # Untouched categories still weigh on the overall verdict of a half-done review.
    assert overall_verdict(CHECKLIST, {"d.inventory": PRESENT, "d.diagram": PRESENT}) == BLOQUANT


def test_a_category_where_nothing_applies_is_conforme_without_a_score():
    answers = {"d.inventory": NA, "d.diagram": NA}
    assert category_verdict(DOCS, answers) == CONFORME
    assert category_score(DOCS, answers) is None


# --- overall verdict -------------------------------------------------------------


def test_overall_verdict_is_the_worst_category_verdict():
    assert overall_verdict(CHECKLIST, ALL_PRESENT) == CONFORME
    assert overall_verdict(CHECKLIST, dict(ALL_PRESENT, **{"d.diagram": PARTIAL})) == A_AMELIORER
    both = dict(ALL_PRESENT, **{"d.diagram": PARTIAL, "b.restore": ABSENT})
    assert overall_verdict(CHECKLIST, both) == BLOQUANT


def test_worst_orders_the_three_verdicts():
    assert worst([CONFORME, BLOQUANT, A_AMELIORER]) == BLOQUANT
    assert worst([CONFORME, A_AMELIORER]) == A_AMELIORER
    assert worst([]) == CONFORME


# --- score -----------------------------------------------------------------------


def test_score_counts_present_1_partial_half_and_the_rest_0():
    answers = {"b.daily": PRESENT, "b.restore": PARTIAL, "b.encrypted": ABSENT}
    assert category_score(BACKUPS, answers) == 50  # (1 + 0.5 + 0) / 3


def test_score_leaves_out_not_applicable_items():
    answers = {"b.daily": PRESENT, "b.restore": PARTIAL, "b.encrypted": NA}
    assert category_score(BACKUPS, answers) == 75


def test_unknown_and_unanswered_items_score_zero():
    assert category_score(DOCS, {"d.inventory": PRESENT, "d.diagram": UNKNOWN}) == 50
    assert category_score(DOCS, {"d.inventory": PRESENT}) == 50


def test_score_is_rounded_down_so_that_100_means_everything_present():
    answers = dict(ALL_PRESENT, **{"b.encrypted": PARTIAL})
    assert category_score(BACKUPS, answers) == 83  # 2.5 / 3 = 83.3
    many = category("many", 3, *[item(f"m{i}") for i in range(200)])
    almost = {f"m{i}": PRESENT for i in range(200)} | {"m0": PARTIAL}
    assert category_score(many, almost) == 99  # 99.75, never shown as 100


def test_overall_score_weighs_every_item_equally_across_categories():
    answers = dict(ALL_PRESENT, **{"d.inventory": ABSENT, "d.diagram": ABSENT})
    assert overall_score(CHECKLIST, answers) == 60  # 3 of 5, not the mean of 100 and 0


def test_overall_score_is_none_when_nothing_applies():
    assert overall_score(CHECKLIST, dict.fromkeys(ALL_PRESENT, NA)) is None


def test_evaluate_gathers_every_verdict_and_score():
    result = evaluate(CHECKLIST, dict(ALL_PRESENT, **{"d.diagram": ABSENT}))
    assert result.verdict == A_AMELIORER
    assert result.score == 80
    assert [(r.category.key, r.verdict, r.score) for r in result.categories] == [
        ("backups", CONFORME, 100),
        ("docs", A_AMELIORER, 50),
    ]


# --- gaps ------------------------------------------------------------------------


def test_gaps_list_absent_partial_and_unknown_items_critical_first():
    answers = {"b.daily": PARTIAL, "b.restore": ABSENT, "b.encrypted": PRESENT,
               "d.inventory": NA}
    report = gaps(CHECKLIST, answers)
    assert [(g.category.key, [(x.item.key, x.answer) for x in g.gaps]) for g in report] == [
        ("backups", [("b.restore", ABSENT), ("b.daily", PARTIAL)]),
        ("docs", [("d.diagram", UNKNOWN)]),
    ]


def test_categories_without_gaps_are_left_out():
    assert gaps(CHECKLIST, ALL_PRESENT) == ()
    report = gaps(CHECKLIST, dict(ALL_PRESENT, **{"d.diagram": ABSENT}))
    assert [g.category.key for g in report] == ["docs"]


def test_gaps_keep_the_file_order_after_the_critical_items():
    report = gaps(CHECKLIST, {})
    assert [x.item.key for x in report[0].gaps] == ["b.restore", "b.daily", "b.encrypted"]


# --- comparison ------------------------------------------------------------------


def test_compare_puts_two_reviews_side_by_side():
    before = {"b.daily": PRESENT, "b.restore": ABSENT, "b.encrypted": PRESENT,
              "d.inventory": PARTIAL, "d.diagram": PRESENT}
    after = dict(ALL_PRESENT)
    comparison = compare(CHECKLIST, before, after)
    assert (comparison.left.verdict, comparison.right.verdict) == (BLOQUANT, CONFORME)
    assert (comparison.left.score, comparison.right.score) == (70, 100)
    backups = comparison.categories[0]
    assert backups.category is BACKUPS
    assert (backups.left.verdict, backups.right.verdict) == (BLOQUANT, CONFORME)
    assert (backups.left.score, backups.right.score) == (66, 100)
    assert [(c.item.key, c.left, c.right, c.changed) for c in backups.items] == [
        ("b.daily", PRESENT, PRESENT, False),
        ("b.restore", ABSENT, PRESENT, True),
        ("b.encrypted", PRESENT, PRESENT, False),
    ]


def test_an_item_answered_on_one_side_only_shows_as_unknown_on_the_other():
    comparison = compare(CHECKLIST, {"d.diagram": PRESENT}, {})
    docs = comparison.categories[1]
    assert [(c.left, c.right) for c in docs.items] == [(UNKNOWN, UNKNOWN), (PRESENT, UNKNOWN)]


# --- on the real checklist -------------------------------------------------------


def test_the_real_checklist_all_present_is_conforme_and_empty_is_not_checked():
    checklist = get_checklist()
    everything = {i.key: PRESENT for i in checklist.all_items()}
    assert evaluate(checklist, everything).verdict == CONFORME
    assert evaluate(checklist, everything).score == 100
    result = evaluate(checklist, {})
    assert result.verdict == NOT_CHECKED and result.score is None
    assert {c.verdict for c in result.categories} == {NOT_CHECKED}
    one = next(iter(checklist.all_items())).key
    assert evaluate(checklist, {one: PRESENT}).verdict == BLOQUANT
    assert sum(len(g.gaps) for g in gaps(checklist, {})) == len(list(checklist.all_items()))


def test_on_the_real_checklist_missing_tested_restores_blocks_the_backups():
    checklist = get_checklist()
    answers = {i.key: PRESENT for i in checklist.all_items()} | {"backups.restore_test": ABSENT}
    result = evaluate(checklist, answers)
    assert result.verdict == BLOQUANT
    assert [r.category.key for r in result.categories if r.verdict != CONFORME] == ["backups"]
