"""Small template helpers of the kit pages."""

from django import template
from django.urls import reverse

from kit.printables import SHEET_URL_NAMES

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
