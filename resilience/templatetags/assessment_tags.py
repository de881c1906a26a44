"""A question of the self-assessment's theme page, written in Python.

A theme page shows up to a dozen questions of four or five answer buttons each; through the template,
each button cost its own lookups and escaping, most of the page. `resilience/tests/test_assessment_html.py`
compares it with the template it replaced (`resilience/tests/templates_before/theme_question.html`).
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def assessment_question(row, form_prefix, answer_url):
    key, name, url = esc(row.question.key), esc(form_prefix), esc(answer_url)
    buttons = []
    for raw_code, label in row.choices:
        code, checked = esc(raw_code), " checked" if row.current == raw_code else ""
        buttons.append(
            f'<input type="radio" class="btn-check" name="{name}-{key}" id="q-{key}-{code}" value="{code}" autocomplete="off"{checked}'
            f" hx-post=\"{url}\" hx-vals='{{\"question\": \"{key}\", \"answer\": \"{code}\"}}'>"
            f'<label class="btn btn-outline-primary answer-{code}" for="q-{key}-{code}">{esc(label)}</label>'
        )
    previous = ""
    if row.previous_label:
        before = gettext("Réponse précédente :")  # outside the f-string, where makemessages finds it
        previous = (
            f'<span class="text-body-secondary" data-testid="previous-answer">{before} '
            f"<strong>{esc(row.previous_label)}</strong></span>"
        )
    return mark_safe(
        f'<div class="card mb-3"><fieldset class="card-body question" id="question-{key}" hx-target="#saved-{key}">'
        f'<legend class="h6 fw-semibold mb-1">{esc(localize(row.number))}. {esc(row.question.text)}</legend>'
        f'<p class="small text-body-secondary mb-2">{esc(row.question.why)}</p>'
        f'<div class="answers d-flex flex-wrap gap-2">{"".join(buttons)}</div>'
        f'<div class="d-flex flex-wrap gap-2 mt-2 small">{previous}'
        f'<span id="saved-{key}" class="save-status ms-auto" role="status" aria-live="polite"></span></div>'
        "</fieldset></div>"
    )
