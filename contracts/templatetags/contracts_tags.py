"""Labels and colours of verdicts, answers and deadlines, in one place for every template; a review's items."""

import functools
from html import escape as escape_text

from django import template
from django.template.defaultfilters import linebreaksbr
from django.template.defaultfilters import time as time_filter
from django.urls import reverse
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from contracts import renewal
from contracts.forms import AnswerForm
from contracts.verdicts import (
    A_AMELIORER,
    ABSENT,
    ANSWER_LABELS,
    BLOQUANT,
    CONFORME,
    NA,
    NOT_CHECKED,
    PARTIAL,
    PRESENT,
    UNKNOWN,
    VERDICT_LABELS,
)
from resilience.form_renderer import csrf_input
from resilience.navigation import url_of, url_with_id
from resilience.templatetags.french import date_html

register = template.Library()

_VERDICT_CLASSES = {
    BLOQUANT: "text-bg-danger",
    A_AMELIORER: "text-bg-warning",
    CONFORME: "text-bg-success",
    NOT_CHECKED: "text-bg-light border",
}
_ANSWER_CLASSES = {
    PRESENT: "text-bg-success",
    PARTIAL: "text-bg-warning",
    ABSENT: "text-bg-danger",
    UNKNOWN: "text-bg-secondary",
    NA: "text-bg-light border",
}
_NOTICE_CLASSES = {renewal.OK: "text-bg-success", renewal.SOON: "text-bg-warning", renewal.PASSED: "text-bg-danger"}


@register.filter
def verdict_label(verdict):
    return VERDICT_LABELS.get(verdict, "")


@register.filter
def verdict_class(verdict):
    return _VERDICT_CLASSES.get(verdict, "text-bg-light")


@register.filter
def answer_label(answer):
    return ANSWER_LABELS.get(answer, "Sans réponse")


@register.filter
def answer_class(answer):
    return _ANSWER_CLASSES.get(answer, "text-bg-light border")


@register.filter
def notice_label(status):
    return renewal.STATUS_LABELS.get(status, "")


@register.filter
def notice_class(status):
    return _NOTICE_CLASSES.get(status, "text-bg-light")


@register.filter
def item_anchor(key):
    """An HTML id for an item key (dots would need escaping in CSS selectors)."""
    return "item-" + key.replace(".", "-").replace("_", "-")


_ANSWER_BUTTONS = {
    PRESENT: "btn-outline-success",
    PARTIAL: "btn-outline-warning",
    ABSENT: "btn-outline-danger",
    UNKNOWN: "btn-outline-secondary",
    NA: "btn-outline-secondary",
}


@register.filter
def answer_button(answer):
    return _ANSWER_BUTTONS.get(answer, "btn-outline-secondary")


@register.simple_tag(takes_context=True)
def review_item(context, entry):
    """One item of a review's category page, with its answer form (`templates_before/review_item.html` in Python).

    A category shows up to a dozen items, each with five answer buttons, two fields and a CSRF token: through
    the template, ~1 ms an item of lookups, `{% translate %}` and `{% url %}`, most of the page. Reads
    `entry` (item, answer, form, anchor), `review` and `can_edit` from the page's context; the status of the
    answer is `answer_status_html`, as the htmx reply writes it too.
    `contracts/tests/test_review_item_html.py` compares it with the template it replaced.
    """
    item, answer, form, anchor = entry["item"], entry["answer"], entry["form"], esc(entry["anchor"])
    html = [f'<section class="card mb-3" id="{anchor}" aria-labelledby="{anchor}-label"><div class="card-body">']
    words = _item_words(get_language())
    essential = f' <span class="badge text-bg-danger">{words["essential"]}</span>' if item.critical else ""
    html.append(f'<h2 class="h6" id="{anchor}-label">{esc(item.label)}{essential}</h2>')
    if item.legal:
        links = ", ".join(
            f'<a href="{esc(ref.url)}" rel="noopener noreferrer" target="_blank">{esc(ref.label)}</a>' for ref in item.legal
        )
        html.append(f'<p class="small mb-2">{words["legal"]} {links}</p>')
    if context.get("can_edit"):
        html.append(_answer_form_html(context, words, item, answer, form, anchor))
    else:
        value = answer.value if answer else ""
        clause = f'<span class="small">· {esc(answer.clause_ref)}</span>' if answer and answer.clause_ref else ""
        html.append(f'<p class="mb-1"><span class="badge {esc(answer_class(value))}">{esc(answer_label(value))}</span> {clause}</p>')
        if answer and answer.note:
            html.append(f'<p class="small mb-0">{linebreaksbr(answer.note, autoescape=True)}</p>')
    html.append("</div></section>")
    return mark_safe("".join(html))


