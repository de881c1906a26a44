"""French done properly: a complete, up-to-date catalogue, French plurals and dates, no English left.

The catalogue is compiled by `make test` (and `make run`); run `make messages` after changing text.
"""

import html
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from resilience.management.commands.update_messages import catalogue_path, problems

pytestmark = pytest.mark.django_db

# Words of an English interface (Django's, allauth's, Bootstrap's) that must not reach a French page.
ENGLISH = [
    "Sign In", "Sign Up", "Sign Out", "Password", "Email", "E-mail address", "Remember", "Forgot", "Submit", "Cancel",
    "Save", "Next", "Previous", "Close", "Delete", "Change", "Confirm", "Continue", "Back", "Username", "Search",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "This field is required",
]
ENGLISH_PATTERN = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")


def visible_text(page: str) -> str:
    """The words a person reads or hears: text, and the labels and hints of attributes."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    attributes = re.findall(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"', page)
    text = re.sub(r"(?s)<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *attributes]))


def english_in(page: str) -> list[str]:
    return sorted(set(ENGLISH_PATTERN.findall(visible_text(page))))


def test_the_catalogue_is_complete_and_up_to_date():
    """No entry without msgstr, no fuzzy entry, the French plural rule, and the msgids of the code."""
    path = catalogue_path(Path(settings.BASE_DIR))
    assert path.exists(), "run `make messages`"
    assert problems(path) == []
    call_command("update_messages", check=True)  # extracts into a temporary copy and compares


def translations_inside_f_strings(source: str) -> list[str]:
    """`gettext("…")` written inside an f-string: makemessages never sees it, so it never reaches the catalogue."""
    import io
    import tokenize

    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        prefix = re.match(r"[A-Za-z]*", token.string).group().lower() if token.type == tokenize.STRING else ""
        if "f" in prefix and re.search(r"\b(n|p)?gettext(_lazy)?\(", token.string):
            found.append(f"line {token.start[0]}: {token.string[:60]}")
    return found


def test_no_translation_is_called_inside_an_f_string():
    root = Path(settings.BASE_DIR)
    found = []
    for app in ("resilience", "kit", "incidents", "contracts"):
        for path in (root / app).rglob("*.py"):
            if "tests" not in path.parts and "migrations" not in path.parts:
                found += [f"{path.relative_to(root)} {where}" for where in translations_inside_f_strings(path.read_text())]
    assert found == []
    assert translations_inside_f_strings('x = f"<b>{gettext(\'Bloquant\')}</b>"\ny = gettext("ok")\n') == [
        "line 1: f\"<b>{gettext('Bloquant')}</b>\""
    ]


def test_the_check_catches_a_missing_fuzzy_or_stale_entry(tmp_path):
    stale = tmp_path / "django.po"
    stale.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Fiche"\nmsgstr ""\n\n#, fuzzy\nmsgid "Fiches"\nmsgstr "Fiche"\n\n'
        'msgid "%(n)s fiche"\nmsgid_plural "%(n)s fiches"\nmsgstr[0] "%(n)s fiche"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    found = problems(stale)
    assert len(found) == 3 and {line.split(":")[0] for line in found} == {
        "untranslated entry", "fuzzy entry", "plural entry without both forms",
    }


def test_the_catalogue_is_compiled():
    assert catalogue_path(Path(settings.BASE_DIR)).with_suffix(".mo").exists(), "run `make compilemessages`"


@pytest.mark.parametrize(("count", "expected"), [(0, "0 fiche à ressaisir"), (1, "1 fiche à ressaisir"), (2, "2 fiches à ressaisir")])
def test_plurals_follow_the_french_rule(count, expected):
    template = Template(
        "{% load i18n %}{% blocktranslate count n=count %}{{ n }} fiche à ressaisir{% plural %}"
        "{{ n }} fiches à ressaisir{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"count": count})) == expected


def test_ngettext_in_code_follows_the_french_rule():
    with translation.override("fr"):
        assert ngettext("%(n)d fiche ajoutée.", "%(n)d fiches ajoutées.", 0) % {"n": 0} == "0 fiche ajoutée."
        assert ngettext("%(n)d fiche ajoutée.", "%(n)d fiches ajoutées.", 3) % {"n": 3} == "3 fiches ajoutées."


@pytest.mark.parametrize(
    ("value", "format_string", "expected"),
    [
        (date(2026, 6, 1), "j F", "1er juin"),
        (date(2026, 6, 1), "j F Y", "1er juin 2026"),
        (date(2026, 11, 30), "j M", "30 nov."),
        (date(2026, 2, 1), "j M", "1er févr."),
        (date(2026, 8, 15), "j M Y", "15 août 2026"),
        (datetime(2026, 6, 1, 9, 5), "l j F à H:i", "lundi 1er juin à 09:05"),
        (date(2026, 6, 1), "j/m", "1/06"),  # figures only: no « er »
        (date(2026, 6, 1), None, "1er juin 2026"),  # the default DATE_FORMAT
    ],
)
def test_dates_are_written_the_french_way(value, format_string, expected):
    template = Template("{{ value|date:format_string }}" if format_string else "{{ value|date }}")
    with translation.override("fr"):
        assert template.render(Context({"value": value, "format_string": format_string})) == expected


def test_the_english_detector_finds_english():
    assert english_in('<button aria-label="Close">x</button><p>Sign In · 30 Nov.</p>') == ["Close", "Nov", "Sign In"]
    assert english_in("<p>Se connecter · adresse e-mail · 30 nov.</p><script>var Save;</script>") == []


ANONYMOUS_PAGES = ["account_login", "account_signup", "account_reset_password"]
MEMBER_PAGES = [
    "resilience:dashboard", "resilience:assessment_home", "resilience:contacts", "resilience:contact_add",
    "resilience:members", "resilience:member_invite", "resilience:cabinet_settings", "resilience:history",
    "kit:home", "incidents:playbooks", "incidents:list", "incidents:declare", "contracts:list",
    "account_change_password", "account_email", "mfa_index", "mfa_activate_totp",
]


def test_no_english_on_the_pages_seen_before_signing_in(client):
    for name in ANONYMOUS_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert english_in(response.content.decode()) == [], name
    # A form sent back with errors: the error messages are French too.
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    assert english_in(response.content.decode()) == []


def test_no_english_on_the_main_pages_of_a_titulaire(team):
    client = team.client_for(team.titulaire)
    for name in MEMBER_PAGES:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, name
        assert english_in(response.content.decode()) == [], name


def test_dates_written_by_python_code_are_french_too():
    from resilience.french_dates import date_format

    with translation.override("fr"):
        assert date_format(date(2026, 6, 1), "j F Y") == "1er juin 2026"
        assert date_format(date(2026, 11, 30), "j M") == "30 nov."
