from django import template

from resilience.cabinet_names import in_phrase

register = template.Library()


@register.filter
def cabinet_phrase(name, form="du"):
    """{{ cabinet.name|cabinet_phrase:"du" }} -> « du cabinet Dupont » or « du Cabinet démo »."""
    return in_phrase(str(name), form)
