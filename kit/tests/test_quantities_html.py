"""`{% kit_quantities %}` and `{% kit_holdings %}` write what `kit/_quantities.html` and `kit/_holdings.html` wrote.

The templates as they were are kept beside this test (`templates_before/`); every row of inventories
built with every kind of count (none, too few, fewer than advised, enough, per prescriber, moved from an
old pooled count, named prescribers) is rendered through both and compared, whitespace between tags aside.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, engines

from kit.catalogue import Kind, get_catalogue
from kit.inventory import build
from kit.scaling import Slot, slots, stock_key
from resilience.tests.html_support import squeeze

BEFORE = Path(__file__).parent / "templates_before"
COUNTS = {"medecine_generale": 3, "soins_infirmiers": 2, "kinesitherapie": 1}


def old_templates():
    holdings = (BEFORE / "_holdings.html").read_text()
    quantities = (BEFORE / "_quantities.html").read_text().replace('{% include "kit/_holdings.html" %}', holdings)
    return engines["django"].from_string(quantities), engines["django"].from_string(holdings)


def inventories():
    catalogue = get_catalogue()
    keys = []
    for line in catalogue.lines:
        keys.append(stock_key(line.key))
        keys.extend(stock_key(line.key, slot) for slot in slots(line, COUNTS))
    equipment = {
        line.key: SimpleNamespace(quantity=number % 3, state="ok" if number % 2 else "unknown")
        for number, line in enumerate(catalogue.lines)
        if line.kind is Kind.EQUIPMENT
    }
    names = {Slot("medecine_generale", 1): "Dr <Martin> & fils", Slot("soins_infirmiers", 2): "Mme D'Arc"}
    for quantity in (None, 0, 1, 7, 40, 2500):  # None: nothing counted
        stock = {} if quantity is None else {key: quantity for key in keys}
        yield build(catalogue, COUNTS, stock, equipment, names if quantity else {})
    mixed = {key: number * 9 % 61 for number, key in enumerate(keys)}
    yield build(catalogue, COUNTS, mixed, equipment, names, frozenset(key for key in keys if not isinstance(key, str)))
    yield build(catalogue, {"kinesitherapie": 1}, mixed, {}, {})


def test_every_row_is_the_templates_html():
    old_quantities, old_holdings = old_templates()
    new_quantities = engines["django"].get_template("kit/_quantities.html")
    new_holdings = engines["django"].get_template("kit/_holdings.html")
    seen = set()
    for inventory in inventories():
        for row in inventory.rows:
            context = {"row": row}
            old = old_quantities.render(context)
            assert squeeze(new_quantities.render(context)) == squeeze(old), row.line.key
            assert new_holdings.render(context) == old_holdings.render(context).strip(), row.line.key
            seen.update(re.findall(r'badge text-bg-\w+">[^<0-9]*', old))
            seen.update(phrase for phrase in ("Chaque prescripteur", "reporté", "pas encore compté", " à ", "manque", "Dr &lt;Martin&gt; &amp; fils") if phrase in old)
    # The comparison went through every branch of the templates.
    assert {'badge text-bg-success">Complet', 'badge text-bg-danger">Manquant', 'badge text-bg-danger">Il en manque ',
            'badge text-bg-warning">', 'badge text-bg-danger">'} <= seen
    assert {"Chaque prescripteur", "reporté", "pas encore compté", " à ", "manque", "Dr &lt;Martin&gt; &amp; fils"} <= seen


def test_the_prescribers_short_are_counted_in_french():
    row = next(
        row
        for inventory in inventories()
        for row in inventory.rows
        if row.per_prescriber and len(row.prescribers_short) > 1 and row.shortfall.status != "missing"
    )
    html = engines["django"].get_template("kit/_quantities.html").render({"row": row})
    assert f"{len(row.prescribers_short)} prescripteurs sous le minimum" in html
