"""The self-assessment's hot HTML written in Python: a question of a theme page, the dashboard panel, the score history.

A theme page shows up to a dozen questions of four or five answer buttons each; through the template,
each button cost its own lookups and escaping, most of the page; the dashboard shows the panel on every
visit. `resilience/tests/test_assessment_html.py` compares each with the template it replaced
(`resilience/tests/templates_before/theme_question.html`, `assessment_panel.html`, `history_chart.html`).
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from resilience.navigation import url_of, url_with_id
from resilience.templatetags.french import date_html

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


def _plain(value) -> str:
    """`{{ value }}` inside `{% localize off %}`: numbers as Python writes them, escaped."""
    return esc(localize(value, use_l10n=False))


@register.simple_tag
def history_chart(chart, chart_id):
    """The score history as SVG bars (`resilience.assessment.charts.history_chart`), on the dashboard and the overview."""
    chart_id, width, baseline = esc(chart_id), _plain(chart.width), _plain(chart.baseline)
    title = gettext("Score global de vos autodiagnostics, sur 100")
    html = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_plain(chart.height)}" width="{width}"'
        f' height="{_plain(chart.height)}" font-family="DejaVu Sans, system-ui, sans-serif" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{title}</title><desc id="{chart_id}-desc">{_plain(chart.description)}</desc>'
        f'<line x1="0" x2="{width}" y1="{_plain(chart.top)}" y2="{_plain(chart.top)}" stroke="#ced4da" stroke-dasharray="4 4"/>'
        f'<line x1="0" x2="{width}" y1="{baseline}" y2="{baseline}" stroke="#6c757d"/>'
    ]
    for bar in chart.bars:
        centre, y = _plain(bar.centre), _plain(bar.y)
        html.append("<g>")
        if bar.score:
            html.append(
                f'<rect x="{_plain(bar.x)}" y="{y}" width="{_plain(bar.width)}" height="{_plain(bar.height)}" rx="3" fill="{_plain(bar.fill)}"/>'
            )
        html.append(
            f'<text x="{centre}" y="{y}" dy="-5" text-anchor="middle" font-size="13" font-weight="bold" fill="#212529">{_plain(bar.text)}</text>'
        )
        html.extend(
            f'<text x="{centre}" y="{baseline}" dy="{27 if number else 14}" text-anchor="middle" font-size="11" fill="#495057">{_plain(line)}</text>'
            for number, line in enumerate(bar.label_lines)
        )
        html.append("</g>")
    html.append("</svg>")
    return mark_safe("".join(html))


@register.simple_tag
def assessment_panel(panel):
    """The dashboard's self-assessment panel (`resilience.assessment.panel`): the latest score, open priorities, history."""
    title = gettext("Autodiagnostic")
    html = [
        '<section class="card h-100" aria-labelledby="assessment-panel-title" data-testid="assessment-panel"><div class="card-body">'
        f'<h2 id="assessment-panel-title" class="h5 card-title">{title}</h2>'
    ]
    latest, home = panel["latest"], esc(url_of("resilience:assessment_home"))
    if latest:
        html.append(_latest_score(latest, panel["previous_score"]))
        if panel["priorities"]:
            heading = gettext("Vos priorités en cours")
            html.append(f'<h3 class="h6 fw-semibold">{heading}</h3><ul class="list-unstyled mb-3" data-testid="open-priorities">')
            html.extend(_priority(item, action) for item, action, _url in panel["priorities"])
            html.append("</ul>")
        else:
            done = gettext("Les six actions prioritaires sont faites ou décidées. Bravo !")
            html.append(f'<p class="small">{done}</p>')
        history, plan = gettext("Historique du score"), gettext("Voir le plan d'action")
        result = esc(url_with_id("resilience:assessment_result", latest.pk))
        if panel["current"]:
            again = gettext("Reprendre l'autodiagnostic en cours")
            again = f'<a class="btn btn-primary" href="{home}">{again}</a>'
        else:
            again = gettext("Refaire l'autodiagnostic")
            again = f'<a class="btn btn-outline-secondary" href="{home}">{again}</a>'
        html.append(
            f'<h3 class="h6 fw-semibold">{history}</h3>{history_chart(panel["history_chart"], "dashboard-history")}'
            f'<div class="d-flex flex-wrap gap-2 mt-2"><a class="btn btn-outline-primary" href="{result}">{plan}</a>{again}</div>'
        )
    elif panel["current"]:
        going, resume = gettext("Un autodiagnostic est en cours."), gettext("Reprendre l'autodiagnostic")
        html.append(f'<p>{going}</p><a class="btn btn-primary" href="{home}">{resume}</a>')
    else:
        what = gettext("Une soixantaine de questions simples pour savoir où le cabinet est fragile et quoi faire en premier.")
        start = gettext("Faire l'autodiagnostic")
        html.append(f'<p>{what}</p><a class="btn btn-primary" href="{home}">{start}</a>')
    html.append("</div></section>")
    return mark_safe("".join(html))


def _latest_score(latest, previous_score) -> str:
    score = "–" if latest.score is None else esc(localize(latest.score))
    when = gettext("au %(date)s") % {"date": date_html(latest.finished_at, "j F Y")}
    before = ""
    if previous_score is not None and latest.score is not None:
        label = gettext("avant :")
        before = f'<span class="small">({label} {esc(localize(previous_score))})</span>'
    return (
        f'<p class="mb-2"><span class="score-inline fw-bold" data-testid="dashboard-score">{score}/100</span>'
        f'<span class="small text-body-secondary">{when}</span>{before}</p>'
    )


def _priority(item, action) -> str:
    late = ""
    if item.is_late:
        label = gettext("En retard")
        late = f'<span class="badge text-bg-danger" data-testid="late">{label}</span> '
    owner = f" · {esc(item.owner.user.display_name)}" if item.owner else ""
    due = ""
    if item.due_date:
        due = " · " + gettext("pour le %(date)s") % {"date": date_html(item.due_date, "j F Y")}
    return (
        f'<li class="py-1 border-bottom"><a href="{esc(url_with_id("resilience:action_edit", item.pk))}">{esc(action.title)}</a>'
        f'<div class="small text-body-secondary">{late}<span class="badge status-{esc(item.status)}">{esc(item.get_status_display())}</span>'
        f"{owner}{due}</div></li>"
    )
