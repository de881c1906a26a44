"""Unit tests of the suppression rules, on hand-made lattice counts (no database)."""

import itertools
import random
from datetime import datetime

import pytest

from resilience.statistics.disclosure import ALL, COUNTRY, REGISTERED, SHARING, Disclosure, Populations, Published, percentiles, ratio

POPULATIONS = Populations(
    periods=[("p24", datetime(2024, 1, 1)), ("p12", datetime(2025, 1, 1)), ("p6", datetime(2025, 7, 1))],
    quarters=[("q2025-4", datetime(2025, 10, 1), None)],
)


def disclosure(counts, minimum=10):
    return Disclosure(counts, minimum=minimum, populations=POPULATIONS, departements=["33", "64"],
                      sizes=["1", "2-4", "5+"], bands=[*range(10), "none"])


def cell(dep=ALL, size=ALL, band=ALL, population="p12", profession=ALL):
    return (profession, dep, size, band, population)


def test_primary_suppression_hides_fewer_than_n():
    d = disclosure({cell(): 9, cell(dep=COUNTRY): 100})
    assert d.value(cell()) is None
    d = disclosure({cell(): 10, cell(dep=COUNTRY): 100})
    assert d.value(cell()) == 10


def test_a_group_minus_a_smaller_group_inside_it_is_hidden():
    # « Gironde » 14, « Gironde, 1 praticien » 12: the difference would show 2 cabinets.
    counts = {cell(dep="33"): 14, cell(dep="33", size="1"): 12, cell(): 40, cell(dep=COUNTRY): 400,
              cell(size="1"): 30, cell(dep=COUNTRY, size="1"): 300}
    d = disclosure(counts)
    assert d.value(cell(dep="33")) == 14
    assert d.value(cell(dep="33", size="1")) is None


def test_a_larger_population_counts_as_a_containing_group():
    # 12 months 20, 24 months 23: the three cabinets assessed only 12 to 24 months ago.
    counts = {cell(population="p24"): 23, cell(population="p12"): 20, cell(population=SHARING): 40,
              cell(population=REGISTERED): 60}
    d = disclosure(counts)
    assert d.value(cell(population="p24")) == 23
    assert d.value(cell(population="p12")) is None


def test_a_total_minus_its_shown_parts_is_protected_by_hiding_another_part():
    # Gironde 50 = 1 praticien 25 + 2–4 22 + 5 et plus 3: the 3 are hidden, so one more part must be.
    counts = {cell(dep="33"): 50, cell(dep="33", size="1"): 25, cell(dep="33", size="2-4"): 22,
              cell(dep="33", size="5+"): 3}
    d = disclosure(counts)
    hidden = [s for s in ("1", "2-4", "5+") if d.value(cell(dep="33", size=s)) is None]
    assert "5+" in hidden and len(hidden) == 2
    assert d.value(cell(dep="33", size="2-4")) is None  # the smallest shown part goes first
    assert sum(counts[cell(dep="33", size=s)] for s in hidden) >= 10


def test_no_secondary_suppression_when_the_hidden_parts_already_hold_n():
    counts = {cell(dep="33"): 60, cell(dep="33", size="1"): 25, cell(dep="33", size="2-4"): 24,
              cell(dep="33", size="5+"): 11}
    d = disclosure(counts)
    assert all(d.value(cell(dep="33", size=s)) is not None for s in ("1", "2-4", "5+"))


def test_a_hidden_group_of_n_or_more_is_not_left_as_the_sum_of_its_parts():
    # Gironde (45) is hidden (the region has 48: 3 more); its size parts must not add up to it.
    counts = {cell(): 48, cell(dep="33"): 45, cell(dep="64"): 3, cell(dep="33", size="1"): 20,
              cell(dep="33", size="2-4"): 15, cell(dep="33", size="5+"): 10}
    d = disclosure(counts)
    assert d.value(cell(dep="33")) is None
    hidden = [s for s in ("1", "2-4", "5+") if d.value(cell(dep="33", size=s)) is None]
    assert sum(counts[cell(dep="33", size=s)] for s in hidden) >= 10


