"""The result of an assessment, ready to display: pure functions, no database.

Joins the scoring functions with the questionnaire texts so that the result
page and its PDF show the same thing from the same object.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from resilience.assessment import scoring
from resilience.assessment.questionnaire import ANSWER_LABELS, Action, Question, Questionnaire, Theme

UNANSWERED_LABEL = "Sans réponse"  # counted as "Je ne sais pas", but shown for what it is


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    score: int | None
    previous: int | None
    delta: int | None
    answered: int
    total: int


@dataclass(frozen=True)
class PlanEntry:
    action: Action
    item: scoring.PlanItem
    number: int  # 1-based place in the plan
    questions: tuple[Question, ...]

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS[self.item.answer]


@dataclass(frozen=True)
class FragilityEntry:
    question: Question
    theme: Theme
    answer: str
    answered: bool

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS[self.answer] if self.answered else UNANSWERED_LABEL


@dataclass(frozen=True)
class ChangeEntry:
    question: Question
    before: str
    after: str


@dataclass(frozen=True)
class Result:
    questionnaire: Questionnaire
    overall: int | None
    themes: tuple[ThemeRow, ...]
    plan: tuple[PlanEntry, ...]
    fragilities: tuple[FragilityEntry, ...]
    unanswered: int
    comparison: scoring.Comparison | None
    improved: tuple[ChangeEntry, ...]
    worsened: tuple[ChangeEntry, ...]

    @property
    def priorities(self) -> tuple[PlanEntry, ...]:
        return self.plan[: scoring.PRIORITY_COUNT]

    @property
    def later(self) -> tuple[PlanEntry, ...]:
        return self.plan[scoring.PRIORITY_COUNT :]


def known_answers(questionnaire: Questionnaire, answers: Mapping[str, str]) -> dict[str, str]:
    """The stored answers that belong to this version (stored rows are checked on the way in)."""
    return {
        key: code
        for key, code in answers.items()
        if questionnaire.has_question(key) and code in questionnaire.question(key).answers
    }


def build_result(
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    previous: tuple[Questionnaire, Mapping[str, str]] | None = None,
) -> Result:
    """Scores, plan, fragility points and, given the previous assessment, what changed."""
    answers = known_answers(questionnaire, answers)
    theme_scores = scoring.theme_scores(questionnaire, answers)
    comparison = None
    before_scores: dict[str, int | None] = {}
    improved: tuple[ChangeEntry, ...] = ()
    worsened: tuple[ChangeEntry, ...] = ()
    if previous is not None:
        before_questionnaire, before_answers = previous
        before_answers = known_answers(before_questionnaire, before_answers)
        comparison = scoring.compare(before_questionnaire, before_answers, questionnaire, answers)
        before_scores = {change.theme: change.before for change in comparison.themes}
        improved = tuple(_change(questionnaire, c, before_answers, answers) for c in comparison.improved)
        worsened = tuple(_change(questionnaire, c, before_answers, answers) for c in comparison.worsened)

    themes = []
    for theme in questionnaire.themes:
        questions = questionnaire.questions_in(theme.key)
        score, before = theme_scores[theme.key], before_scores.get(theme.key)
        themes.append(
            ThemeRow(
                theme=theme,
                score=score,
                previous=before,
                delta=None if score is None or before is None else score - before,
                answered=sum(q.key in answers for q in questions),
                total=len(questions),
            )
        )
    plan = tuple(
        PlanEntry(
            action=questionnaire.action(item.action),
            item=item,
            number=number,
            questions=tuple(questionnaire.question(key) for key in item.questions),
        )
        for number, item in enumerate(scoring.action_plan(questionnaire, answers), start=1)
    )
    fragile = tuple(
        FragilityEntry(
            question=questionnaire.question(f.question),
            theme=questionnaire.theme(f.theme),
            answer=f.answer,
            answered=f.answered,
        )
        for f in scoring.fragilities(questionnaire, answers)
    )
    return Result(
        questionnaire=questionnaire,
        overall=scoring.overall_score(questionnaire, answers),
        themes=tuple(themes),
        plan=plan,
        fragilities=fragile,
        unanswered=len(scoring.unanswered(questionnaire, answers)),
        comparison=comparison,
        improved=improved,
        worsened=worsened,
    )


def _label(code: str, key: str, given: Mapping[str, str]) -> str:
    return ANSWER_LABELS[code] if key in given else UNANSWERED_LABEL


def _change(questionnaire: Questionnaire, change: scoring.AnswerChange, before: Mapping, after: Mapping) -> ChangeEntry:
    return ChangeEntry(
        questionnaire.question(change.question),
        _label(change.before, change.question, before),
        _label(change.after, change.question, after),
    )
