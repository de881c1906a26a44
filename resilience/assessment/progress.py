"""Where a cabinet stands in its questionnaire: pure functions, no database.

The questionnaire is answered one theme per page; these functions say how many
questions are answered, which page comes before or after another, and where to
resume after the browser was closed.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from resilience.assessment.questionnaire import ANSWER_LABELS, Question, Questionnaire, Theme


@dataclass(frozen=True)
class ThemeProgress:
    theme: Theme
    number: int  # 1-based page number
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    themes: tuple[ThemeProgress, ...]

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def progress(questionnaire: Questionnaire, answers: Mapping[str, str]) -> Progress:
    """Answered questions overall and per theme (answers to unknown keys are ignored)."""
    themes = []
    for number, theme in enumerate(questionnaire.themes, start=1):
        questions = questionnaire.questions_in(theme.key)
        themes.append(ThemeProgress(theme, number, sum(q.key in answers for q in questions), len(questions)))
    return Progress(sum(t.answered for t in themes), sum(t.total for t in themes), tuple(themes))


def neighbours(questionnaire: Questionnaire, theme_key: str) -> tuple[str | None, str | None]:
    """The theme pages before and after one (None at either end)."""
    keys = [theme.key for theme in questionnaire.themes]
    index = keys.index(theme_key)
    return (keys[index - 1] if index else None, keys[index + 1] if index + 1 < len(keys) else None)


def resume_theme(questionnaire: Questionnaire, answers: Mapping[str, str]) -> str | None:
    """The first theme with a question left unanswered; None when every question is answered."""
    for theme in questionnaire.themes:
        if any(q.key not in answers for q in questionnaire.questions_in(theme.key)):
            return theme.key
    return None


@dataclass(frozen=True)
class QuestionRow:
    """A question as shown on its page: the current answer and the previous assessment's."""

    question: Question
    number: int  # 1-based, over the whole questionnaire
    current: str | None
    previous: str | None
    choices: tuple[tuple[str, str], ...]  # (code, label)

    @property
    def previous_label(self) -> str | None:
        return ANSWER_LABELS.get(self.previous) if self.previous else None


def question_rows(
    questionnaire: Questionnaire, theme_key: str, answers: Mapping[str, str], previous: Mapping[str, str]
) -> tuple[QuestionRow, ...]:
    """The questions of a theme page. A previous answer is shown only if it still fits the question."""
    rows = []
    for question in questionnaire.questions_in(theme_key):
        before = previous.get(question.key)
        rows.append(
            QuestionRow(
                question=question,
                number=questionnaire.position(question.key) + 1,
                current=answers.get(question.key),
                previous=before if before in question.answers else None,
                choices=tuple((code, ANSWER_LABELS[code]) for code in question.answers),
            )
        )
    return tuple(rows)
