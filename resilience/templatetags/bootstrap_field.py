"""`{% bootstrap_field %}`: crispy-bootstrap5's `field.html`, written in Python (the HTML is the same).

crispy-bootstrap5 renders each field through four templates (`field.html`, then
`help_text_and_errors.html` and its two includes) and a dozen filters asking
the widget its kind: ~0.4 ms per field, most of a form page's time, while the
product's forms only ever take three or four of its branches. The project's
`templates/bootstrap5/field.html` calls this tag instead, which builds the same
HTML (whitespace aside) from the same context variables: the field, the
helper's `form_show_labels`, `form_show_errors`, `help_text_inline`,
`error_text_inline`, `form_class`, `label_class`, `field_class`,
`wrapper_class`, `tag` and `bootstrap_checkbox_offsets`. Radio buttons and
checkbox lists are written here too (`layout/radio_checkbox_select.html`, which
included `attrs.html` for each option: ~0.1 ms an option, 35 on a contract
review page); file inputs keep crispy's own template. The widget gets
the classes `{% crispy_field %}` gives it: its class name, lower-cased through
`CRISPY_CLASS_CONVERTERS`, then Bootstrap's, and `is-invalid` on errors.
`resilience/tests/test_bootstrap_field.py` compares both for every kind of field.
"""

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django import forms, template
from django.conf import settings
from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe

register = template.Library()

BOOTSTRAP_CLASS = {"checkbox": "form-check-input", "select": "form-select", "input": "form-control"}
# Rendered by crispy-bootstrap5's own templates, inside the field's wrapper.
OWN_TEMPLATE = {"file": "bootstrap5/layout/field_file.html"}


