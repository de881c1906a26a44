"""Targets scale with the practitioners of the professions that use a line; shortfalls and the order list follow."""

import pytest

from kit.catalogue import Kind, KitLine, Scale, get_catalogue
from kit.scaling import (
    Slot, Status, Target, applies, combined, holdings, shortfall, slots, stock_key, target, to_order,
)


def make_line(key="arrets", kind=Kind.ORDER, minimum=1, recommended=2, per_cabinet=False, printable=None,
              professions=None):
    return KitLine(
        key=key, label=key, kind=kind, unit="liasse", section="classeur", min=minimum,
        recommended=recommended, source="000_ff5b93324dce6fc3.txt",
        scale=Scale.PER_CABINET if per_cabinet else Scale.PER_PRACTITIONER,
        professions=frozenset(professions) if professions else None, printable=printable,
    )


def mg(n):
    """A cabinet of n médecins généralistes."""
    return {"medecine_generale": n}


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
    assert target(catalogue.line(key), mg(practitioners)) == expected


@pytest.mark.parametrize("key", ["hotspot_4g5g", "cle_usb_chiffree", "imprimante_autonome", "fiche_contacts"])
def test_per_cabinet_lines_are_not_scaled(catalogue, key):
    assert target(catalogue.line(key), mg(1)) == target(catalogue.line(key), mg(3)) == (1, 1)


def test_per_cabinet_line_keeps_its_own_figures(catalogue):
    assert target(catalogue.line("affiche_patients"), mg(4)) == (1, 2)
    assert target(catalogue.line("registre_consultations"), mg(4)) == (5, 10)  # one register per cabinet per day


def test_target_unpacks_as_minimum_and_recommended():
    minimum, recommended = target(make_line(minimum=10, recommended=15), mg(2))
    assert (minimum, recommended) == (20, 30)
    assert target(make_line(), mg(2)).recommended == 4


@pytest.mark.parametrize("counts", [mg(0), mg(-1), {}, {"medecine_generale": 2, "kinesitherapie": -2}])
def test_fewer_than_one_practitioner_is_refused(counts):
    with pytest.raises(ValueError):
        target(make_line(), counts)


def test_per_cabinet_line_also_refuses_zero_practitioners():
    with pytest.raises(ValueError):
        target(make_line(per_cabinet=True), mg(0))


@pytest.mark.parametrize("practitioners", [1.5, "2", True])
def test_practitioners_must_be_a_whole_number(practitioners):
    with pytest.raises(TypeError):
        target(make_line(), mg(practitioners))


def test_a_line_counts_only_the_practitioners_of_its_professions():
    line = make_line(minimum=1, recommended=2, professions=["medecine_generale", "maieutique"])
    assert target(line, {"medecine_generale": 3, "maieutique": 1, "kinesitherapie": 5}) == (4, 8)
    assert target(line, {"kinesitherapie": 5}) == (0, 0) and not applies(line, {"kinesitherapie": 5})
    once = make_line(per_cabinet=True, professions=["soins_infirmiers"])
    assert target(once, {"soins_infirmiers": 4, "medecine_generale": 1}) == (1, 2)
    assert not applies(once, mg(3))


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
    items = {item.line.key: item for item in to_order(catalogue.lines, stock, mg(3))}

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
    items = to_order(catalogue.lines, {}, mg(1))
    keys = [item.line.key for item in items]
    expected = [line.key for line in catalogue.lines if line.applies_to("medecine_generale")]
    assert keys == expected  # every form, sheet and piece of equipment a médecin uses, in binder order
    assert "feuilles_de_soins_auxiliaires" not in keys and "bilans_kine" not in keys
    assert all(item.on_hand == 0 for item in items)


def test_full_stock_orders_nothing(catalogue):
    stock = {line.key: target(line, mg(2)).minimum for line in catalogue.lines if not line.per_prescriber}
    stock.update({stock_key(line.key, slot): line.min for line in catalogue.lines for slot in slots(line, mg(2))})
    assert to_order(catalogue.lines, stock, mg(2)) == ()


def test_to_order_with_plain_lines():
    lines = [make_line("a", minimum=2, recommended=4), make_line("b", kind=Kind.EQUIPMENT, per_cabinet=True)]
    (item,) = to_order(lines, {"a": 1, "b": 1}, mg(1))
    assert item.line.key == "a" and item.shortfall.to_minimum == 1 and item.quantity == 3
    assert [i.line.key for i in to_order(lines, {"a": 2, "b": 0}, mg(1))] == ["b"]


# --- the kit of each profession (table-driven) ------------------------------------------