def test_the_decision_does_not_depend_on_the_order_of_questions():
    counts = {cell(dep="33"): 50, cell(dep="33", size="1"): 25, cell(dep="33", size="2-4"): 22,
              cell(dep="33", size="5+"): 3}
    first = disclosure(counts)
    second = disclosure(counts)
    order = [cell(dep="33", size=s) for s in ("1", "2-4", "5+")]
    assert [first.shown(c) for c in order] == [second.shown(c) for c in reversed(order)][::-1]


@pytest.mark.parametrize("seed", range(5))
def test_the_published_cells_answer_as_each_decision_taken_alone(seed):
    """Pages read the whole lattice's decisions back (Published): the same as deciding each cell on demand."""
    rng = random.Random(seed)
    professions, deps, sizes = ["medecine_generale", "kinesitherapie"], ["33", "64"], ["1", "2-4", "5+"]
    counts = {}
    for finest in itertools.product(professions, deps, sizes, [*range(10)], ["p6"]):
        counts[finest] = rng.choice([0, 1, 2, 3, 5, 8, 12, 20])
    # Every coarser cell is the sum of the finest cells inside it, as lattice_counts builds them.
    for (profession, dep, size, band, _p), n in list(counts.items()):
        for coarse in itertools.product((profession, ALL), (dep, ALL, COUNTRY), (size, ALL), (band, ALL),
                                        ("p6", "p12", "p24")):
            if coarse != (profession, dep, size, band, "p6"):
                counts[coarse] = counts.get(coarse, 0) + n

    def make():
        return Disclosure(counts, minimum=10, populations=POPULATIONS, departements=deps, sizes=sizes,
                          bands=[*range(10), "none"], professions=professions)

    published = Published(make().published())
    absent = cell(dep="33", size="1", band=3, population="q2025-4")
    for asked in [*counts, absent]:
        alone = make()  # a fresh decision for this cell only, as a page used to take it
        assert (published.shown(asked), published.value(asked)) == (alone.shown(asked), alone.value(asked))
    assert any(published.shown(c) for c in counts) and not all(published.shown(c) for c in counts if counts[c])


def test_shares_and_quartiles_need_a_shown_group_and_n_in_the_denominator():
    assert ratio(3, 12, shown=True, minimum=10) == 25
    assert ratio(3, 9, shown=True, minimum=10) is None
    assert ratio(3, 12, shown=False, minimum=10) is None
    assert percentiles({50: 5, 70: 5}, shown=True, minimum=10) == (50, 60, 70)
    assert percentiles({50: 5, 70: 4}, shown=True, minimum=10) is None


@pytest.mark.parametrize("value", ["4", "0", "abc"])
def test_the_threshold_is_refused_below_five(value):
    from django.core.exceptions import ImproperlyConfigured

    from resilience.envconfig import Env

    with pytest.raises(ImproperlyConfigured, match="URPS_MIN_CABINETS"):
        Env({"URPS_MIN_CABINETS": value}).int("URPS_MIN_CABINETS", default=10, minimum=5)
    assert Env({"URPS_MIN_CABINETS": "5"}).int("URPS_MIN_CABINETS", default=10, minimum=5) == 5


def test_sharing_is_hidden_rather_than_the_assessed_when_they_differ_by_a_few():
    counts = {cell(population=REGISTERED): 401, cell(population=SHARING): 327, cell(population="p24"): 326,
              cell(population="p12"): 300, cell(population="p6"): 250}
    d = disclosure(counts)
    assert d.value(cell(population=SHARING)) is None
    assert [d.value(cell(population=p)) for p in ("p24", "p12", "p6")] == [326, 300, 250]
    assert d.value(cell(population=REGISTERED)) == 401


def test_a_registered_count_is_hidden_when_a_group_inside_it_is_a_few_smaller():
    # 33 registered, and 30 of them solo practices assessed in 12 months: 3 would be derivable.
    counts = {cell(dep="33", population=REGISTERED): 33, cell(dep="33", size="1", population="p12"): 30}
    d = disclosure(counts)
    assert d.value(cell(dep="33", population=REGISTERED)) is None
