"""Targets scale with the number of practitioners; shortfalls and the order list follow."""

import pytest

from kit.catalogue import Kind, KitLine, get_catalogue
from kit.scaling import Status, Target, shortfall, target, to_order


def make_line(key="arrets", kind=Kind.ORDER, minimum=1, recommended=2, per_cabinet=False, printable=None):
    return KitLine(
        key=key, label=key, kind=kind, unit="liasse", section="classeur", min=minimum,
        recommended=recommended, source="000_ff5b93324dce6fc3.txt", per_cabinet=per_cabinet,
        printable=printable,
    )


@pytest.fixture(scope="module")
def catalogue():
    return get_catalogue()


# --- target -------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, practitioners, expected",
    [
        ("feuilles_de_soins", 1, (50, 50)),
        ("feuilles_de_soins", 3, (150, 150)),
        ("arrets_de_travail", 1, (1, 2)),  # 1 à 2 liasses
        ("arrets_de_travail", 3, (3, 6)),
        ("certificats_at_mp", 1, (10, 15)),  # 10 à 15
        ("certificats_at_mp", 3, (30, 45)),
        ("protocoles_ald", 3, (15, 30)),  # 5 à 10
        ("ordonnances_classiques", 3, (6, 6)),  # 2 blocs
        ("ordonnances_securisees", 3, (3, 3)),
        ("fiches_examen", 3, (150, 150)),
        ("telephone_ecps", 3, (3, 3)),  # one e-CPS per practitioner
    ],
)
def test_shipped_lines_scale_per_practitioner(catalogue, key, practitioners, expected):
    assert target(catalogue.line(key), practitioners) == expected


@pytest.mark.parametrize("key", ["hotspot_4g5g", "cle_usb_chiffree", "imprimante_autonome", "fiche_contacts"])
def test_per_cabinet_lines_are_not_scaled(catalogue, key):
    assert target(catalogue.line(key), 1) == target(catalogue.line(key), 3) == (1, 1)


def test_per_cabinet_line_keeps_its_own_figures(catalogue):
    assert target(catalogue.line("affiche_patients"), 4) == (1, 2)


def test_target_unpacks_as_minimum_and_recommended():
    minimum, recommended = target(make_line(minimum=10, recommended=15), 2)
    assert (minimum, recommended) == (20, 30)
    assert target(make_line(), 2).recommended == 4


@pytest.mark.parametrize("practitioners", [0, -1])
def test_fewer_than_one_practitioner_is_refused(practitioners):
    with pytest.raises(ValueError):
        target(make_line(), practitioners)


def test_per_cabinet_line_also_refuses_zero_practitioners():
    with pytest.raises(ValueError):
        target(make_line(per_cabinet=True), 0)


@pytest.mark.parametrize("practitioners", [1.5, "2", True])
def test_practitioners_must_be_a_whole_number(practitioners):
    with pytest.raises(TypeError):
        target(make_line(), practitioners)


# --- shortfall ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "on_hand, to_minimum, to_recommended, status",
    [
        (0, 3, 6, Status.MISSING),
        (1, 2, 5, Status.BELOW_MINIMUM),
        (2, 1, 4, Status.BELOW_MINIMUM),
        (3, 0, 3, Status.BELOW_RECOMMENDED),
        (5, 0, 1, Status.BELOW_RECOMMENDED),
        (6, 0, 0, Status.OK),
        (9, 0, 0, Status.OK),
    ],
)
def test_shortfall(on_hand, to_minimum, to_recommended, status):
    gap = shortfall(Target(3, 6), on_hand)
    assert (gap.to_minimum, gap.to_recommended, gap.status) == (to_minimum, to_recommended, status)


def test_shortfall_when_minimum_equals_recommended():
    assert shortfall(Target(50, 50), 49).status is Status.BELOW_MINIMUM
    assert shortfall(Target(50, 50), 50).status is Status.OK


def test_status_values_are_the_stored_strings():
    assert [s.value for s in Status] == ["ok", "below_recommended", "below_minimum", "missing"]


def test_shortfall_accepts_a_plain_pair():
    assert shortfall((1, 2), 1).status == "below_recommended"


def test_negative_stock_is_refused():
    with pytest.raises(ValueError):
        shortfall(Target(1, 2), -1)


# --- the « à commander » list -------------------------------------------------------------


def test_to_order_lists_every_line_below_minimum_equipment_included(catalogue):
    stock = {
        "arrets_de_travail": 2,  # 3 practitioners: target (3, 6) -> below minimum
        "feuilles_de_soins": 150,  # ok
        "certificats_at_mp": 30,  # at minimum, below recommended -> not listed
        "fiches_examen": 0,  # missing
        "hotspot_4g5g": 0,  # equipment missing: to buy
        "cle_usb_chiffree": 1,  # equipment on hand: not listed
        "ligne_retiree": 4,  # no longer in the catalogue: ignored
    }
    items = {item.line.key: item for item in to_order(catalogue.lines, stock, 3)}

    assert items["arrets_de_travail"].shortfall.status is Status.BELOW_MINIMUM
    assert items["arrets_de_travail"].quantity == 4
    assert items["arrets_de_travail"].action == "à commander"
    assert items["fiches_examen"].shortfall.status is Status.MISSING
    assert items["fiches_examen"].quantity == 150
    assert items["fiches_examen"].action == "à imprimer"
    assert "feuilles_de_soins" not in items
    assert "certificats_at_mp" not in items
    assert items["hotspot_4g5g"].action == "à acheter" and items["hotspot_4g5g"].quantity == 1
    assert "cle_usb_chiffree" not in items
    assert "ligne_retiree" not in items


def test_uncounted_lines_are_treated_as_missing(catalogue):
    items = to_order(catalogue.lines, {}, 1)
    keys = [item.line.key for item in items]
    expected = [line.key for line in catalogue.lines]
    assert keys == expected  # every form, sheet and piece of equipment, in binder order
    assert all(item.on_hand == 0 for item in items)


def test_full_stock_orders_nothing(catalogue):
    stock = {line.key: target(line, 2).minimum for line in catalogue.lines}
    assert to_order(catalogue.lines, stock, 2) == ()


def test_to_order_with_plain_lines():
    lines = [make_line("a", minimum=2, recommended=4), make_line("b", kind=Kind.EQUIPMENT, per_cabinet=True)]
    (item,) = to_order(lines, {"a": 1, "b": 1}, 1)
    assert item.line.key == "a" and item.shortfall.to_minimum == 1 and item.quantity == 3
    assert [i.line.key for i in to_order(lines, {"a": 2, "b": 0}, 1)] == ["b"]
