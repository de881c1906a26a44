"""The project's field template (`{% bootstrap_field %}`) gives the HTML of crispy-bootstrap5's own.

Each form is rendered twice, with the project's `templates/bootstrap5/field.html` and with
crispy-bootstrap5's (the project's template folder left out), and the two compared once the
whitespace between tags is squeezed: every kind of widget, bound with and without errors, with
and without help text, through `{% crispy %}` under several helper settings and through the
`|crispy` and `|as_crispy_field` filters.
"""

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from crispy_forms.templatetags.crispy_forms_filters import uni_form_template
from crispy_forms.templatetags.crispy_forms_tags import whole_uni_form_template
from crispy_forms.utils import default_field_template
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.test import override_settings

from resilience.tests.html_support import squeeze

CHOICES = [("a", "Première"), ("b", "Deuxième <b>")]


class EveryWidgetForm(forms.Form):
    name = forms.CharField(label="Nom", max_length=20, help_text="Le nom <em>usuel</em>.")
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    kind = forms.ChoiceField(label="Type", choices=CHOICES)
    agreed = forms.BooleanField(label="J'accepte", help_text="Obligatoire.")
    optional_box = forms.BooleanField(label="Facultatif", required=False)
    answer = forms.ChoiceField(label="Réponse", choices=CHOICES, widget=forms.RadioSelect, help_text="Une seule.")
    days = forms.MultipleChoiceField(label="Jours", choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    grouped = forms.ChoiceField(
        label="Groupes", choices=[("Matin <8h>", CHOICES), ("Soir", [(1, "Un"), (2.5, "Deux et demi")])], widget=forms.RadioSelect
    )
    on = forms.DateField(label="Le", widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label="Nombre", min_value=0, widget=forms.NumberInput(attrs={"class": "narrow"}))
    email = forms.EmailField(label="Courriel", required=False)
    phone = forms.CharField(label="Téléphone", required=False, widget=forms.TextInput(attrs={"aria-describedby": "own"}))
    document = forms.FileField(label="Fichier", help_text="PDF.")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    unlabelled = forms.CharField(label="", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") == "twice":
            self.add_error("name", ["Une erreur.", "Une deuxième <erreur>."])
        return cleaned


BOUND_INVALID = {"name": "twice", "kind": "z", "answer": "z", "days": ["z"], "grouped": "z", "on": "demain", "count": "-1", "email": "x"}
BOUND_VALID = {"name": "Dupont", "kind": "a", "agreed": "on", "answer": "b", "grouped": "2.5", "on": "2026-01-02", "count": "3"}


def helpers():
    default = FormHelper()
    yield "default", default
    inline_help = FormHelper()
    inline_help.help_text_inline = True
    yield "help text inline", inline_help
    no_labels = FormHelper()
    no_labels.form_show_labels = False
    yield "no labels", no_labels
    no_errors = FormHelper()
    no_errors.form_show_errors = False
    yield "no errors", no_errors
    horizontal = FormHelper()
    horizontal.form_class = "form-horizontal"
    horizontal.label_class = "col-lg-2"
    horizontal.field_class = "col-lg-8"
    yield "horizontal", horizontal
    wrapped = FormHelper()
    wrapped.layout = Layout(*(Field(name, wrapper_class="extra") for name in EveryWidgetForm.base_fields))
    yield "wrapper class", wrapped


def forms_to_render():
    for state, data in (("unbound", None), ("invalid", BOUND_INVALID), ("valid", BOUND_VALID)):
        files = {"document": SimpleUploadedFile("a.pdf", b"%PDF-1.4")} if state == "valid" else None
        yield state, data, files


def render_all() -> dict:
    rendered = {}
    django_engine = engines["django"]
    crispy_tag = django_engine.from_string("{% load crispy_forms_tags %}{% crispy form %}")
    crispy_filter = django_engine.from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    field_filter = django_engine.from_string(
        "{% load crispy_forms_tags %}{% for field in form %}{{ field|as_crispy_field }}{% endfor %}"
    )
    for state, data, files in forms_to_render():
        for helper_name, helper in helpers():
            form = EveryWidgetForm(data, files)
            form.helper = helper
            rendered[f"{state}, {{% crispy %}}, {helper_name}"] = crispy_tag.render({"form": form})
        rendered[f"{state}, |crispy"] = crispy_filter.render({"form": EveryWidgetForm(data, files)})
        rendered[f"{state}, |as_crispy_field"] = field_filter.render({"form": EveryWidgetForm(data, files)})
    return rendered


def clear_template_caches():
    """crispy keeps the templates it renders each form and field with (the project's or its own)."""
    for cached in (default_field_template, whole_uni_form_template, uni_form_template):
        cached.cache_clear()


@pytest.fixture
def field_template_cache():
    clear_template_caches()
    yield
    clear_template_caches()


def crispys_own_templates():
    """The same template settings without the project's folder: crispy-bootstrap5's field.html."""
    templates = [{**settings.TEMPLATES[0], "DIRS": []}]
    return override_settings(TEMPLATES=templates)


def test_the_project_field_template_is_the_one_used(field_template_cache):
    assert engines["django"].get_template("bootstrap5/field.html").origin.name.endswith("templates/bootstrap5/field.html")
    with crispys_own_templates():
        assert "crispy_bootstrap5" in engines["django"].get_template("bootstrap5/field.html").origin.name


def test_same_html_as_crispy_bootstrap5_for_every_widget(field_template_cache):
    project = render_all()
    clear_template_caches()
    with crispys_own_templates():
        crispy = render_all()
    for case, html in project.items():
        assert squeeze(html) == squeeze(crispy[case]), case
    invalid = squeeze(project["invalid, {% crispy %}, default"])
    # The comparison covers what matters: errors, invalid marks, help texts, described-by links.
    assert 'class="textinput form-control is-invalid"' in invalid
    assert 'class="select form-select is-invalid"' in invalid
    assert '<span id="error_2_id_name"><strong>Une deuxième &lt;erreur&gt;.</strong></span>' in invalid
    assert 'aria-describedby="id_name_helptext id_name_error"' in invalid
    assert '<div id="id_name_helptext" class="form-text">Le nom<em>usuel</em>.</div>' in invalid
    assert 'class="checkboxinput form-check-input is-invalid"' in invalid
    assert 'type="file"' in invalid and 'type="radio"' in invalid
    assert '<strong>Matin &lt;8h&gt;</strong>' in invalid and 'class="form-check-input is-invalid"' in invalid
    assert '<p id="error_1_id_grouped"><strong>' in invalid
    valid = squeeze(project["valid, {% crispy %}, default"])
    assert 'value="2.5" id="id_grouped_1_1" required checked>' in valid
