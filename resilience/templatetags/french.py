"""Builtin template filters (see TEMPLATES["OPTIONS"]["builtins"]): `date` written the French way."""

from django import template
from django.template import defaultfilters
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime

from resilience.french_dates import french_format, resolve

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter, with « 1er juin » and « 30 nov. » (see resilience.french_dates)."""
    if value in (None, ""):
        return ""
    if hasattr(value, "month"):  # already in local time (expects_localtime)
        return defaultfilters.date(value, french_format(resolve(arg), value))
    return defaultfilters.date(value, arg)


def date_html(value, format_string: str) -> str:
    """`{{ value|date:"…" }}` for HTML written in Python: in local time, the French way, escaped ("" for None)."""
    return conditional_escape(date(template_localtime(value), format_string))
