"""crispy-forms' layout objects and whole-form templates, written in Python (the HTML is crispy-bootstrap5's).

crispy renders each field of a layout through `utils.render_field`, which copies the whole page
context (`context.flatten()`) and renders `bootstrap5/field.html` with it, and each layout object
(`Fieldset`, `Row`, `Column`, `Div`, `HTML`) renders its own template the same way: on the
cabinet's form (15 fields, a fieldset, a row of nine columns) that machinery cost more than the
fields themselves. Two documented extension points of crispy are used:

- layout objects are any object with `render(form, context, template_pack, **kwargs)`: the
  subclasses below write their crispy-bootstrap5 template in Python and give each field name
  straight to `bootstrap_field.render_field` (keeping crispy's bookkeeping: `form.rendered_fields`,
  `layout_object.bound_fields`). The product's forms declare their layout with them.
- a template pack's templates can be overridden by the project: `templates/bootstrap5/
  whole_uni_form.html` (`{% crispy form %}`) and `uni_form.html` (`|crispy`) call the tags of
  `bootstrap_field`, which build `whole_form` / `uni_form` below (with `display_form.html`,
  `errors.html`, `inputs.html` and `layout/baseinput.html`).

Anything unusual keeps crispy's own path: another template pack or template, a helper's
`field_template`, `Field` objects and their attributes, file inputs, unknown names, a legend or an
`HTML` holding template syntax. `resilience/tests/test_layout.py` compares both on every form of
the product, unbound and bound with errors.
"""

from crispy_forms import layout as crispy
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from crispy_forms.utils import TEMPLATE_PACK
from crispy_forms.utils import render_field as crispy_render_field
from django.template.defaultfilters import unordered_list
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString
from django.utils.text import slugify

from resilience.form_renderer import csrf_input
from resilience.templatetags import bootstrap_field

PACK = "bootstrap5"
FIELD_TEMPLATE = f"{PACK}/field.html"  # the project's: `{% bootstrap_field %}`
TEMPLATE_MARKS = ("{%", "{{", "{#")


def holds_template_syntax(text) -> bool:
    return any(mark in text for mark in TEMPLATE_MARKS)


def own_template(layout_object, template_pack) -> bool:
    """The object renders crispy-bootstrap5's template for its class (not one given to it, nor another pack's)."""
    crispy_class = next(base for base in type(layout_object).__mro__ if base.__module__ == crispy.__name__)
    return template_pack == PACK and layout_object.template == crispy_class.template


def field(bound_field, context) -> str:
    """`bootstrap5/field.html` with `field` in the context, as the templates include it."""
    context.push(field=bound_field)
    try:
        return bootstrap_field.render_field(bound_field, context)
    finally:
        context.pop()


def written_here(form, name) -> bool:
    form_field = form.fields.get(name)
    return form_field is not None and bootstrap_field.kind_of(form_field.widget) not in bootstrap_field.OWN_TEMPLATE


def named_field(name, form, context, layout_object=None) -> str:
    """crispy's `utils.render_field` for a field name and the default field template."""
    bound_field = form[name]
    if hasattr(form, "rendered_fields"):
        if name in form.rendered_fields:  # crispy's answer to a field named twice: a warning, and the field again
            return crispy_render_field(name, form, context, layout_object=layout_object)
        form.rendered_fields.add(name)
    if layout_object is not None:
        if isinstance(getattr(layout_object, "bound_fields", None), list):
            layout_object.bound_fields.append(bound_field)
        else:
            layout_object.bound_fields = [bound_field]
    # What crispy adds to the field's context: no label class, no attributes of a `Field` object.
    context.push(labelclass=None, flat_attrs="")
    try:
        return field(bound_field, context)
    finally:
        context.pop()


def rendered_fields(layout_object, form, context, template_pack, **kwargs) -> SafeString:
    """`LayoutObject.get_rendered_fields`: field names written here, layout objects rendering themselves."""
    if template_pack != PACK or getattr(form, "crispy_field_template", None) or set(kwargs) - {"layout_object"}:
        return layout_object.get_rendered_fields(form, context, template_pack, **kwargs)
    return SafeString(
        "".join(
            named_field(item, form, context, **kwargs)
            if isinstance(item, str) and written_here(form, item)
            else crispy_render_field(item, form, context, template_pack=template_pack, **kwargs)
            for item in layout_object.fields
        )
    )


def _id_and_attrs(layout_object) -> tuple[str, str]:
    css_id = f' id="{esc(layout_object.css_id)}"' if layout_object.css_id else ""
    return css_id, esc(layout_object.flat_attrs)  # flatatt's output: empty, or a space then the attributes


class Layout(crispy.Layout):
    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return rendered_fields(self, form, context, template_pack, **kwargs)