MEDECIN_FORMS = {"ordonnances_classiques", "ordonnances_securisees", "ordonnances_bizone", "feuilles_de_soins",
                 "arrets_de_travail", "certificats_at_mp"}
SHARED_SHEETS = {"fiches_examen", "suivi_facturation_differee", "registre_consultations", "fiche_contacts",
                 "fiches_reflexes", "affiche_patients"}
AUXILIAIRE_SHEETS = {"feuilles_de_soins_auxiliaires", "releve_prescriptions_scor"}


@pytest.mark.parametrize(
    "counts, has, has_not",
    [
        (  # a solo kiné: its own feuille de soins and bilan, no prescription a kiné may not write
            {"kinesitherapie": 1},
            SHARED_SHEETS | AUXILIAIRE_SHEETS | {"ordonnances_classiques", "bilans_kine"},
            {"ordonnances_securisees", "ordonnances_bizone", "feuilles_de_soins", "arrets_de_travail",
             "certificats_at_mp", "protocoles_ald", "tournee_infirmiere"},
        ),
        (
            {"soins_infirmiers": 2},
            SHARED_SHEETS | AUXILIAIRE_SHEETS | {"ordonnances_classiques", "tournee_infirmiere"},
            {"ordonnances_securisees", "feuilles_de_soins", "arrets_de_travail", "protocoles_ald", "bilans_kine"},
        ),
        (
            {"medecine_generale": 1},
            SHARED_SHEETS | MEDECIN_FORMS | {"protocoles_ald"},
            AUXILIAIRE_SHEETS | {"bilans_kine", "tournee_infirmiere", "feuilles_de_soins_dentistes"},
        ),
        (
            {"medecine_specialisee": 1},
            SHARED_SHEETS | MEDECIN_FORMS,
            {"protocoles_ald", "feuilles_de_soins_auxiliaires"},  # the ALD protocol is the médecin traitant's
        ),
        (
            {"chirurgie_dentaire": 1},
            SHARED_SHEETS | {"ordonnances_classiques", "ordonnances_securisees", "arrets_de_travail",
                             "feuilles_de_soins_dentistes"},
            {"feuilles_de_soins", "feuilles_de_soins_auxiliaires", "protocoles_ald", "certificats_at_mp"},
        ),
        (
            {"maieutique": 1},
            SHARED_SHEETS | {"ordonnances_classiques", "ordonnances_securisees", "arrets_de_travail",
                             "feuilles_de_soins_sages_femmes"},
            {"feuilles_de_soins", "protocoles_ald", "ordonnances_bizone"},
        ),
        (  # medical devices of their list only (cramif.fr): a plain pad, no stupéfiant, no arrêt de travail
            {"orthophonie": 1},
            SHARED_SHEETS | AUXILIAIRE_SHEETS | {"ordonnances_classiques"},
            {"ordonnances_securisees", "ordonnances_bizone", "arrets_de_travail", "feuilles_de_soins",
             "certificats_at_mp", "protocoles_ald", "bilans_kine"},
        ),
        (  # topical drugs, dressings, foot orthoses (arrêté of 30 July 2008, L4322-1 CSP): a plain pad only
            {"podologie": 1},
            SHARED_SHEETS | AUXILIAIRE_SHEETS | {"ordonnances_classiques"},
            {"ordonnances_securisees", "ordonnances_bizone", "arrets_de_travail", "feuilles_de_soins",
             "certificats_at_mp", "protocoles_ald"},
        ),
        (
            {"autre": 1},
            SHARED_SHEETS,
            MEDECIN_FORMS | AUXILIAIRE_SHEETS,
        ),
    ],
)
def test_each_profession_gets_only_the_forms_it_uses(catalogue, counts, has, has_not):
    lines = {line.key for line in catalogue.lines if applies(line, counts) and line.kind is not Kind.EQUIPMENT}
    assert has <= lines, sorted(has - lines)
    assert not (has_not & lines), sorted(has_not & lines)


@pytest.mark.parametrize(
    "key, expected",
    [
        # 3 médecins + 2 infirmiers + 1 kiné: the médecins' forms × 3, the nurses' × 2, the auxiliaires' × 3.
        ("ordonnances_securisees", (3, 3)),  # one pad per prescriber, never pooled
        ("arrets_de_travail", (3, 6)),
        ("feuilles_de_soins", (150, 150)),
        ("protocoles_ald", (15, 30)),
        ("ordonnances_classiques", (12, 12)),  # médecins, infirmiers and the kiné write ordonnances
        ("feuilles_de_soins_auxiliaires", (150, 150)),  # 2 infirmiers + 1 kiné
        ("tournee_infirmiere", (10, 20)),
        ("bilans_kine", (10, 20)),
        ("fiches_examen", (300, 300)),  # everybody
        ("registre_consultations", (5, 10)),  # one register for the cabinet
        ("releve_prescriptions_scor", (5, 10)),
        ("telephone_ecps", (6, 6)),
        ("hotspot_4g5g", (1, 1)),
        ("feuilles_de_soins_dentistes", (0, 0)),
    ],
)
def test_a_maison_de_sante_gets_each_professions_forms_times_its_practitioners(catalogue, key, expected):
    counts = {"medecine_generale": 3, "soins_infirmiers": 2, "kinesitherapie": 1}
    assert target(catalogue.line(key), counts) == expected


