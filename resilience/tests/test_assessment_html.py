"""`{% assessment_question %}` writes what the theme page's question loop wrote as a template (whitespace between tags aside)."""

from pathlib import Path

from django.template import engines

from resilience.assessment.progress import question_rows
from resilience.assessment.questionnaire import get_questionnaire
from resilience.tests.html_support import squeeze

BEFORE = Path(__file__).parent / "templates_before" / "theme_question.html"
AFTER = "{% load assessment_tags %}{% assessment_question row form_prefix answer_url %}"


def test_every_question_of_every_theme_is_written_as_the_template_wrote_it():
    questionnaire = get_questionnaire()
    before, after = engines["django"].from_string(BEFORE.read_text()), engines["django"].from_string(AFTER)
    keys = [question.key for question in questionnaire.questions]
    codes = ("yes", "no", "partial", "unknown", "na")
    states = [
        ({}, {}),  # nothing answered, no previous assessment
        ({key: codes[n % 5] for n, key in enumerate(keys)}, {}),  # every answer, some not offered by their question
        ({key: "no" for key in keys[::2]}, {key: codes[n % 5] for n, key in enumerate(keys)}),  # and previous answers
    ]
    compared = checked = shown_previous = 0
    for answers, previous in states:
        for theme in questionnaire.themes:
            for row in question_rows(questionnaire, theme.key, answers, previous):
                context = {"row": row, "form_prefix": "q", "answer_url": "/autodiagnostic/7/reponse/?a=1&b=<2>"}
                expected = squeeze(before.render(context))
                assert squeeze(after.render(context)) == expected, row.question.key
                compared += 1
                checked += " checked " in expected or " checked>" in expected
                shown_previous += 'data-testid="previous-answer"' in expected
    assert compared == 3 * len(keys) and checked > len(keys) and shown_previous > 0
