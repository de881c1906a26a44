"""`{% fixed_url "name" %}`: `{% url %}` for the layout's URL names without arguments, reversed once per process."""

from django import template

from resilience.navigation import url_of

register = template.Library()


@register.simple_tag
def fixed_url(url_name: str) -> str:
    return url_of(url_name)
