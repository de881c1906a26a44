"""The layout objects and whole-form templates written in Python (`resilience/layout.py`) give crispy's HTML.

Every page of the product is rendered twice: as it is, and with crispy's own path — crispy-bootstrap5's
templates (the project's `templates/bootstrap5/` left out) and crispy's layout objects (the render
methods of `resilience.layout`'s classes put back to their crispy parent's). The two must be the
same once the whitespace between tags is squeezed: each page as a member opens it (unbound forms,
`{% crispy %}` and `|crispy`), and each POST form of those pages sent empty (bound, with errors).
A form of test's own covers what the product's forms do not use yet: ids, classes and attributes
on the layout objects, a `Div`, a `Field`, `HTML` and a legend holding template syntax, a helper's
own `field_template`, non-field errors with a title, several buttons.
"""

import contextlib
import re
from pathlib import Path

import pytest
from crispy_forms import layout as crispy
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Button, Field, Hidden, Submit
from crispy_forms.templatetags import crispy_forms_filters, crispy_forms_tags
from crispy_forms.utils import default_field_template
from django import forms
from django.conf import settings
from django.db import transaction
from django.template import engines
from django.test import RequestFactory, override_settings
from django.urls import reverse

from resilience import layout
from resilience.forms import CabinetForm
from resilience.tests.html_support import squeeze
from resilience.tests.test_fuzz_forms import cabinet_urls, forms_of

CACHED_TEMPLATES = (
    default_field_template,
    crispy_forms_tags.whole_uni_form_template,
    crispy_forms_tags.whole_uni_formset_template,
    crispy_forms_filters.uni_form_template,
    crispy_forms_filters.uni_formset_template,
)
WRITTEN_LAYOUT_OBJECTS = [
    cls for cls in vars(layout).values() if isinstance(cls, type) and cls.__module__ == layout.__name__
]


def clear_template_caches():
    for cached in CACHED_TEMPLATES:
        cached.cache_clear()


@pytest.fixture(autouse=True)
def template_caches():
    clear_template_caches()
    yield
    clear_template_caches()


@contextlib.contextmanager
def crispys_own_path(tmp_path: Path):
    """The project's templates but its `bootstrap5/` folder, and crispy's own layout objects."""
    project_templates = Path(settings.TEMPLATES[0]["DIRS"][0])
    folder = tmp_path / "templates"
    folder.mkdir(parents=True)
    for entry in project_templates.iterdir():
        if entry.name != "bootstrap5":
            (folder / entry.name).symlink_to(entry)
    with override_settings(TEMPLATES=[{**settings.TEMPLATES[0], "DIRS": [folder]}]), pytest.MonkeyPatch.context() as patch:
        for cls in WRITTEN_LAYOUT_OBJECTS:
            crispy_parent = next(base for base in cls.__mro__ if base.__module__ == crispy.__name__)
            patch.setattr(cls, "render", crispy_parent.render)
        clear_template_caches()
        yield
    clear_template_caches()


def test_the_project_whole_form_templates_are_the_ones_used(tmp_path):
    for name in ("whole_uni_form.html", "uni_form.html"):
        assert "crispy_bootstrap5" not in engines["django"].get_template(f"bootstrap5/{name}").origin.name
        with crispys_own_path(tmp_path / name):
            assert "crispy_bootstrap5" in engines["django"].get_template(f"bootstrap5/{name}").origin.name


def page(response) -> str:
    """The page squeezed, its htmx CSRF header blanked too (masked afresh each time)."""
    return re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": ""', squeeze(response.content.decode()))


def both_ways(tmp_path, render) -> tuple[str, str]:
    """`render()` through the project's path, then through crispy's own."""
    written = render()
    with crispys_own_path(tmp_path):
        return written, render()


def test_every_page_of_a_member_is_the_same_through_crispys_own_path(team, tmp_path):
    client = team.client_for(team.titulaire)
    urls = cabinet_urls(team) + [reverse("resilience:cabinet_settings")]

    def pages():
        rendered = {}
        for url in urls:
            response = client.get(url)
            if response.status_code == 200 and "text/html" in response.headers.get("Content-Type", ""):
                rendered[url] = page(response)
        return rendered

    written, crispys = both_ways(tmp_path, pages)
    assert written.keys() == crispys.keys()
    for url, html in written.items():
        assert html == crispys[url], url
    with_forms = [url for url, html in written.items() if 'name="csrfmiddlewaretoken"' in html]
    assert len(with_forms) >= 20
    cabinet = written[reverse("resilience:cabinet_settings")]
    assert '<fieldset><legend>Praticiens du cabinet</legend><p class="form-text">' in cabinet
    assert '<div class="row align-items-end"><div class="col-6 col-md-4"><div id="div_id_practitioners_' in cabinet


NOTHING_TYPED = {"nothing": ""}  # a POST without data at all is an unbound form to many views


