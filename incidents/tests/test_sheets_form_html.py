"""`{% sheets_form %}` writes what `{% crispy sheets_form %}` wrote on the catch-up page, to the byte.

The tag as it was is kept in `templates_before/sheets_form.html`; the form is rendered through both as the
page shows it (a new form: today, to bill), and refused: each field's error, what was typed shown again
(to escape), the box unticked, and an error of the whole form.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.template import RequestContext, engines
from django.test import RequestFactory

from incidents.forms import SheetsForm

BEFORE = Path(__file__).parent / "templates_before" / "sheets_form.html"


def blank_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)


def new_form():
    return SheetsForm(initial={"day": date(2026, 3, 1), "to_bill": True})


def refused(data, field_error=None, form_errors=()):
    form = SheetsForm(data)
    form.is_valid()
    if field_error:
        form.add_error("day", field_error)
    for error in form_errors:
        form.add_error(None, error)
    return form


FORMS = {
    "new": new_form,
    "no numbers": lambda: refused({"day": "2026-03-01", "numbers": "", "to_bill": "on"}),
    "bad numbers, box unticked": lambda: refused({"day": "2026-03-01", "numbers": '"><b>12, x-1'}),
    "bad day": lambda: refused({"day": "3 mars", "numbers": "12"}),
    "day before the incident": lambda: refused({"day": "2020-01-01", "numbers": "12, 13"}, field_error="Ce jour précède l'incident."),
    "form error": lambda: refused({"day": "2026-03-01", "numbers": "12"}, form_errors=["Impossible : <b>déjà</b> & « vu »"]),
    "form errors": lambda: refused({"day": "2026-03-01", "numbers": "12"}, form_errors=["Un", "Deux <2>"]),
}


@pytest.mark.parametrize("name", FORMS)
def test_the_sheets_form_is_crispy_s_html(name):
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "a" * 32
    before = engines["django"].from_string(BEFORE.read_text().removesuffix("\n")).template
    after = engines["django"].from_string("{% load incidents_tags %}{% sheets_form sheets_form %}").template
    old_form, new = FORMS[name](), FORMS[name]()
    for form in (old_form, new):
        form.helper.form_action = "/incidents/7/suivi/fiches/?a=1&b=<2>"
    old = before.render(RequestContext(request, {"sheets_form": old_form}))
    assert blank_csrf(after.render(RequestContext(request, {"sheets_form": new}))) == blank_csrf(old)
    assert 'name="csrfmiddlewaretoken"' in old and 'value="Ajouter les fiches"' in old
    assert ("is-invalid" in old) == (name not in ("new", "form error", "form errors"))
    assert ("alert-danger" in old) == name.startswith("form error")