class Fieldset(crispy.Fieldset):
    """`layout/fieldset.html`."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        legend = str(self.legend) if self.legend else ""
        if not own_template(self, template_pack) or holds_template_syntax(legend):
            return super().render(form, context, template_pack, **kwargs)
        fields = rendered_fields(self, form, context, template_pack, **kwargs)
        css_id, attrs = _id_and_attrs(self)
        css_class = f' class="{esc(self.css_class)}"' if self.css_class else ""
        legend_html = f"<legend>{legend}</legend>" if legend else ""  # `{{ legend|safe }}`, as crispy renders it
        return SafeString(f"<fieldset{css_id}{css_class}{attrs}>{legend_html}{fields}</fieldset>")


def _div(layout_object, css_class, form, context, template_pack, **kwargs) -> SafeString:
    fields = rendered_fields(layout_object, form, context, template_pack, **kwargs)
    css_id, attrs = _id_and_attrs(layout_object)
    class_attribute = f' class="{esc(css_class)}"' if css_class is not None else ""
    return SafeString(f"<div{css_id}{class_attribute}{attrs}>{fields}</div>")


class Div(crispy.Div):
    """`layout/div.html`."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        if not own_template(self, template_pack):
            return super().render(form, context, template_pack, **kwargs)
        return _div(self, self.css_class or None, form, context, template_pack, **kwargs)


class Row(crispy.Row):
    """`layout/row.html`: `class="row {{ css_class|default:'' }}"`."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        if not own_template(self, template_pack):
            return super().render(form, context, template_pack, **kwargs)
        return _div(self, f"row {self.css_class or ''}", form, context, template_pack, **kwargs)


class Column(crispy.Column):
    """`layout/column.html`: its own classes when they name a column, else `col-md` first."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        if not own_template(self, template_pack):
            return super().render(form, context, template_pack, **kwargs)
        css_class = self.css_class or ""
        return _div(self, css_class if "col" in css_class else f"col-md {css_class}", form, context, template_pack, **kwargs)


class HTML(crispy.HTML):
    """Plain HTML as it is; HTML holding template syntax is rendered by crispy, with the page's context."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        html = str(self.html)
        if holds_template_syntax(html):
            return super().render(form, context, template_pack, **kwargs)
        return SafeString(html)


# The whole form: `{% crispy form %}` and `|crispy`.


def errors(form, context) -> str:
    """`errors.html`: the form's own errors (not a field's)."""
    non_field_errors = form.non_field_errors()
    if not non_field_errors:
        return ""
    title = context.get("form_error_title")
    heading = f'<h4 class="alert-heading">{esc(title)}</h4>' if title else ""
    return (
        f'<div class="alert alert-block alert-danger">{heading}'
        f'<ul class="m-0">{unordered_list(non_field_errors, autoescape=True)}</ul></div>'
    )


def media_and_errors(form, context) -> str:
    return (esc(form.media) if context.get("include_media") else "") + (
        errors(form, context) if context.get("form_show_errors") else ""
    )


def each_field(form, context) -> str:
    """`{% for field in form %}{% include field_template %}{% endfor %}`."""
    field_template = context.get("field_template")
    if field_template == FIELD_TEMPLATE:
        return "".join(field(bound_field, context) for bound_field in form)
    template = context.template.engine.get_template(field_template)
    html = []
    for bound_field in form:
        with context.push(field=bound_field):
            html.append(template.render(context))
    return "".join(html)


def uni_form(context) -> SafeString:
    """`uni_form.html`: a form without layout, every field in its order."""
    form = context["form"]
    return SafeString(remove_spaces(media_and_errors(form, context) + each_field(form, context)).strip())


def base_input(button) -> str:
    """`layout/baseinput.html`."""
    name = str(button.name)
    name = slugify(name) if len(name.split()) > 1 else name
    html = f'<input type="{esc(button.input_type)}" name="{esc(name)}" value="{esc(button.value)}"'
    if button.input_type != "hidden":
        button_id = button.id or f"{button.input_type}-id-{slugify(button.name)}"
        html += f' class="{esc(button.field_classes)}" id="{esc(button_id)}"'
    return html + f"{esc(button.flat_attrs)} />"


def inputs(context) -> str:
    """`inputs.html`: the helper's buttons."""
    buttons = context.get("inputs")
    if not buttons:
        return ""
    label_class = context.get("label_class")
    return (
        f'<div class="mb-3{" row" if "form-horizontal" in (context.get("form_class") or "") else ""}">'
        + (f'<div class="aab {esc(label_class)}"></div>' if label_class else "")
        + f'<div class="{esc(context.get("field_class", ""))}">'
        + " ".join(base_input(button) for button in buttons)
        + "</div></div>"
    )


def whole_form(context) -> SafeString:
    """`whole_uni_form.html` and `display_form.html`: the `<form>`, its token, its layout or fields, its buttons."""
    form = context["form"]
    html = []
    form_tag = context.get("form_tag")
    if form_tag:
        enctype = ' enctype="multipart/form-data"' if form.is_multipart() else ""
        html.append(f'<form{esc(context.get("flat_attrs", ""))} method="{esc(context.get("form_method", ""))}"{enctype}>')
    if str(context.get("form_method", "")).lower() == "post" and not context.get("disable_csrf"):
        html.append(csrf_input(context))
    form_html = getattr(form, "form_html", None)
    if form_html:
        html.append(media_and_errors(form, context) + esc(form_html))
    else:
        html.append(uni_form(context))
    html.append(inputs(context))
    if form_tag:
        html.append("</form>")
    return SafeString(remove_spaces("".join(html)).strip())