def test_every_form_sent_empty_shows_its_errors_as_through_crispys_own_path(team, tmp_path):
    client = team.client_for(team.titulaire)
    forms_to_send = forms_of(client, cabinet_urls(team))

    def answers():
        rendered = {}
        for form in forms_to_send:
            with transaction.atomic():
                response = client.post(form.action, NOTHING_TYPED)
                transaction.set_rollback(True)
            if response.status_code == 200 and "text/html" in response.headers.get("Content-Type", ""):
                rendered[form.action] = page(response)
        return rendered

    written, crispys = both_ways(tmp_path, answers)
    assert written.keys() == crispys.keys()
    for action, html in written.items():
        assert html == crispys[action], action
    refused = [action for action, html in written.items() if "is-invalid" in html]
    assert len(refused) >= 15, refused
    cabinet = written[reverse("resilience:cabinet_settings")]
    assert '<div class="alert alert-block alert-danger"><ul class="m-0"><li>' in cabinet


@pytest.mark.django_db
def test_the_cabinet_form_with_errors_everywhere(team, tmp_path):
    data = {"name": "", "region": "zz", "departement": "33", "practitioners_medecin": "-3", "phone": "x" * 50}

    def render():
        form = CabinetForm(data, instance=team.cabinet)
        form.is_valid()
        template = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")
        return squeeze(template.render({"form": form, "csrf_token": "token"}))

    written, crispys = both_ways(tmp_path, render)
    assert written == crispys
    assert written.count("is-invalid") >= 3


class EveryLayoutForm(forms.Form):
    name = forms.CharField(label="Nom", help_text="Le nom <em>usuel</em>.")
    count = forms.IntegerField(label="Nombre", min_value=0)
    kind = forms.ChoiceField(label="Type", choices=[("a", "A"), ("b", "B <b>")], widget=forms.RadioSelect)
    agreed = forms.BooleanField(label="J'accepte", required=False)
    document = forms.FileField(label="Fichier", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError(["Une erreur <du formulaire>.", "Une autre."])


def every_layout():
    return layout.Layout(
        layout.Fieldset("Identité de {{ who }}", "name", css_id="identity", css_class="card", data_role="x"),
        layout.Fieldset("", layout.HTML("<p>Bonjour {{ who }}</p>"), layout.HTML("<hr>")),
        layout.Row(
            layout.Column("count"),
            layout.Column("kind", css_class="col-4", css_id="kind-column"),
            layout.Column(layout.Div("agreed", css_class="inner", title="a < b")),
            css_id="numbers",
        ),
        layout.Row(layout.Div(layout.Div("document"), css_id="plain")),
        Field("notes", css_class="big", wrapper_class="wide"),
        "secret",
        "missing",
        "name",  # twice: crispy warns, and renders it again
    )


def every_helper():
    default = FormHelper()
    default.layout = every_layout()
    default.form_error_title = "Erreurs <graves>"
    default.add_input(Submit("save draft", "Enregistrer « brouillon »", css_class="btn-lg", data_x="1"))
    default.add_input(Button("back", "Retour"))
    default.add_input(Hidden("step", "2"))
    yield "default", default
    horizontal = FormHelper()
    horizontal.layout = every_layout()
    horizontal.form_class = "form-horizontal"
    horizontal.label_class = "col-lg-2"
    horizontal.field_class = "col-lg-8"
    horizontal.form_method = "get"
    horizontal.form_action = "/ailleurs/?a=1&b=2"
    horizontal.form_id = "form-id"
    horizontal.add_input(Submit("submit", "Envoyer"))
    yield "horizontal, get", horizontal
    bare = FormHelper()
    bare.form_tag = False
    bare.disable_csrf = True
    bare.include_media = False
    bare.form_show_errors = False
    bare.form_show_labels = False
    yield "no tag, no layout", bare
    own_field_template = FormHelper()
    own_field_template.field_template = "bootstrap5/layout/inline_field.html"
    yield "own field template, no layout", own_field_template
    own_field_template_layout = FormHelper()
    own_field_template_layout.field_template = "bootstrap5/layout/inline_field.html"
    own_field_template_layout.layout = every_layout()
    yield "own field template, layout", own_field_template_layout


def render_every_layout():
    rendered = {}
    tag = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")
    crispy_filter = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    request = RequestFactory().get("/")
    for state, data in (("unbound", None), ("invalid", {"count": "-1", "kind": "z"})):
        for name, helper in every_helper():
            form = EveryLayoutForm(data)
            form.helper = helper
            rendered[f"{state}, {name}"] = squeeze(tag.render({"form": form, "who": "<Léa>", "csrf_token": "t"}, request))
        rendered[f"{state}, |crispy"] = squeeze(crispy_filter.render({"form": EveryLayoutForm(data)}))
    return rendered


def test_every_layout_object_and_helper_setting(tmp_path):
    written, crispys = both_ways(tmp_path, render_every_layout)
    for case, html in written.items():
        assert html == crispys[case], case
    invalid = written["invalid, default"]
    assert '<fieldset id="identity" class="card" data-role="x"><legend>Identité de &lt;Léa&gt;</legend>' in invalid
    assert '<h4 class="alert-heading">Erreurs &lt;graves&gt;</h4>' in invalid
    assert '<div id="kind-column" class="col-4">' in invalid and '<div class="col-md ">' in invalid
    assert 'name="save-draft" value="Enregistrer « brouillon »"' in invalid