# --- forms printed with the prescriber's identity: one stock per prescriber ---------------

MSP = {"medecine_generale": 3, "soins_infirmiers": 2}  # a maison de santé: 3 médecins, 2 infirmiers
MG_ = "medecine_generale"


def test_the_prescribers_identity_forms_are_held_per_prescriber(catalogue):
    held = {line.key for line in catalogue.lines if line.per_prescriber}
    assert {"ordonnances_securisees", "arrets_de_travail"} <= held
    assert "feuilles_de_soins_auxiliaires" not in held and "fiches_examen" not in held


@pytest.mark.parametrize(
    "key, counts, expected",
    [
        ("ordonnances_securisees", MSP, [(MG_, 1), (MG_, 2), (MG_, 3)]),  # the nurses prescribe no stupéfiant
        ("ordonnances_classiques", MSP, [(MG_, 1), (MG_, 2), (MG_, 3), ("soins_infirmiers", 1), ("soins_infirmiers", 2)]),
        ("arrets_de_travail", {"maieutique": 1, MG_: 2}, [(MG_, 1), (MG_, 2), ("maieutique", 1)]),
        ("arrets_de_travail", {"kinesitherapie": 2}, []),
        ("feuilles_de_soins", MSP, []),  # a shared stock
    ],
)
def test_slots_are_the_prescribers_of_the_professions_concerned(catalogue, key, counts, expected):
    assert [tuple(slot) for slot in slots(catalogue.line(key), counts)] == expected


@pytest.mark.parametrize(
    "held_by_each, short, status, to_minimum",
    [
        ({1: 3, 2: 0, 3: 0}, [2, 3], Status.BELOW_MINIMUM, 2),  # médecin 1's surplus never covers 2 and 3
        ({1: 1, 2: 1, 3: 1}, [], Status.OK, 0),
        ({1: 1, 2: 1}, [3], Status.BELOW_MINIMUM, 1),  # médecin 3 never counted: none
        ({}, [1, 2, 3], Status.MISSING, 3),
    ],
)
def test_a_maison_de_sante_is_short_per_prescriber(catalogue, held_by_each, short, status, to_minimum):
    line = catalogue.line("ordonnances_securisees")
    stock = {stock_key(line.key, Slot(MG_, n)): q for n, q in held_by_each.items()}
    each = holdings(line, MSP, stock)
    assert [h.slot.number for h in each if h.below_minimum] == short
    gap = combined(h.shortfall for h in each)
    assert (gap.status, gap.to_minimum) == (status, to_minimum)
    items = {item.line.key: item for item in to_order(catalogue.lines, stock, MSP)}
    if short:
        assert [h.slot.number for h in items[line.key].holders] == short
        assert items[line.key].quantity == to_minimum  # one block each: min = recommended
    else:
        assert line.key not in items


def test_a_pooled_count_left_from_before_is_the_first_prescribers(catalogue):
    line = catalogue.line("arrets_de_travail")
    each = holdings(line, {MG_: 2}, {line.key: 3})
    assert [(h.on_hand, h.counted) for h in each] == [(3, True), (0, False)]
    assert [h.title for h in holdings(line, {MG_: 2}, {}, names={Slot(MG_, 2): "Dr Roux"})] == [
        "médecin 1", "Dr Roux (médecin 2)",
    ]


@pytest.mark.parametrize(
    "gaps, expected",
    [
        ((Status.OK, Status.OK), Status.OK),
        ((Status.OK, Status.BELOW_RECOMMENDED), Status.BELOW_RECOMMENDED),
        ((Status.OK, Status.MISSING), Status.BELOW_MINIMUM),
        ((Status.MISSING, Status.MISSING), Status.MISSING),
    ],
)
def test_combined_status_is_the_worst_but_missing_only_when_nobody_has_any(gaps, expected):
    assert combined(shortfall(Target(1, 2), {Status.OK: 2, Status.BELOW_RECOMMENDED: 1, Status.MISSING: 0}[g])
                    for g in gaps).status is expected
