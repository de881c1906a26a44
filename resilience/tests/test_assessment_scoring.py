"""Scores, fragility points, action plan and comparison: pure functions, no database."""

from dataclasses import replace

import pytest

from resilience.assessment.questionnaire import (
    Action,
    CnilRule,
    Question,
    Questionnaire,
    Reflex,
    Theme,
    get_questionnaire,
)
from resilience.assessment.scoring import (
    PRIORITY_COUNT,
    action_plan,
    compare,
    fragilities,
    overall_score,
    priorities,
    theme_scores,
    unanswered,
)

BACKUP_THEMES = ("sauvegardes", "protection_sauvegardes")


@pytest.fixture
def shipped():
    return get_questionnaire()


def answer_all(questionnaire, code, **overrides):
    """Every question answered `code`, except the keys given."""
    answers = {q.key: code for q in questionnaire.questions}
    answers.update(overrides)
    return answers


def answer_themes(questionnaire, answers, themes, code):
    answers = dict(answers)
    for theme in themes:
        for question in questionnaire.questions_in(theme):
            answers[question.key] = code
    return answers


def question(key, theme, weight=1, actions=("fix",), unknown_actions=("ask",), na=True, partial=True):
    answers = ("yes",) + (("partial",) if partial else ()) + ("no", "unknown") + (("na",) if na else ())
    return Question(key, theme, f"{key} ?", "Parce que.", answers, weight, tuple(actions), tuple(unknown_actions), "x")


def action(key, rank):
    return Action(key, rank, key.title(), "Car.", ("Faire.",), "x")


def small(version=1, questions=None, themes=("alpha", "beta")):
    """A hand-built questionnaire whose arithmetic is easy to check."""
    questions = questions or (
        question("a_heavy", "alpha", weight=3, actions=("fix_a",), unknown_actions=("ask_a",)),
        question("a_light", "alpha", weight=1, actions=("fix_a", "fix_b"), unknown_actions=("ask_a",)),
        question("b_one", "beta", weight=2, actions=("fix_b",), unknown_actions=("fix_b",)),
    )
    return Questionnaire(
        version=version,
        title="Test",
        themes=tuple(Theme(key, key.title(), "Intro", i) for i, key in enumerate(themes)),
        questions=tuple(questions),
        actions=(action("ask_a", 1), action("fix_a", 1), action("fix_b", 2)),
        reflexes=(Reflex("preserver", "Préserver", "Texte", "x"),),
        cnil_rule=CnilRule("72 heures", "https://www.cnil.fr/", "x"),
    )


# --- Headline behaviour on the shipped questionnaire -------------------------------


def test_everything_yes_scores_100_with_no_fragility_and_no_action(shipped):
    answers = answer_all(shipped, "yes")
    assert overall_score(shipped, answers) == 100
    assert set(theme_scores(shipped, answers).values()) == {100}
    assert fragilities(shipped, answers) == ()
    assert action_plan(shipped, answers) == ()


def test_everything_no_puts_backups_then_contact_then_access_first(shipped):
    answers = answer_all(shipped, "no")
    plan = action_plan(shipped, answers)
    assert [item.action for item in plan[:3]] == ["backups_verify", "support_contact", "access_secure"]
    assert [item.rank for item in plan[:3]] == [1, 2, 3]
    assert overall_score(shipped, answers) == 0
    assert len(fragilities(shipped, answers)) == len(shipped.questions)


def test_the_plan_is_in_rank_order_and_each_action_appears_once(shipped):
    plan = action_plan(shipped, answer_all(shipped, "no"))
    assert [item.rank for item in plan] == sorted(item.rank for item in plan)
    assert len({item.action for item in plan}) == len(plan)


def test_not_knowing_about_backups_puts_the_backup_action_first(shipped):
    answers = answer_themes(shipped, answer_all(shipped, "yes"), BACKUP_THEMES, "unknown")
    plan = action_plan(shipped, answers)
    assert plan[0].action == "backups_ask_provider"
    assert plan[0].rank == 1
    assert set(plan[0].questions) == {q.key for t in BACKUP_THEMES for q in shipped.questions_in(t)}
    assert len(plan) == 1


def test_not_knowing_about_backups_comes_first_even_when_everything_else_is_no(shipped):
    answers = answer_themes(shipped, answer_all(shipped, "no"), BACKUP_THEMES, "unknown")
    plan = action_plan(shipped, answers)
    assert plan[0].action == "backups_ask_provider"
    assert "backups_verify" not in [item.action for item in plan]


