"""The form renderer (`FORM_RENDERER`): Django's widget templates, the most used ones written in Python.

Django renders every widget through templates: an `<input>` is `text.html`, which includes
`input.html`, which includes `attrs.html` and loops over the attributes (~0.1 ms an input); a
radio button or a `<select>` option goes through two or three more templates each, so a page of
thirty radio buttons spent a third of its time there. The inputs, text areas, selects and
radio / checkbox lists are built here instead, character for character as Django's templates
build them (`resilience/tests/test_form_renderer.py` compares both for every widget); every
other template, and any option with a template of its own, still goes through Django's.
"""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"


def text(value) -> str:
    """`{{ value }}` in a template: localised, then escaped unless marked safe."""
    if type(value) is str:  # most names, labels and values: nothing to localise (html.escape is Django's escape)
        return html.escape(value)
    return conditional_escape(localize(template_localtime(value)))


def formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: `stringformat` is a safe filter, so a safe value stays unescaped."""
    if type(value) is str:
        return html.escape(value)
    try:
        string = "%s" % value
    except (ValueError, TypeError):
        return ""
    return string if isinstance(value, SafeData) else escape(string)


def csrf_input(context) -> str:
    """`{% csrf_token %}`, for the forms written in Python: nothing when the context has no token."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


def attrs(widget) -> str:
    """`attrs.html`."""
    return "".join(
        f" {text(name)}" + ("" if value is True else f'="{formatted(value)}"')
        for name, value in widget["attrs"].items()
        if value is not False
    )


def input_tag(widget) -> str:
    """`input.html`, with its file's final newline."""
    value = f' value="{formatted(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{value}{attrs(widget)}>\n'


def input_option(widget) -> str:
    """`input_option.html`, included by `radio_option.html` and `checkbox_option.html`."""
    if not widget["wrap_label"]:
        return input_tag(widget) + "\n"
    for_id = f' for="{text(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    return f"<label{for_id}>{input_tag(widget)} {text(widget['label'])}</label>\n"


def select_option(widget) -> str:
    return f'<option value="{formatted(widget["value"])}"{attrs(widget)}>{text(widget["label"])}</option>\n'


# Option templates as the widgets include them (`{% include option.template_name %}`), each file's newline added.
OPTIONS = {
    WIDGETS + "select_option.html": select_option,
    WIDGETS + "radio_option.html": lambda option: input_option(option) + "\n",
    WIDGETS + "checkbox_option.html": lambda option: input_option(option) + "\n",
}


def _options_known(widget) -> bool:
    return all(
        option["template_name"] in OPTIONS for _, options, _ in widget["optgroups"] for option in options
    )


def select(widget) -> str:
    html = [f'<select name="{text(widget["name"])}"{attrs(widget)}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{text(group_name)}">')
        html.extend("\n  " + OPTIONS[option["template_name"]](option) for option in options)
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def multiple_input(widget) -> str:
    """`multiple_input.html`: the radio buttons of a `RadioSelect`, the boxes of a `CheckboxSelectMultiple`."""
    widget_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    html = [
        "<div"
        + (f' id="{text(widget_id)}"' if widget_id else "")
        + (f' class="{text(css_class)}"' if css_class else "")
        + ">"
    ]
    for group, options, _ in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{text(group)}</label>")
        html.extend(f"<div>\n    {OPTIONS[option['template_name']](option)}</div>" for option in options)
        if group:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


def textarea(widget) -> str:
    value = text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{text(widget["name"])}"{attrs(widget)}>\n{value}</textarea>'


INPUT_TEMPLATES = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
                   "checkbox", "tel", "search", "color")
BUILT = {WIDGETS + f"{name}.html": input_tag for name in INPUT_TEMPLATES} | {
    WIDGETS + "textarea.html": textarea,
    WIDGETS + "select.html": select,
    WIDGETS + "radio.html": multiple_input,
    WIDGETS + "checkbox_select.html": multiple_input,
} | OPTIONS  # an option alone: `{{ radio.tag }}` in a template looping over a field's radio buttons
WITH_OPTIONS = {select, multiple_input}


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        build = BUILT.get(template_name)
        widget = context.get("widget")
        if build is None or widget is None or (build in WITH_OPTIONS and not _options_known(widget)):
            return super().render(template_name, context, request)
        # Django's renderer strips the template's output: the final newline goes.
        return build(widget).strip()
