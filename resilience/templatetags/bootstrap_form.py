"""`{% bootstrap_whole_form %}` and `{% bootstrap_uni_form %}`: crispy-bootstrap5's `whole_uni_form.html`
(`{% crispy form %}`) and `uni_form.html` (`|crispy`), written in Python by `resilience.layout`; the
project's `templates/bootstrap5/` versions of those two templates call them."""

from django import template

from resilience.layout import uni_form, whole_form

register = template.Library()


@register.simple_tag(takes_context=True)
def bootstrap_whole_form(context):
    return whole_form(context)


@register.simple_tag(takes_context=True)
def bootstrap_uni_form(context):
    return uni_form(context)