def test_unknown_is_a_fragility_not_a_neutral_answer(shipped):
    answers = answer_all(shipped, "yes", mfa_mail="unknown")
    assert overall_score(shipped, answers) < 100
    assert [f.question for f in fragilities(shipped, answers)] == ["mfa_mail"]
    assert [item.action for item in action_plan(shipped, answers)] == ["access_check_mfa"]


def test_not_concerned_does_not_change_the_score(shipped):
    not_concerned = {"mfa_agenda": "na", "backup_cloud_hds": "na", "wifi_encryption": "na"}
    assert overall_score(shipped, answer_all(shipped, "yes", **not_concerned)) == 100
    assert overall_score(shipped, answer_all(shipped, "no", **not_concerned)) == 0
    # "na" scores exactly as if the question were not in the questionnaire
    mixed = answer_all(shipped, "yes", backup_exists="no", mfa_mail="partial", **not_concerned)
    without = replace(shipped, questions=tuple(q for q in shipped.questions if q.key not in not_concerned))
    kept = {key: code for key, code in mixed.items() if key not in not_concerned}
    assert overall_score(shipped, mixed) == overall_score(without, kept) != 100
    assert theme_scores(shipped, mixed) == theme_scores(without, kept)
    assert action_plan(shipped, mixed) == action_plan(without, kept)


def test_the_first_six_actions_are_the_priorities(shipped):
    plan = action_plan(shipped, answer_all(shipped, "no"))
    assert PRIORITY_COUNT == 6
    assert priorities(plan) == plan[:6]
    assert [item.action for item in priorities(plan)] == [
        "backups_verify",
        "support_contact",
        "access_secure",
        "incident_prepare",
        "degraded_mode_kit",
        # v2: spotting phishing shares rank 6 with the updates (the doors attackers use most), key order breaks the tie.
        "phishing_aware",
    ]
    assert priorities(plan[:2]) == plan[:2]


# --- Arithmetic on a small questionnaire -----------------------------------------


def test_the_score_is_the_weighted_mean_rounded_half_up():
    q = small()
    # alpha: a_heavy yes (3 × 1) + a_light partial (1 × 0.5) over 4 = 87.5 -> 88
    answers = {"a_heavy": "yes", "a_light": "partial", "b_one": "no"}
    assert theme_scores(q, answers) == {"alpha": 88, "beta": 0}
    # overall: (3 + 0.5 + 0) / 6 = 58.33 -> 58
    assert overall_score(q, answers) == 58
    # 0.5 / 4 = 12.5 -> 13 (half up, not Python's half-to-even 12)
    assert theme_scores(q, {"a_heavy": "no", "a_light": "partial", "b_one": "yes"})["alpha"] == 13


def test_not_concerned_is_left_out_of_the_mean():
    q = small()
    assert overall_score(q, {"a_heavy": "yes", "a_light": "na", "b_one": "no"}) == 60  # 3 / 5
    assert theme_scores(q, {"a_heavy": "na", "a_light": "no", "b_one": "yes"})["alpha"] == 0


def test_a_theme_answered_only_not_concerned_has_no_score():
    q = small()
    answers = {"a_heavy": "na", "a_light": "na", "b_one": "yes"}
    assert theme_scores(q, answers) == {"alpha": None, "beta": 100}
    assert overall_score(q, answers) == 100
    assert overall_score(q, {"a_heavy": "na", "a_light": "na", "b_one": "na"}) is None


def test_an_unanswered_question_counts_as_unknown():
    q = small()
    answers = {"a_heavy": "yes", "b_one": "yes"}
    assert unanswered(q, answers) == ("a_light",)
    assert overall_score(q, answers) == 83  # 5 / 6
    [fragility] = fragilities(q, answers)
    assert (fragility.question, fragility.answer, fragility.answered) == ("a_light", "unknown", False)
    assert [item.action for item in action_plan(q, answers)] == ["ask_a"]


def test_answers_of_another_version_are_refused():
    q = small()
    with pytest.raises(ValueError, match="no question"):
        overall_score(q, {"not_a_question": "yes"})
    with pytest.raises(ValueError, match="not allowed"):
        overall_score(q, {"a_heavy": "maybe"})
    strict = small(questions=(question("a_heavy", "alpha", na=False), question("b_one", "beta")))
    with pytest.raises(ValueError, match="not allowed"):
        overall_score(strict, {"a_heavy": "na"})