@functools.cache
def _item_words(language) -> dict:
    """The fixed words of a review item and its answer form in `language`, escaped: the same for every item."""
    fields = AnswerForm.base_fields
    return {
        "essential": gettext("Essentiel"),  # outside f-strings: makemessages
        "legal": gettext("Obligation légale :"),
        "answer": gettext("Réponse"),
        "details": gettext("Article du contrat et note"),
        "placeholder": gettext("ex. article 5.2"),
        "confirm": gettext("Confirmer cette réponse"),
        "save": gettext("Enregistrer"),
        "clause_ref": escape_text(str(fields["clause_ref"].label)),
        "note": escape_text(str(fields["note"].label)),
        # The choices and their button classes are this module's constants, written as they are; the labels escaped.
        "choices": [(choice, _ANSWER_BUTTONS[choice], escape_text(str(label))) for choice, label in fields["value"].choices],
    }


def _answer_form_html(context, words, item, answer, form, anchor) -> str:
    """The item's answer form: as `entry["form"]` shows it after a refused answer, else as the saved answer fills it
    (the fields of `AnswerForm`, written here: building a form and its widgets for each item cost most of the page)."""
    save_url = esc(reverse("contracts:answer_save", args=[context["review"].pk, item.key]))
    csrf = csrf_input(context)
    value, clause_value, note_value = _shown_answer(answer, form)
    errors = form.errors if form is not None else {}
    radios = _radios(words["choices"], anchor, value, invalid="value" in errors)
    opened = " open" if clause_value or note_value or errors else ""
    confirm = words["confirm"] if answer and not answer.checked else words["save"]
    status = answer_status_html(context["review"], answer, form)
    return (
        f'<form method="post" action="{save_url}" hx-post="{save_url}" hx-trigger="change, submit" hx-target="#{anchor}-status" hx-swap="innerHTML">'
        f"{csrf}"
        f'<fieldset><legend class="visually-hidden">{words["answer"]}</legend><div class="d-flex flex-wrap gap-2 mb-2">{radios}</div></fieldset>'
        f'<details{opened}><summary class="small">{words["details"]}</summary><div class="row g-2 mt-1">'
        f'<div class="col-sm-4"><label class="form-label small" for="id_{anchor}_clause_ref">{words["clause_ref"]}</label>'
        f'<input type="text" class="form-control form-control-sm" name="clause_ref" id="id_{anchor}_clause_ref"'
        f' value="{esc("" if clause_value is None else clause_value)}" maxlength="100" placeholder="{words["placeholder"]}"></div>'
        f'<div class="col-sm-8"><label class="form-label small" for="id_{anchor}_note">{words["note"]}</label>'
        f'<textarea class="form-control form-control-sm" name="note" id="id_{anchor}_note" rows="2" maxlength="1000">'
        f'{esc("" if note_value is None else note_value)}</textarea></div></div></details>'
        f'<div class="d-flex flex-wrap align-items-center gap-2 mt-2"><button type="submit" class="btn btn-sm btn-outline-primary">{confirm}</button>'
        f'<div id="{anchor}-status" class="small" aria-live="polite">{status}</div></div></form>'
    )


def _shown_answer(answer, form) -> tuple:
    """(answer, clause, note) as the form shows them: what was typed in a refused form, else the saved answer."""
    if form is not None:
        return form["value"].value(), form["clause_ref"].value(), form["note"].value()
    if answer is None:
        return None, None, None
    return answer.value, answer.clause_ref, answer.note


def _radios(choices, anchor, value, invalid) -> str:
    """The answer's radio buttons, as `AnswerForm`'s `RadioSelect` writes them (ids from its `auto_id`), each with its
    label; `choices`: (value, button class, escaped label) of `_item_words`."""
    aria = ' aria-invalid="true"' if invalid else ""
    return "".join(
        f'<input type="radio" name="value" value="{choice}" class="btn-check" autocomplete="off" id="id_{anchor}_value_{n}"{aria}'
        f'{" checked" if value is not None and str(value) == choice else ""}>'
        f'<label class="btn btn-sm {button}" for="id_{anchor}_value_{n}">{label}</label>'
        for n, (choice, button, label) in enumerate(choices)
    )


