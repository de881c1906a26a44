"""Small template helpers of the kit pages."""

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from kit.printables import SHEET_URL_NAMES
from kit.scaling import Status

register = template.Library()


@register.filter
def sheet_url(printable: str) -> str:
    """The URL printing a printable line's sheet. Only printable ids have one: an order line never does."""
    return reverse(SHEET_URL_NAMES[printable])


# The catalogue's units are singular French nouns; these are their irregular plurals.
IRREGULAR_PLURALS = {"jeu": "jeux"}


@register.filter
def count_of(number, unit: str) -> str:
    """`3|count_of:"liasse"` → "3 liasses"; 1 stays singular, as 0 does in French."""
    if isinstance(number, int) and number > 1:
        unit = IRREGULAR_PLURALS.get(unit, unit + "s")
    return f"{number} {unit}"


# `kit/_quantities.html` and `kit/_holdings.html` call these: the kit page shows one per catalogue line (~40),
# and through the template each cost ~0.2 ms of lookups and translations. Same HTML (whitespace between
# tags aside): `kit/tests/test_quantities_html.py` compares them with the templates they replaced.


@register.simple_tag(takes_context=True)
def kit_quantities(context):
    """A line's target, what is in stock (or each prescriber's), and a badge: complete, short or missing."""
    return mark_safe(quantities_html(context["row"]))


@register.simple_tag(takes_context=True)
def kit_holdings(context):
    """One prescriber's own count after another: « Dr Martin (médecin 1) : 3 · médecin 2 : 0, manque 1 »."""
    return mark_safe(holdings_html(context["row"]))


def _number(value) -> str:
    """`{{ value }}` of a number: localized, escaped."""
    return esc(str(formats.localize(value)))


def quantities_html(row) -> str:
    # gettext() stays outside the f-strings: makemessages (xgettext) does not read calls inside them.
    target, unit = row.target, row.line.unit
    if target.minimum == target.recommended:
        wanted = esc(count_of(target.minimum, unit))
    else:
        wanted = gettext("de %(a)s à %(b)s") % {"a": _number(target.minimum), "b": esc(count_of(target.recommended, unit))}
    html = ['<span class="small">' + gettext("Cible :") + f" {wanted}"]
    if row.line.per_cabinet:
        html.append(" " + gettext("pour le cabinet"))
    html.append("</span><br>")
    if row.per_prescriber:
        html.append("<span>" + gettext("Chaque prescripteur a son stock :") + f" <strong>{holdings_html(row)}</strong></span>")
        if row.unchecked:
            moved = gettext("Le stock commun d'avant a été reporté sur le premier prescripteur : à vérifier sur la page des stocks.")
            html.append(f'<br><span class="text-warning-emphasis small">{moved}</span>')
    else:
        on_hand = _number(row.on_hand) if row.counted else gettext("pas encore compté")
        html.append("<span>" + gettext("En stock :") + f" <strong>{on_hand}</strong></span>")
    status = row.shortfall.status
    if status == Status.MISSING:
        html.append('<span class="badge text-bg-danger">' + gettext("Manquant") + "</span>")
    elif row.per_prescriber and row.prescribers_short:
        short = len(row.prescribers_short)
        text = ngettext("%(n)s prescripteur sous le minimum", "%(n)s prescripteurs sous le minimum", short) % {"n": _number(short)}
        html.append(f'<span class="badge text-bg-danger">{text}</span>')
    elif status == Status.BELOW_MINIMUM:
        text = gettext("Il en manque %(n)s pour le minimum") % {"n": _number(row.shortfall.to_minimum)}
        html.append(f'<span class="badge text-bg-danger">{text}</span>')
    elif status == Status.BELOW_RECOMMENDED:
        text = gettext("%(n)s de moins que conseillé") % {"n": _number(row.shortfall.to_recommended)}
        html.append(f'<span class="badge text-bg-warning">{text}</span>')
    else:
        html.append('<span class="badge text-bg-success">' + gettext("Complet") + "</span>")
    return "".join(html)


def holdings_html(row) -> str:
    parts = []
    for holding in row.holdings:
        count = _number(holding.on_hand) if holding.counted else gettext("pas compté")
        part = f"{esc(holding.title)} : {count}"
        if holding.below_minimum:
            part += " (" + gettext("manque %(n)s") % {"n": _number(holding.shortfall.to_minimum)} + ")"
        parts.append(part)
    return " · ".join(parts)
