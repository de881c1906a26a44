"""The project's form renderer builds, character for character, what Django's widget templates build."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from resilience.form_renderer import BUILT, FormRenderer

CHOICES = [("a", "Première"), ("b", "Deuxième <b>"), (3, gettext_lazy("Oui")), ("", "---------")]
GROUPED = [("Groupe <1>", [("a", "A"), ("b", "B")]), ("c", "C"), (gettext_lazy("Non"), [(1, 2.5)])]
ATTRS = [
    {},
    {"id": "id_x", "class": "form-control is-invalid", "required": True, "disabled": False},
    {"id": "id_x", "aria-describedby": "id_x_helptext id_x_error", "maxlength": 20, "data-x": mark_safe("<ok>")},
    {"placeholder": 'Dire "bonjour" & <partir>', "min": 0, "step": Decimal("0.5"), "inputmode": "numeric"},
]

WIDGETS = [
    (forms.TextInput(), ["texte", "", None, 'a "quoted" <b>', mark_safe("<i>sûr</i>"), 12, 2.5]),
    (forms.NumberInput(), [None, 3, Decimal("1.50"), 1234567]),
    (forms.EmailInput(), ["a@example.org"]),
    (forms.URLInput(), ["https://example.org/?a=1&b=2"]),
    (forms.PasswordInput(render_value=True), ["secret"]),
    (forms.HiddenInput(), ["caché", 7]),
    (forms.DateInput(attrs={"type": "date"}), [datetime.date(2026, 1, 2), "2026-13-45"]),
    (forms.DateTimeInput(attrs={"type": "datetime-local"}), [datetime.datetime(2026, 1, 2, 3, 4)]),
    (forms.TimeInput(), [datetime.time(9, 30)]),
    (forms.CheckboxInput(), [True, False, None, "on"]),
    (forms.TelInput(), ["05 56 00 00 00"]),
    (forms.SearchInput(), ["mot"]),
    (forms.ColorInput(), ["#ff0000"]),
    (forms.Textarea(attrs={"rows": 3}), ["", None, "deux\nlignes <b>", "\nligne"]),
    (forms.Select(choices=CHOICES), ["a", 3, None, "z"]),
    (forms.Select(choices=GROUPED), ["b", 1]),
    (forms.SelectMultiple(choices=CHOICES), [["a", "b"]]),
    (forms.RadioSelect(choices=CHOICES), ["a", "", None]),
    (forms.RadioSelect(choices=GROUPED), ["c"]),
    (forms.CheckboxSelectMultiple(choices=CHOICES), [["a", 3], []]),
]


def cases():
    for widget, values in WIDGETS:
        for value in values:
            for attrs in ATTRS:
                yield pytest.param(widget, value, attrs, id=f"{type(widget).__name__}-{value!r}-{sorted(attrs)}")


@pytest.mark.parametrize(("widget", "value", "attrs"), cases())
def test_same_html_as_django_templates(widget, value, attrs):
    assert widget.render("champ", value, attrs=attrs, renderer=FormRenderer()) == widget.render(
        "champ", value, attrs=attrs, renderer=DjangoTemplates()
    )


@pytest.mark.parametrize("widget", [forms.RadioSelect(choices=CHOICES), forms.CheckboxSelectMultiple(choices=GROUPED)])
@pytest.mark.parametrize("wrap_label", [False, True])
def test_same_html_for_each_option_alone(widget, wrap_label):
    """`{% for radio in form.field %}{{ radio.tag }}`: one option's template, rendered alone."""

    def options(renderer):
        form = forms.Form(renderer=renderer)
        form.fields["champ"] = forms.MultipleChoiceField(choices=widget.choices, widget=widget, required=False)
        form.initial = {"champ": ["a", 1]}
        return [option.tag(wrap_label=wrap_label) for option in form["champ"]]

    assert options(FormRenderer()) == options(DjangoTemplates())


def test_every_template_it_builds_is_compared():
    options = {widget.option_template_name for widget, _ in WIDGETS if hasattr(widget, "option_template_name")}
    assert set(BUILT) <= {widget.template_name for widget, _ in WIDGETS} | options


def test_an_option_with_its_own_template_goes_through_django():
    class OwnOption(forms.RadioSelect):
        option_template_name = "django/forms/widgets/checkbox_option.html"

    class Unknown(forms.RadioSelect):
        option_template_name = "django/forms/widgets/input.html"

    for widget in (OwnOption(choices=CHOICES), Unknown(choices=CHOICES)):
        assert widget.render("n", "a", renderer=FormRenderer()) == widget.render("n", "a", renderer=DjangoTemplates())


def test_the_project_uses_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