@register.simple_tag(takes_context=True)
def answer_status(context):
    """`{% answer_status %}`: the status of `answer` in `review`, after `form` was posted (`answer_status_html`)."""
    return answer_status_html(context["review"], context.get("answer"), context.get("form"), oob=context.get("oob"))


def answer_status_html(review, answer, form, oob=False) -> str:
    """An item's answer status (`templates_before/_answer_status.html` in Python, without the category status
    the htmx reply adds): why nothing was saved, when it was saved, or whether it was carried over or checked again.
    `contracts/tests/test_review_item_html.py` compares both."""
    if form is not None and form.errors:
        messages = "".join(f"{esc(error)} " for errors in form.errors.values() for error in errors)
        nothing_saved = gettext("Rien n'a été enregistré pour ce point.")
        return mark_safe(f'<span class="text-danger" role="alert">{messages}{nothing_saved}</span>')
    if answer is None:
        no_answer = gettext("Pas encore de réponse")
        return mark_safe(f'<span class="text-body-secondary">{no_answer}</span>')
    if oob:
        saved = gettext("Enregistré à %(time)s") % {"time": esc(time_filter(template_localtime(answer.updated_at), "H:i"))}
        value = f" : {esc(answer.get_value_display())}" if answer.value else ""
        return mark_safe(f'<span class="text-success">✓ {saved}{value}</span>')
    if not answer.checked:
        previous = review.previous.created_at if review.previous_id else None
        carried = gettext("Repris de la revue du %(date)s") % {"date": date_html(previous, "j F Y")}
        return mark_safe(f'<span class="badge text-bg-light border">{carried}</span>')
    if review.previous_id:
        checked_again = gettext("Vérifié à nouveau")
        return mark_safe(f'<span class="badge text-bg-info">{checked_again}</span>')
    saved = gettext("Enregistré le %(date)s") % {"date": date_html(answer.updated_at, "j F")}
    return mark_safe(f'<span class="text-body-secondary">{saved}</span>')


@register.simple_tag
def blocking_gaps(blocking):
    """The result page's blocking clauses (`templates_before/review_blocking.html` in Python: an unanswered review
    lists every essential clause). `contracts/tests/test_reviews.py` compares both."""
    return mark_safe("".join(
        f'<li>{esc(gap.item.label)} <span class="badge {esc(answer_class(gap.answer))}">{esc(answer_label(gap.answer))}</span></li>'
        for gap in blocking
    ))


@register.simple_tag
def category_links(review, categories):
    """The result page's ten categories, each linking to its page, with its progress and verdict
    (`templates_before/review_categories.html` in Python). `contracts/tests/test_reviews.py` compares both."""
    html = []
    for row in categories:
        result = row["result"]
        category = result.category
        url = esc(reverse("contracts:review_category", args=[review.pk, category.key]))
        progress = gettext("%(answered)s / %(total)s répondus") % {"answered": esc(row["answered"]), "total": esc(row["total"])}
        html.append(
            f'<a class="list-group-item list-group-item-action d-flex justify-content-between align-items-center gap-2" href="{url}">'
            f"<span>{esc(category.number)}. {esc(category.title)}"
            f'<span class="d-block small text-body-secondary">{progress}</span></span>'
            f'<span class="badge {esc(verdict_class(result.verdict))}">{esc(verdict_label(result.verdict))}</span></a>'
        )
    return mark_safe("".join(html))


