"""The kit pages write the HTML their templates wrote before parts of them were written in Python.

The templates as they were are kept in `templates_before/` (the kit page, the stocks, the equipment
list and form, the tests and the guided test, with the includes they had). Each page is requested
in several states of the cabinet (nothing counted, counts of every kind, equipment filled in, tests
passed and failed, drills to count, forms sent back with errors); the old template is rendered with
the context the view gave the new one, and both pages are compared, whitespace between tags aside.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from kit import services
from kit.catalogue import get_catalogue
from kit.models import CheckResult, Equipment, Kit, Prescriber, StockLevel
from kit.tests.helpers import fill_stock
from resilience.practitioners import set_practitioners
from resilience.tests.factories import EmergencyContactFactory
from resilience.tests.html_support import squeeze

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before"
# The includes replaced since, inlined from their old copies (the others are still the templates' own).
INLINED = ("_test_status", "_missing_row")


def old_template(name: str):
    text = (BEFORE / name).read_text()
    for include in INLINED:
        text = text.replace(f'{{% include "kit/{include}.html" %}}', (BEFORE / f"{include}.html").read_text())
    return engines["django"].from_string(text)


def assert_same_html(response, before: str):
    """The page as served, and the old template rendered with the context the view gave the new one."""
    assert response.status_code == 200, response.status_code
    contexts = response.context if isinstance(response.context, list) else [response.context]
    context = contexts[0].flatten()
    old = old_template(before).render(context)
    new = response.content.decode()
    assert squeeze(new) == squeeze(old)
    return new


def check_all(client, extra=()):
    """Every kit page of the cabinet; `extra`: (URL, old template, POST data or None) requested too."""
    pages = [
        (reverse("kit:home"), "home.html", None),
        (reverse("kit:stocks"), "stocks.html", None),
        (reverse("kit:equipment"), "equipment_list.html", None),
        (reverse("kit:tests"), "test_list.html", None),
        (reverse("kit:test_new"), "test_form.html", None),
    ]
    for item in Equipment.objects.all():
        pages.append((reverse("kit:equipment_edit", args=[item.pk]), "equipment_form.html", None))
    html = {}
    for url, before, data in [*pages, *extra]:
        response = client.post(url, data) if data is not None else client.get(url)
        html[(url, data is not None)] = assert_same_html(response, before)
    return html


def test_an_empty_cabinet(team):
    html = check_all(team.client_for(team.member))
    assert "Aucun test enregistré" in html[(reverse("kit:home"), False)]


def test_a_cabinet_with_counts_equipment_tests_and_drills(team):
    from incidents.tests.factories import DrillFactory

    cabinet = team.cabinet
    set_practitioners(cabinet, {"medecine_generale": 3, "soins_infirmiers": 2, "kinesitherapie": 1})
    cabinet.refresh_from_db()
    lines = get_catalogue().lines
    fill_stock(cabinet, 0, lines[::3])
    fill_stock(cabinet, 1, lines[1::3])
    fill_stock(cabinet, 5000, lines[2::3])
    StockLevel.objects.filter(cabinet=cabinet).exclude(profession="").filter(slot=1).update(unchecked=True, quantity=7)
    Prescriber.objects.create(cabinet=cabinet, profession="medecine_generale", number=1, label="Dr <Martin> & fils")
    Prescriber.objects.create(cabinet=cabinet, profession="soins_infirmiers", number=2, label="Mme D'Arc")
    services.ensure_equipment(cabinet)
    states = ["ready", "to_check", "broken", "unknown"]
    for number, item in enumerate(Equipment.objects.filter(cabinet=cabinet).order_by("pk")):
        item.state = states[number % 4]
        item.quantity = number % 3
        item.location = "Accueil <armoire> & tiroir" if number % 2 else ""
        item.last_tested_on = date(2025, 3, 4) if number % 2 else None
        item.notes = "Mot de passe chez l'associée"
        if item.is_usb_key or item.line_key == "hotspot_4g5g":
            item.encrypted, item.templates_present = (True, None) if item.is_usb_key else (None, None)
            item.location, item.last_tested_on = "Coffre « B »", date(2025, 6, 1)
        item.save()
    kit = services.get_kit(cabinet)
    kit.binder_location = "Accueil, armoire « de gauche » & <tiroir>"
    kit.last_checked_on, kit.last_checked_by = date(2025, 11, 2), team.secretary
    kit.save()
    EmergencyContactFactory(cabinet=cabinet)
    EmergencyContactFactory(cabinet=cabinet)
    checks = [check.key for check in get_catalogue().checks]
    services.record_kit_test(cabinet, team.titulaire, date(2025, 6, 1), {key: (CheckResult.OK, "") for key in checks})
    services.record_kit_test(
        cabinet, team.secretary, timezone.localdate() - timedelta(days=200),
        {key: (CheckResult.PROBLEM if n % 2 else CheckResult.NOT_DONE, "Note <b>") for n, key in enumerate(checks)},
        participants="Mme <A>", notes="Deux\nlignes",
    )
    drill = DrillFactory(cabinet=cabinet, finished_at=timezone.now() - timedelta(days=3))
    client = team.client_for(team.titulaire)
    stocks = reverse("kit:stocks")
    form_fields = {}
    for field in re.finditer(r'name="((?:q|was|name)-[^"]+)"', client.get(stocks).content.decode()):
        form_fields[field.group(1)] = "x" if field.group(1).startswith("q-") else "1"
    names = [name for name in form_fields if name.startswith("name-")]
    form_fields[names[0]] = "n" * 80  # too long
    shown = sorted(name for name in form_fields if name.startswith("was-"))
    del form_fields[shown[0]]  # a value shown, not sent back
    form_fields[shown[1]] = "<1>"  # or forged
    form_fields[shown[2].replace("was-", "q-", 1)] = "12"
    usb = Equipment.objects.get(cabinet=cabinet, line_key=Equipment.USB_KEY)
    other = Equipment.objects.filter(cabinet=cabinet).exclude(pk=usb.pk).first()
    test_new = reverse("kit:test_new")
    html = check_all(
        client,
        extra=[
            (stocks, "stocks.html", form_fields),
            (f"{test_new}?exercice={drill.pk}", "test_form.html", None),
            (test_new, "test_form.html", {"performed_on": "2999-01-01", f"result-{checks[0]}": "ok", f"note-{checks[1]}": "<x>"}),
            (reverse("kit:equipment_edit", args=[usb.pk]), "equipment_form.html", {"quantity": "-1", "state": "nope"}),
            (reverse("kit:equipment_edit", args=[other.pk]), "equipment_form.html", {"quantity": "x"}),
        ],
    )
    page = html[(reverse("kit:home"), False)]
    assert "Il en manque" in page and "Dr &lt;Martin&gt; &amp; fils" in page
    assert "Compter :" in html[(reverse("kit:tests"), False)]
    assert "is-invalid" in html[(stocks, True)] and "is-invalid" in html[(test_new, True)]


def test_a_test_due_soon_and_one_up_to_date(team):
    client = team.client_for(team.titulaire)
    services.record_kit_test(team.cabinet, team.titulaire, timezone.localdate() - timedelta(days=170), {})
    check_all(client)
    checks = {check.key: (CheckResult.OK, "") for check in get_catalogue().checks}
    services.record_kit_test(team.cabinet, team.titulaire, timezone.localdate(), checks)
    assert Kit.objects.get(cabinet=team.cabinet).next_test_due > timezone.localdate()
    assert "tout était en ordre" in check_all(client)[(reverse("kit:home"), False)]
