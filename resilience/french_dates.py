"""Dates written the French way, whatever format string a template or the code passes.

Django writes « 1 juin » and « 30 Nov. » (its `M` is the title-cased English-style abbreviation).
French writes « 1er juin » and « 30 nov. ». `french_format` rewrites a date format before Django
applies it: the first of the month becomes « 1er » when a month name follows, and `M` becomes the
French abbreviation. The `date` template filter (a builtin, see `resilience.templatetags.french`)
goes through it, so every template gets it without changing one line.
"""

import re

from django.utils import formats
from django.utils.translation import get_language

# The abbreviations of the Imprimerie nationale's rules, as French calendars print them.
MONTH_ABBREVIATIONS = {
    1: "janv.", 2: "févr.", 3: "mars", 4: "avr.", 5: "mai", 6: "juin",
    7: "juil.", 8: "août", 9: "sept.", 10: "oct.", 11: "nov.", 12: "déc.",
}
# `j` (day of the month) followed by a space and a month name or abbreviation: `F`, `M`, `E`, `N`.
DAY_BEFORE_MONTH = re.compile(r"(?<!\\)j(?=\s+(?:[FMEN]))")
SHORT_MONTH = re.compile(r"(?<!\\)M")


def literal(text: str) -> str:
    """Escape every character, so that Django's date format prints it as it is."""
    return "".join("\\" + character for character in text)


def french_format(format_string: str, value) -> str:
    if not (get_language() or "").startswith("fr") or not hasattr(value, "month"):
        return format_string
    if value.day == 1:
        format_string = DAY_BEFORE_MONTH.sub(lambda match: literal("1er"), format_string)
    return SHORT_MONTH.sub(lambda match: literal(MONTH_ABBREVIATIONS[value.month]), format_string)


def resolve(format_name) -> str:
    """A named format (DATE_FORMAT…) becomes its format string; a format string stays as it is."""
    return formats.get_format(format_name or "DATE_FORMAT")


def date_format(value, format_name=None) -> str:
    """`django.utils.formats.date_format` the French way, for dates written by Python code."""
    return formats.date_format(value, french_format(resolve(format_name), value))
