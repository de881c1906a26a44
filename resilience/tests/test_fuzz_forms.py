"""Property: no input, from any member of a cabinet, makes any form of the product answer 5xx.

The walk reuses the URL walk of test_tenancy_urls (every URL pattern, each
argument an object of the cabinet from the apps' url_objects.py). As each role
(titulaire, praticien, secrétariat) it opens every page, reads every POST form
on it, and posts values hypothesis draws for each field — huge, empty, unicode
control and right-to-left characters, NUL, HTML, out-of-range numbers and
dates, other cabinets' ids — then a body that is not UTF-8. It asserts no 5xx,
and that a refused form shows again the text that was typed.

Run time stays bounded: FUZZ_EXAMPLES examples per form (3 by default; more
locally with FUZZ_EXAMPLES=50), no example database, no shrinking budget beyond
hypothesis's default.
"""

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from resilience.tests.test_tenancy_urls import NOT_CABINET_PAGES, PUBLIC_URL_NAMES, project_patterns, url_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
TEXT_TYPES = {"text", "email", "tel", "search", "url", "textarea"}
FIXED_TYPES = {"hidden", "select", "radio", "checkbox"}
REFUSED_MARKERS = ("is-invalid", "errorlist", "alert-danger", "invalid-feedback")
SKIPPED_ACTIONS = ("/compte/", "/admin/")  # allauth's and the admin's own forms
LAST_ACTIONS = re.compile(r"supprimer|retirer|annuler|changer|cabinet/nouveau|cloturer")

settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    options: list = field(default_factory=list)


@dataclass
class Form:
    action: str
    fields: dict

    @property
    def key(self):
        """One form per view and set of fields: the 26 steps of a playbook are one form, not 26."""
        try:
            view = resolve(self.action).view_name
        except Resolver404:
            view = self.action
        return (view, tuple(sorted(self.fields)))


class FormParser(HTMLParser):
    """The POST forms of a page: action and fields (inputs, selects with their options, textareas)."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url, self.forms, self.form, self.select = page_url, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            action = attrs.get("action") or attrs.get("hx-post") or self.page_url
            self.form = Form(urlsplit(urljoin(self.page_url, action)).path, {})
        elif self.form is None or not attrs.get("name"):
            return
        elif tag == "input" and attrs.get("type", "text") not in ("submit", "button", "file", "image", "reset"):
            kind = attrs.get("type", "text")
            existing = self.form.fields.get(attrs["name"])
            if kind in ("radio", "checkbox") and existing:
                existing.options.append(attrs.get("value", "on"))
            else:
                self.form.fields[attrs["name"]] = Field(attrs["name"], kind, attrs.get("value", ""), [attrs.get("value", "on")])
        elif tag == "select":
            self.select = Field(attrs["name"], "select")
            self.form.fields[attrs["name"]] = self.select
        elif tag == "option" and self.select is not None:
            self.select.options.append(attrs.get("value", ""))
        elif tag == "textarea":
            self.form.fields[attrs["name"]] = Field(attrs["name"], "textarea")

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.form.fields.pop("csrfmiddlewaretoken", None)
            self.forms.append(self.form)
            self.form = None
        elif tag == "select":
            self.select = None


def hostile_values(team):
    other_ids = [str(team.other_cabinet.pk), str(team.outsider.pk)]
    return [
        "",
        " ",
        "x" * 5000,
        "é" * 70_000,
        "A" * 300 + "@example.org",
        "\x00",
        "abc\x00def",
        "\x07\x1b[31m",
        "\u202e\u200fعربي שלום",
        "<script>alert(1)</script>",
        "\"'><img src=x onerror=alert(1)>",
        "-1",
        "0",
        "2147483648",
        "99999999999999999999",
        "1e308",
        "NaN",
        "²",
        "١٢",
        "0001-01-15",
        "9999-12-31",
        "2026-02-30",
        "2026-03-29T02:30",
        "10000-01-01T00:00",
        "2 84 05 33 063 042 17",
        *other_ids,
    ]


def value_strategy(form_field, hostile):
    choices = [st.sampled_from(hostile), st.text(max_size=40)]
    if form_field.options:
        choices.append(st.sampled_from(form_field.options))
    if form_field.value:
        choices.append(st.just(form_field.value))
    return st.one_of(*choices)


def forms_of(client, urls):
    """Every distinct POST form on the pages this client can open."""
    found = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        parser = FormParser(url)
        parser.feed(response.content.decode())
        for form in parser.forms:
            if not form.action.startswith(SKIPPED_ACTIONS):
                found.setdefault(form.key, form)
    return list(found.values())


def cabinet_urls(team):
    urls = []
    for name, arguments in project_patterns():
        if name in PUBLIC_URL_NAMES or name in NOT_CABINET_PAGES or name.endswith(("_pdf", "pdf_kit")):
            continue
        urls.append(url_for(name, arguments, team))
    return urls + [reverse("resilience:cabinet_create")]


def browser_could_send(form, data) -> bool:
    """Hidden fields, selects, radios and checkboxes carry one of their own values: no forged choice."""
    for name, value in data.items():
        form_field = form.fields[name]
        if form_field.kind in FIXED_TYPES and value not in {*form_field.options, form_field.value, ""}:
            return False
    return True


def check_refused_form_keeps_typed_text(response, form, data):
    if response.streaming:  # a download (the cabinet's export zip): not a refused form
        return
    html = response.content.decode("utf-8", "replace")
    if response.status_code != 200 or not any(marker in html for marker in REFUSED_MARKERS):
        return
    if not browser_could_send(form, data):
        return  # a forged choice: there is no form of the page to show it in
    for name, value in data.items():
        form_field = form.fields[name]
        typed = value.strip() if isinstance(value, str) else ""
        if form_field.kind not in TEXT_TYPES or not typed or "\x00" in typed or f'name="{name}"' not in html:
            continue
        if re.search(r"[\r\n]", typed):  # browsers normalise line ends; the check stays about the text
            typed = typed.splitlines()[0].strip() or typed
        assert escape(typed) in html, f"{form.action}: the refused form lost what was typed in « {name} »"


def fuzz_form(client, form, hostile):
    strategies = {name: value_strategy(form_field, hostile) for name, form_field in form.fields.items()}

    @settings(settings.get_profile("fuzz"))
    @given(st.fixed_dictionaries(strategies))
    def post_values(data):
        response = client.post(form.action, data)
        assert response.status_code < 500, f"POST {form.action} {data!r:.300}: {response.status_code}"
        check_refused_form_keeps_typed_text(response, form, data)
        htmx = client.post(form.action, data, HTTP_HX_REQUEST="true")
        assert htmx.status_code < 500, f"htmx POST {form.action}: {htmx.status_code}"

    post_values()
    raw = client.generic("POST", form.action, b"note=\xff\xfe\xfa&text=%FF", "application/x-www-form-urlencoded")
    assert raw.status_code == 400, f"POST {form.action} not UTF-8: {raw.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["titulaire", "member", "secretary"])
def test_no_form_answers_5xx_to_anything_a_member_sends(team, role):
    client = team.client_for(getattr(team, role))
    hostile = hostile_values(team)
    # Forms that delete, switch or create a cabinet last: the others still find their objects.
    forms = sorted(forms_of(client, cabinet_urls(team)), key=lambda form: bool(LAST_ACTIONS.search(form.action)))
    assert len(forms) >= (10 if role == "secretary" else 15), [form.action for form in forms]
    for form in forms:
        fuzz_form(client, form, hostile)
