"""Scores, fragility points, action plan and comparison of self-assessments.

Plain functions over a Questionnaire and a plain mapping {question key: answer
code}: no database and no Django, so the rules that decide what a cabinet is told
to do first are tested directly (DESIGN.md, "Pure domain logic, thin views").

The rules, and why:
- yes = 1, partial = 0.5, no = 0, unknown = 0. "Je ne sais pas" scores like "Non":
  a protection nobody can vouch for cannot be relied on during an incident.
- "na" (non concerné) leaves the question out of the score, so a cabinet is
  neither rewarded nor punished for a question that does not apply to it.
- An unanswered question counts as "unknown": skipping a page must never raise
  the score or hide an action. `unanswered()` lists them so a view can say the
  assessment is incomplete, and fragility points flag them (answered=False).
- A score is the weighted mean of the counted answers, × 100, rounded half up to
  a whole number; None when nothing counts (every question "na").
- Questions meant for some professions only (`professions:` in the file) are
  left out for the other cabinets: scoring runs on
  `questionnaire.for_professions(cabinet.profession_codes)`, where they do not
  exist. The cabinet's own score counts them when they are asked; the URPS
  compares cabinets of different professions on `shared_score` /
  `shared_theme_scores`, computed on the questions every cabinet is asked, so a
  kiné cabinet and a medical one are measured on the same questions.
- The action plan follows MonAideCyber: each action has a fixed rank; within a
  rank the worst answers come first (no/unknown before partial; on a tie a
  known gap, "no", before a doubt, "unknown"), then the heaviest question, then
  the key for a stable order. The first PRIORITY_COUNT
  items are "the priorities for the next six months".
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from resilience.assessment.questionnaire import Question, Questionnaire

VALUES = {"yes": Fraction(1), "partial": Fraction(1, 2), "no": Fraction(0), "unknown": Fraction(0)}
NOT_CONCERNED = "na"
UNANSWERED_COUNTS_AS = "unknown"
FRAGILE_ANSWERS = frozenset({"no", "partial", "unknown"})
# How bad a fragile answer is: "no" and "unknown" are equally bad, "partial" less.
BADNESS = {"no": 2, "unknown": 2, "partial": 1}
PRIORITY_COUNT = 6  # MonAideCyber: the first six measures are the next six months' work


@dataclass(frozen=True)
class Fragility:
    """A question answered no, partial or unknown (or left unanswered)."""

    question: str
    theme: str
    answer: str
    weight: int
    answered: bool = True


@dataclass(frozen=True)
class PlanItem:
    """One action of the plan, with the worst answer that triggered it."""

    action: str
    rank: int
    answer: str  # the worst triggering answer
    weight: int  # the heaviest triggering question
    questions: tuple[str, ...]  # every triggering question, in questionnaire order


@dataclass(frozen=True)
class ThemeChange:
    theme: str
    before: int | None
    after: int | None
    delta: int | None  # None unless both scores exist


@dataclass(frozen=True)
class AnswerChange:
    question: str
    theme: str
    before: str
    after: str


@dataclass(frozen=True)
class Comparison:
    before_version: int
    after_version: int
    overall_before: int | None
    overall_after: int | None
    overall_delta: int | None
    themes: tuple[ThemeChange, ...]
    improved: tuple[AnswerChange, ...]
    worsened: tuple[AnswerChange, ...]


# --- Answers -------------------------------------------------------------------


def check_answers(questionnaire: Questionnaire, answers: Mapping[str, str]) -> None:
    """Refuse answers that do not belong to this questionnaire version.

    Scoring answers against the wrong version would silently drop or misread
    them; a ValueError makes that bug visible.
    """
    for key, code in answers.items():
        if not questionnaire.has_question(key):
            raise ValueError(f"questionnaire v{questionnaire.version} has no question {key!r}")
        question = questionnaire.question(key)
        if code not in question.answers:
            raise ValueError(f"answer {code!r} is not allowed for question {key!r}")


def unanswered(questionnaire: Questionnaire, answers: Mapping[str, str]) -> tuple[str, ...]:
    """Question keys without an answer, in questionnaire order."""
    return tuple(q.key for q in questionnaire.questions if q.key not in answers)


def effective_answers(questionnaire: Questionnaire, answers: Mapping[str, str]) -> dict[str, str]:
    """Every question's answer, unanswered ones counted as "unknown"."""
    check_answers(questionnaire, answers)
    return {q.key: answers.get(q.key, UNANSWERED_COUNTS_AS) for q in questionnaire.questions}


# --- Scores --------------------------------------------------------------------


def _score(pairs: Iterable[tuple[Question, str]]) -> int | None:
    total = weights = Fraction(0)
    for question, code in pairs:
        if code == NOT_CONCERNED:
            continue
        total += question.weight * VALUES[code]
        weights += question.weight
    if not weights:
        return None
    return math.floor(100 * total / weights + Fraction(1, 2))  # half up: 87.5 -> 88


def overall_score(questionnaire: Questionnaire, answers: Mapping[str, str]) -> int | None:
    """0–100 over the whole questionnaire; None if every answer is "na"."""
    effective = effective_answers(questionnaire, answers)
    return _score((q, effective[q.key]) for q in questionnaire.questions)


def theme_scores(questionnaire: Questionnaire, answers: Mapping[str, str]) -> dict[str, int | None]:
    """0–100 per theme key, in theme order; None for a theme answered only "na"."""
    effective = effective_answers(questionnaire, answers)
    return {
        theme.key: _score((q, effective[q.key]) for q in questionnaire.questions_in(theme.key))
        for theme in questionnaire.themes
    }


def _shared_answers(shared: Questionnaire, answers: Mapping[str, str]) -> dict[str, str]:
    return {key: code for key, code in answers.items() if shared.has_question(key)}