@register.simple_tag
def contract_row(row):
    """One contract of the list page (`templates_before/contract_row.html` in Python): a few dozen lookups, two
    `{% url %}` and three translations a contract through the template. `contracts/tests/test_contracts.py` compares both."""
    contract, result, deadline = row.contract, row.result, row.deadline
    url = esc(url_with_id("contracts:detail", contract.pk))
    if result:
        badge = f'<span class="badge fs-6 {esc(verdict_class(result.verdict))}">{esc(verdict_label(result.verdict))}</span>'
    else:
        not_reviewed = gettext("Pas encore relu")
        badge = f'<span class="badge fs-6 text-bg-light border">{not_reviewed}</span>'
    reference = f" · {esc(contract.reference)}" if contract.reference else ""
    html = [
        '<li class="card mb-3"><div class="card-body"><div class="d-flex flex-wrap justify-content-between gap-2">'
        f'<h2 class="h5 mb-1"><a href="{url}">{esc(contract.provider)}</a></h2>{badge}</div>'
        f'<div class="small text-body-secondary mb-2">{esc(contract.get_kind_display())}{reference}</div>'
    ]
    if result:
        score = "–" if result.score is None else result.score
        sentence = gettext("Conformité : %(score)s %% (revue du %(date)s)") % {
            "score": esc(score), "date": date_html(contract.latest_reviewed_at, "j F Y"),
        }
        html.append(f'<p class="mb-1">{sentence}</p>')
    if deadline:
        sentence = gettext("Dernier jour pour résilier : %(date)s") % {"date": date_html(deadline.last_day, "j F Y")}
        html.append(
            f'<p class="mb-1">{sentence} <span class="badge {esc(notice_class(deadline.status))}">{esc(notice_label(deadline.status))}</span></p>'
        )
    elif contract.notice_period_missing:
        missing = gettext("Reconduction tacite : indiquez le préavis pour connaître le dernier jour pour résilier.")
        html.append(f'<p class="mb-1 small">{missing}</p>')
    open_label = gettext("Ouvrir")
    html.append(f'<a class="btn btn-outline-primary mt-2" href="{url}">{open_label}</a></div></li>')
    return mark_safe("".join(html))


@register.simple_tag
def contracts_panel(panel):
    """The dashboard's contracts panel (`templates_before/dashboard_panel.html` in Python; the dashboard shows
    it on every visit, with a link per contract to relire). `contracts/tests/test_dashboard.py` compares both."""
    blocking, unreviewed, next_deadline = panel["blocking"], panel["unreviewed"], panel["next_deadline"]
    border = " border-warning" if blocking or panel["soon"] else ""
    title, blocking_label, see_all = gettext("Contrats informatiques"), gettext("Bloquant"), gettext("Voir les contrats")
    html = [
        f'<section class="card h-100{border}" aria-labelledby="contracts-panel-title"><div class="card-body">'
        f'<h2 id="contracts-panel-title" class="h5 card-title">{title}</h2>'
    ]
    if blocking:
        n = len(blocking)
        heading = ngettext("Un contrat a un point bloquant :", "%(n)s contrats ont un point bloquant :", n) % {"n": n}
        badge = f' <span class="badge text-bg-danger">{blocking_label}</span>'
        html.append(f'<p class="mb-1">{heading}</p><ul>{_contract_links(blocking, badge)}</ul>')
    if unreviewed:
        n = len(unreviewed)
        heading = ngettext("Un contrat n'a pas encore été relu :", "%(n)s contrats n'ont pas encore été relus :", n) % {"n": n}
        html.append(f'<p class="mb-1">{heading}</p><ul>{_contract_links(unreviewed, "")}</ul>')
    if next_deadline:
        deadline = next_deadline["deadline"]
        sentence = gettext("Dernier jour pour résilier %(name)s : %(date)s") % {
            "name": esc(next_deadline["contract"].provider), "date": date_html(deadline.last_day, "j F Y"),
        }
        html.append(
            f'<p>{sentence} <span class="badge {esc(notice_class(deadline.status))}">{esc(notice_label(deadline.status))}</span></p>'
        )
    for contract in panel["hds"]:
        sentence = gettext(
            "Certificat HDS de %(name)s : fin de validité le %(date)s. Demandez le nouveau certificat."
        ) % {"name": esc(contract.provider), "date": date_html(contract.hds_expires_on, "j F Y")}
        html.append(f'<p class="mb-1">{sentence}</p>')
    html.append(
        f'<a class="btn btn-outline-primary mt-2" href="{esc(url_of("contracts:list"))}">{see_all}</a>'
        "</div></section>"
    )
    return mark_safe("".join(html))


def _contract_links(contracts, badge) -> str:
    return "".join(
        f'<li><a href="{esc(url_with_id("contracts:detail", contract.pk))}">{esc(contract.provider)}</a>{badge}</li>'
        for contract in contracts
    )