def kind_of(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return "choices"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


def add_classes(field, classes: str) -> None:
    """`{% crispy_field field 'class' classes %}`: the widget's class name, then `classes`, each once."""
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    widget = field.field.widget
    for sub in getattr(widget, "widgets", [getattr(widget, "widget", widget)]):
        class_name = sub.__class__.__name__.lower()
        class_name = converters.get(class_name, class_name)
        css_class = sub.attrs.get("class", "")
        if css_class:
            if css_class.find(class_name) == -1:
                css_class += " %s" % class_name
        else:
            css_class = class_name
        present = css_class.split()
        sub.attrs["class"] = css_class + "".join(" " + name for name in classes.split() if name not in present)


def _required(field) -> str:
    return ' requiredField' if field.field.required else ""


def _asterisk(field) -> str:
    return '<span class="asteriskField">*</span>' if field.field.required else ""


def help_and_errors(field, context) -> str:
    """crispy-bootstrap5's `layout/help_text_and_errors.html` and its includes."""
    help_inline, error_inline = context.get("help_text_inline"), context.get("error_text_inline")
    help_text, auto_id = field.help_text, field.auto_id
    html = []
    if help_inline and not error_inline and help_text:
        html.append(f'<span id="{esc(auto_id)}_helptext" class="form-text">{help_text}</span>')
    if context.get("form_show_errors") and field.errors:
        element = "span" if error_inline else "p"
        html.append(f'<div id="{esc(field.errors.field_id)}_error" class="invalid-feedback">')
        for number, error in enumerate(field.errors, start=1):
            html.append(f'<{element} id="error_{number}_{esc(auto_id)}"><strong>{esc(error)}</strong></{element}>')
        html.append("</div>")
    if not help_inline and help_text:
        helptext_id = f'id="{esc(auto_id)}_helptext" ' if auto_id else ""
        html.append(f'<div {helptext_id}class="form-text">{help_text}</div>')
    return "".join(html)


def _label(field, context, horizontal: bool) -> str:
    fieldset = field.use_fieldset
    element = "legend" if fieldset else "label"
    html = []
    if fieldset:
        described = field.aria_describedby
        html.append(
            "<fieldset"
            + (' class="row"' if horizontal else "")
            + (f' aria-describedby="{esc(described)}"' if described else "")
            + ">"
        )
    label_class = context.get("label_class")
    html.append(
        f"<{element} "
        + (f'for="{esc(field.id_for_label)}" ' if field.id_for_label else "")
        + 'class="'
        + ("col-form-label pt-0" if horizontal else "form-label")
        + (f" {esc(label_class)}" if label_class else "")
        + _required(field)
        + (" fs-6" if fieldset else "")
        + f'">{esc(field.label)}{_asterisk(field)}</{element}>'
    )
    return "".join(html)


def _unlocalize(value) -> str:
    """`{{ value|unlocalize }}`."""
    return esc(str(formats.localize(value, use_l10n=False)))


def _attributes(attrs: dict) -> str:
    """crispy-bootstrap5's `layout/attrs.html`: ` name="value"`, ` name` for True, nothing for False."""
    return "".join(
        f" {esc(name)}" + ("" if value is True else f'="{esc("%s" % (value,))}"')
        for name, value in attrs.items()
        if value is not False
    )


def _errors_block(field) -> str:
    return (
        f'<div id="{esc(field.errors.field_id)}_error" class="invalid-feedback">'
        + "".join(
            f'<p id="error_{number}_{esc(field.auto_id)}"><strong>{esc(error)}</strong></p>'
            for number, error in enumerate(field.errors, start=1)
        )
        + "</div>"
    )


def choices(field, context) -> str:
    """crispy-bootstrap5's `layout/radio_checkbox_select.html` and its includes: one `form-check` per option."""
    field_class, flat_attrs, inline_class = (context.get(name) for name in ("field_class", "flat_attrs", "inline_class"))
    errors = field.errors
    html = [
        "<div "
        + (f'class="{esc(field_class)}"' if field_class else "")
        + (f" {esc(flat_attrs)}" if flat_attrs else "")
        + ">"
    ]
    groups = optgroups(field)
    input_class = "form-check-input" + (" is-invalid" if errors else "")
    for group_number, (group, options, _) in enumerate(groups, start=1):
        if group:
            html.append(f"<strong>{esc(group)}</strong>")
        for number, option in enumerate(options, start=1):
            html.append(
                f'<div class="form-check{" form-check-inline" if inline_class else ""}">'
                f'<input type="{esc(option["type"])}" class="{input_class}"  name="{esc(field.html_name)}"'
                f' value="{_unlocalize(option["value"])}" {_attributes(option["attrs"])}>'
                f'<label for="{esc(option["attrs"].get("id", ""))}" class="form-check-label">{_unlocalize(option["label"])}</label>'
            )
            last = number == len(options) and group_number == len(groups)
            if errors and last and not inline_class and context.get("form_show_errors"):
                html.append(_errors_block(field))
            html.append("</div>")
    html.append("</div>")
    if errors and inline_class:
        html.append(_errors_block(field))
    if field.help_text:
        if context.get("help_text_inline"):
            html.append(f'<span id="{esc(field.auto_id)}_helptext" class="form-text">{field.help_text}</span>')
        else:
            helptext_id = f'id="{esc(field.auto_id)}_helptext" ' if field.auto_id else ""
            html.append(f'<div {helptext_id}class="form-text">{field.help_text}</div>')
    return "".join(html)


def _text(value):
    return str(value) if isinstance(value, Promise) else value


def _own_template(kind: str, context) -> str:
    return context.template.engine.get_template(OWN_TEMPLATE[kind]).render(context)


def render_field(field, context) -> str:
    if field.is_hidden:
        return str(field)
    # A lazy label or help text is translated again each time it is read, three or four times below:
    # once is enough (the bound field is this form's own, built for this request).
    field.label, field.help_text = _text(field.label), _text(field.help_text)
    kind = kind_of(field.field.widget)
    checkbox = kind == "checkbox"
    show_labels = context.get("form_show_labels")
    horizontal = "form-horizontal" in (context.get("form_class") or "")
    tag = context.get("tag")
    label_class, field_class, wrapper_class = (context.get(name) for name in ("label_class", "field_class", "wrapper_class"))
    if kind not in OWN_TEMPLATE and kind != "choices":
        add_classes(field, BOOTSTRAP_CLASS[kind] + (" is-invalid" if field.errors else ""))
    html = []
    outer = checkbox and tag != "td"
    if outer:
        html.append(f'<div class="mb-3{" row" if horizontal else ""}">')
        if label_class:
            offsets = "".join(
                f"{esc(offset[7:14])}{esc(offset[4:7])}{esc(offset[14:16])} "
                for offset in context.get("bootstrap_checkbox_offsets") or ()
            )
            html.append(f'<div class="{offsets}{esc(field_class or "")}">')
    wrapper_tag = esc(tag) if tag else "div"
    css_classes = field.css_classes()
    html.append(
        f'<{wrapper_tag} id="div_{esc(field.auto_id)}" class="'
        + ("form-check" if checkbox and show_labels else "mb-3" + (" row" if horizontal else ""))
        + (f" {esc(wrapper_class)}" if wrapper_class else "")
        + (f" {esc(css_classes)}" if css_classes else "")
        + '">'
    )
    if field.label and not checkbox and show_labels:
        html.append(_label(field, context, horizontal))
    if kind == "choices":
        html.append(choices(field, context))
    elif checkbox and show_labels:
        html.append(str(field))
        html.append(
            f'<label for="{esc(field.id_for_label)}" class="form-check-label{_required(field)}">'
            f"{esc(field.label)}{_asterisk(field)}</label>"
        )
        html.append(help_and_errors(field, context))
    else:
        if field_class:
            html.append(f'<div class="{esc(field_class)}">')
        if kind == "file":
            html.append(_own_template(kind, context))
        else:
            html.append(str(field))
            html.append(help_and_errors(field, context))
        if field_class:
            html.append("</div>")
    if field.use_fieldset and field.label and show_labels:
        html.append("</fieldset>")
    html.append(f"</{wrapper_tag}>")
    if outer:
        if label_class:
            html.append("</div>")
        html.append("</div>")
    return "".join(html)


@register.simple_tag(takes_context=True)
def bootstrap_field(context):
    return mark_safe(render_field(context["field"], context))