def shared_score(questionnaire: Questionnaire, answers: Mapping[str, str]) -> int | None:
    """0–100 over the questions asked of every cabinet: the score URPS statistics compare."""
    shared = questionnaire.shared_part()
    return overall_score(shared, _shared_answers(shared, answers))


def shared_theme_scores(questionnaire: Questionnaire, answers: Mapping[str, str]) -> dict[str, int | None]:
    """Theme scores over the questions asked of every cabinet (themes with none are left out)."""
    shared = questionnaire.shared_part()
    return theme_scores(shared, _shared_answers(shared, answers))


# --- Fragility points and action plan --------------------------------------------


def fragilities(questionnaire: Questionnaire, answers: Mapping[str, str]) -> tuple[Fragility, ...]:
    """Questions answered no, partial or unknown, worst first.

    Worst = the worst answer, then the heaviest question, then questionnaire
    order: the same rule as the plan, so both lists tell the same story.
    """
    effective = effective_answers(questionnaire, answers)
    found = [
        Fragility(q.key, q.theme, effective[q.key], q.weight, answered=q.key in answers)
        for q in questionnaire.questions
        if effective[q.key] in FRAGILE_ANSWERS
    ]
    return tuple(
        sorted(found, key=lambda f: (-BADNESS[f.answer], -f.weight, questionnaire.position(f.question)))
    )


def _worse(a: str, b: str) -> str:
    """The worse of two fragile answers; on a tie "no" wins, being a known gap."""
    return max(a, b, key=lambda code: (BADNESS[code], code == "no"))


def action_severity(questionnaire: Questionnaire, answers: Mapping[str, str]) -> dict[str, int]:
    """How bad the answers behind each triggered action are: the sum of their badness.

    Comparing it between two assessments says whether an action's gap grew (one
    more weak answer, or a "partiel" become "non"), even when its weakest answer
    was already "non".
    """
    effective = effective_answers(questionnaire, answers)
    severity: dict[str, int] = {}
    for question in questionnaire.questions:
        code = effective[question.key]
        for action_key in question.triggered_actions(code):
            severity[action_key] = severity.get(action_key, 0) + BADNESS[code]
    return severity


def action_plan(questionnaire: Questionnaire, answers: Mapping[str, str]) -> tuple[PlanItem, ...]:
    """The actions triggered by the answers, each once, in priority order."""
    effective = effective_answers(questionnaire, answers)
    triggered: dict[str, dict] = {}
    for question in questionnaire.questions:
        code = effective[question.key]
        for action_key in question.triggered_actions(code):
            entry = triggered.setdefault(action_key, {"answer": code, "weight": 0, "questions": []})
            entry["answer"] = _worse(entry["answer"], code)
            entry["weight"] = max(entry["weight"], question.weight)
            entry["questions"].append(question.key)
    plan = [
        PlanItem(
            action=key,
            rank=questionnaire.action(key).rank,
            answer=entry["answer"],
            weight=entry["weight"],
            questions=tuple(entry["questions"]),
        )
        for key, entry in triggered.items()
    ]
    return tuple(sorted(plan, key=_plan_order))


def _plan_order(item: PlanItem):
    """Rank, then the worst answer; on equally bad answers a known gap ("no") before a doubt ("unknown")."""
    return (item.rank, -BADNESS[item.answer], item.answer != "no", -item.weight, item.action)


def priorities(plan: Sequence[PlanItem]) -> tuple[PlanItem, ...]:
    """The priorities for the next six months: the head of the plan."""
    return tuple(plan[:PRIORITY_COUNT])


# --- Comparison ------------------------------------------------------------------


def _delta(before: int | None, after: int | None) -> int | None:
    return None if before is None or after is None else after - before


def compare(
    before_questionnaire: Questionnaire,
    before_answers: Mapping[str, str],
    after_questionnaire: Questionnaire,
    after_answers: Mapping[str, str],
) -> Comparison:
    """What changed between two assessments, possibly on different versions.

    Each assessment is scored on its own version. Themes are matched by key
    (a theme present in only one version gets None on the other side). Answers
    are matched by question key, which is never reused, so a key in both versions
    is the same question; questions in only one version are not compared. An
    answer improved or worsened when its value changed; changes to or from "na",
    and between "no" and "unknown" (same value), are neither.
    """
    before_themes = theme_scores(before_questionnaire, before_answers)
    after_themes = theme_scores(after_questionnaire, after_answers)
    theme_keys = list(after_themes) + [key for key in before_themes if key not in after_themes]
    themes = []
    for key in theme_keys:
        before, after = before_themes.get(key), after_themes.get(key)
        themes.append(ThemeChange(key, before, after, _delta(before, after)))

    before_effective = effective_answers(before_questionnaire, before_answers)
    after_effective = effective_answers(after_questionnaire, after_answers)
    improved, worsened = [], []
    for question in after_questionnaire.questions:
        if question.key not in before_effective:
            continue
        old, new = before_effective[question.key], after_effective[question.key]
        if NOT_CONCERNED in (old, new) or VALUES[old] == VALUES[new]:
            continue
        change = AnswerChange(question.key, question.theme, old, new)
        (improved if VALUES[new] > VALUES[old] else worsened).append(change)

    overall_before = overall_score(before_questionnaire, before_answers)
    overall_after = overall_score(after_questionnaire, after_answers)
    return Comparison(
        before_version=before_questionnaire.version,
        after_version=after_questionnaire.version,
        overall_before=overall_before,
        overall_after=overall_after,
        overall_delta=_delta(overall_before, overall_after),
        themes=tuple(themes),
        improved=tuple(improved),
        worsened=tuple(worsened),
    )
