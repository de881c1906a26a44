"""Labels and colours of verdicts, answers and deadlines, in one place for every template."""

from django import template

from contracts import renewal
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
