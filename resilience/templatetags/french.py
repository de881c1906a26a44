"""Builtin template filters (see TEMPLATES["OPTIONS"]["builtins"]): `date` written the French way."""

from django import template
from django.template import defaultfilters

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
