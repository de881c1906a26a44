"""The inventory joins the catalogue, the targets for the cabinet's size and what is on hand (pure)."""

from types import SimpleNamespace

import pytest

from kit.catalogue import Kind, get_catalogue
from kit.inventory import build, equipment_lines, stock_lines
from kit.scaling import Status, slots, stock_key


@pytest.fixture(scope="module")
def catalogue():
    return get_catalogue()


def row(inventory, key):
    return next(row for row in inventory.rows if row.line.key == key)


MG3 = {"medecine_generale": 3}


def test_every_line_of_the_cabinets_professions_is_listed_in_binder_order(catalogue):
    inventory = build(catalogue, MG3, {})
    expected = [line.key for line in catalogue.lines if line.applies_to("medecine_generale")]
    assert [r.line.key for r in inventory.rows] == expected
    assert [s.section.key for s in inventory.sections] == [s.key for s in catalogue.sections]
    assert inventory.practitioners == 3 and inventory.practitioners_summary == "3 médecins"


def test_a_kine_cabinets_inventory_holds_no_prescribers_form(catalogue):
    inventory = build(catalogue, {"kinesitherapie": 2}, {"arrets_de_travail": 4})
    keys = {r.line.key for r in inventory.rows}
    assert "arrets_de_travail" not in keys and "ordonnances_securisees" not in keys
    assert row(inventory, "feuilles_de_soins_auxiliaires").target == (100, 100)
    assert "arrets_de_travail" not in {item.line.key for item in inventory.order_items}
    assert inventory.practitioners_summary == "2 kinés"


def test_targets_scale_with_practitioners_and_uncounted_lines_are_missing(catalogue):
    stops_each = {("arrets_de_travail", "medecine_generale", n): q for n, q in ((1, 2), (2, 1), (3, 1))}
    inventory = build(catalogue, MG3, {"feuilles_de_soins": 80, **stops_each})
    sheets = row(inventory, "feuilles_de_soins")
    assert (sheets.target.minimum, sheets.target.recommended, sheets.on_hand, sheets.counted) == (150, 150, 80, True)
    assert sheets.shortfall.status is Status.BELOW_MINIMUM and sheets.shortfall.to_minimum == 70
    stops = row(inventory, "arrets_de_travail")
    assert stops.target == (3, 6) and stops.shortfall.status is Status.BELOW_RECOMMENDED and not stops.below_minimum
    ald = row(inventory, "protocoles_ald")
    assert not ald.counted and ald.on_hand == 0 and ald.shortfall.status is Status.MISSING
    assert row(inventory, "hotspot_4g5g").target == (1, 1)  # one per cabinet


def test_equipment_quantities_come_from_the_equipment_rows(catalogue):
    phones = SimpleNamespace(quantity=2, state="ready")
    blank = SimpleNamespace(quantity=0, state="unknown")  # created, never filled in
    inventory = build(catalogue, MG3, {"telephone_ecps": 99}, {"telephone_ecps": phones, "hotspot_4g5g": blank})
    ecps = row(inventory, "telephone_ecps")
    assert (ecps.on_hand, ecps.target.minimum, ecps.equipment) == (2, 3, phones)  # the stock table is ignored
    assert not row(inventory, "hotspot_4g5g").counted
    assert row(inventory, "imprimante_autonome").equipment is None


def test_below_minimum_and_the_order_list(catalogue):
    stock = {line.key: line.recommended * 3 for line in stock_lines(catalogue) if not line.per_prescriber}
    stock.update({
        stock_key(line.key, slot): line.recommended
        for line in stock_lines(catalogue) for slot in slots(line, MG3)
    })
    stock["fiches_examen"] = 10
    stock["unknown_old_key"] = 4  # a line that left the catalogue is ignored
    inventory = build(catalogue, MG3, stock)
    assert [r.line.key for r in inventory.stock_below_minimum] == ["fiches_examen"]
    assert inventory.order_items[0].line.key == "fiches_examen" and inventory.order_items[0].quantity == 140
    # The order list holds exactly what the kit page counts as missing, equipment included.
    assert {r.line.key for r in inventory.below_minimum} == {"fiches_examen"} | {l.key for l in equipment_lines(catalogue)}
    assert [item.line.key for item in inventory.order_items] == [r.line.key for r in inventory.below_minimum]


def test_stock_and_equipment_lines_split_the_catalogue(catalogue):
    assert all(line.kind is not Kind.EQUIPMENT for line in stock_lines(catalogue))
    assert all(line.kind is Kind.EQUIPMENT for line in equipment_lines(catalogue))
    assert len(stock_lines(catalogue)) + len(equipment_lines(catalogue)) == len(catalogue.lines)


def test_the_order_list_is_what_to_order_gives_for_every_kind_of_count(catalogue):
    """`build` takes its order list from its rows: the same items `scaling.to_order` works out from the counts."""
    from kit.scaling import to_order
    from kit.tests.test_quantities_html import inventories  # every kind of count, per prescriber and moved

    inputs = []
    real_build = build

    def recording_build(*args):
        inputs.append(args)
        return real_build(*args)

    import kit.tests.test_quantities_html as quantities

    quantities.build = recording_build
    try:
        built = list(inventories())
    finally:
        quantities.build = real_build
    assert len(built) == len(inputs) > 5
    for inventory, (catalogue_, counts, stock, equipment, names, *unchecked) in zip(built, inputs):
        # As `build` counted them: an equipment line by its row's quantity (none: 0), whatever the stock says.
        on_hand = {**stock, **{line.key: getattr(equipment.get(line.key), "quantity", 0) for line in equipment_lines(catalogue_)}}
        expected = to_order(catalogue_.lines, on_hand, counts, names, *unchecked)
        assert inventory.order_items == expected
    assert any(item.holders for inventory in built for item in inventory.order_items)