def test_fragilities_are_worst_first():
    q = small()
    answers = {"a_heavy": "partial", "a_light": "no", "b_one": "unknown"}
    # no/unknown before partial; then the heavier question (b_one: 2 > a_light: 1)
    assert [f.question for f in fragilities(q, answers)] == ["b_one", "a_light", "a_heavy"]


def test_an_action_triggered_twice_appears_once_with_its_worst_answer():
    q = small()
    plan = action_plan(q, {"a_heavy": "partial", "a_light": "no", "b_one": "yes"})
    assert [item.action for item in plan] == ["fix_a", "fix_b"]
    fix_a = plan[0]
    assert fix_a.answer == "no"
    assert fix_a.weight == 3
    assert fix_a.questions == ("a_heavy", "a_light")


def test_within_a_rank_worse_answers_then_heavier_questions_come_first():
    q = small()
    # rank 1 holds ask_a and fix_a: fix_a only partial, ask_a unknown -> ask_a first
    plan = action_plan(q, {"a_heavy": "partial", "a_light": "unknown", "b_one": "yes"})
    assert [item.action for item in plan] == ["ask_a", "fix_a"]
    # both as bad: the heavier question wins (fix_a from a_heavy: 3, ask_a from a_light: 1)
    plan = action_plan(q, {"a_heavy": "no", "a_light": "unknown", "b_one": "yes"})
    assert [item.action for item in plan] == ["fix_a", "ask_a"]
    # same rank, badness and weight: by key, for a stable order
    tied = small(questions=(question("a_both", "alpha", actions=("fix_a", "ask_a")), question("b_one", "beta")))
    plan = action_plan(tied, {"a_both": "no", "b_one": "yes"})
    assert [item.action for item in plan] == ["ask_a", "fix_a"]


# --- Comparison ---------------------------------------------------------------------


def test_comparison_gives_the_change_per_theme_and_per_answer():
    q = small()
    before = {"a_heavy": "no", "a_light": "yes", "b_one": "partial"}
    after = {"a_heavy": "yes", "a_light": "no", "b_one": "partial"}
    result = compare(q, before, q, after)
    assert [(t.theme, t.before, t.after, t.delta) for t in result.themes] == [
        ("alpha", 25, 75, 50),
        ("beta", 50, 50, 0),
    ]
    assert (result.overall_before, result.overall_after, result.overall_delta) == (33, 67, 34)
    assert [(c.question, c.before, c.after) for c in result.improved] == [("a_heavy", "no", "yes")]
    assert [(c.question, c.before, c.after) for c in result.worsened] == [("a_light", "yes", "no")]


def test_comparison_ignores_not_concerned_and_equal_values():
    q = small()
    before = {"a_heavy": "na", "a_light": "no", "b_one": "yes"}
    after = {"a_heavy": "no", "a_light": "unknown", "b_one": "yes"}
    result = compare(q, before, q, after)
    assert result.improved == () and result.worsened == ()


def test_comparison_across_versions_matches_themes_and_questions_by_key():
    old = small(version=1)
    new = small(
        version=2,
        themes=("alpha", "gamma"),
        questions=(
            question("a_heavy", "alpha", weight=3, actions=("fix_a",), unknown_actions=("ask_a",)),
            question("g_new", "gamma", weight=1, actions=("fix_b",), unknown_actions=("fix_b",)),
        ),
    )
    before = {"a_heavy": "no", "a_light": "no", "b_one": "yes"}
    result = compare(old, before, new, {"a_heavy": "partial", "g_new": "yes"})
    assert (result.before_version, result.after_version) == (1, 2)
    changes = {t.theme: (t.before, t.after, t.delta) for t in result.themes}
    assert changes == {"alpha": (0, 50, 50), "gamma": (None, 100, None), "beta": (100, None, None)}
    assert [t.theme for t in result.themes] == ["alpha", "gamma", "beta"]
    assert [c.question for c in result.improved] == ["a_heavy"]
    assert result.worsened == ()


def test_comparison_of_two_shipped_assessments(shipped):
    before = answer_all(shipped, "no")
    after = answer_themes(shipped, before, BACKUP_THEMES, "yes")
    result = compare(shipped, before, shipped, after)
    deltas = {t.theme: t.delta for t in result.themes}
    assert deltas["sauvegardes"] == 100 and deltas["protection_sauvegardes"] == 100
    assert all(delta == 0 for theme, delta in deltas.items() if theme not in BACKUP_THEMES)
    assert len(result.improved) == sum(len(shipped.questions_in(t)) for t in BACKUP_THEMES)
    assert result.overall_delta > 0
