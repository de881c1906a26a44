"""What the URPS dashboard may show: the one module every figure goes through.

A figure is about a group of cabinets: the cabinets of one cell of the filter
lattice. A cell is (profession, département, size band, score band, population):
each coordinate is a value or ALL ("*"); the population says which cabinets
count: registered now, sharing now, or sharing with a finished assessment in a
period (6, 12 or 24 months) or in one quarter of the trend. Départements also
have COUNTRY, the comparison with the whole of France.

The rules (README, "URPS statistics"):
1. Primary suppression: a cell of fewer than N cabinets is never shown.
2. No nested differencing: a cell is hidden when a cell containing it (any
   coarser coordinate, any longer period; shown or not, since a hidden one
   may be derivable) has between 1 and N-1 more cabinets: « Gironde » minus
   « Gironde, 1 praticien » would be that group. Between populations the check
   runs downwards: a "registered" or "sharing" cell is hidden when a group of
   assessed (or sharing) cabinets inside it is 1 to N-1 smaller.
3. No total minus its shown parts: when a cell is broken down by département,
   size band or score band and the hidden parts together hold 1 to N-1
   cabinets, the smallest shown parts are hidden too (secondary suppression)
   until they hold N or more. A cell hidden although it has N or more cabinets
   keeps at least N of them in hidden parts, so its parts never add up to it.

The decision depends only on the data, never on which page asks, so every
filter combination, export and PDF sees the same shown cells: two figures the
admin can obtain are always two shown cells. It is taken for the whole lattice
at once (`Disclosure.published()`, by the warming task or the first page of a
data version) and pages read it back (`Published`). Shares, medians and averages are
shown only when their cell is shown (and their own denominator reaches N), so a
mean times a count never yields a hidden sum.
"""

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

ALL = "*"
COUNTRY = "FR"
REGISTERED, SHARING = "registered", "sharing"
PARTITIONED = (1, 2, 3)  # département, size band, score band: each cabinet is in exactly one part


@dataclass(frozen=True)
class Populations:
    """The population coordinate: registered ⊃ sharing ⊃ 24 months ⊃ 12 ⊃ 6, and each quarter ⊂ the periods holding it."""

    periods: Sequence[tuple[str, object]]  # (key, start), largest first
    quarters: Sequence[tuple[str, object, object]]  # (key, start, end)

    def containers(self, population: str) -> tuple[str, ...]:
        """The period populations strictly containing a period or a quarter.

        "Registered" and "sharing" contain every period too, but the check runs from
        them downwards (Disclosure._descendants): when « sharing » and « assessed in
        12 months » differ by a few cabinets, the sharing count is the one hidden,
        and the assessment figures, the point of the page, stay.
        """
        if population in (REGISTERED, SHARING):
            return ()
        period_keys = [key for key, _start in self.periods]
        if population in period_keys:
            return tuple(period_keys[: period_keys.index(population)])
        start = next(start for key, start, _end in self.quarters if key == population)
        return tuple(key for key, period_start in self.periods if period_start <= start)

    def inside_one_step(self, population: str) -> tuple[str, ...]:
        """The populations just inside `population` (registered → sharing → 24 months → 12 → 6, periods → quarters)."""
        periods = [key for key, _s in self.periods]
        if population == REGISTERED:
            return (SHARING,)
        if population == SHARING:
            return tuple(periods[:1])
        if population in periods:
            index = periods.index(population)
            start = dict(self.periods)[population]
            quarters = tuple(key for key, q_start, _e in self.quarters if q_start >= start)
            return tuple(periods[index + 1:index + 2]) + quarters
        return ()

    def inside(self, population: str) -> tuple[str, ...]:
        """The populations strictly inside "registered" or "sharing"."""
        assessed = (*(key for key, _s in self.periods), *(key for key, _s, _e in self.quarters))
        return (SHARING, *assessed) if population == REGISTERED else assessed if population == SHARING else ()


class Disclosure:
    """Decides, cell by cell, whether a figure may be shown."""

    def __init__(self, counts: Mapping[tuple, int], *, minimum: int, populations: Populations,
                 departements: Sequence[str], sizes: Sequence[str], bands: Sequence, professions: Sequence[str] = ()):
        self.counts = counts
        self.minimum = minimum
        self.populations = populations
        self.parts = {1: tuple(departements), 2: tuple(sizes), 3: tuple(bands)}
        self._pre: dict[tuple, bool] = {}
        self._shown: dict[tuple, bool] = {}
        self._complement: dict[tuple, frozenset] = {}
        self._by_count = None
        self._base: dict[tuple, bool] = {}
        self.professions = tuple(professions)

    def count(self, cell: tuple) -> int:
        return self.counts.get(cell, 0)

    def published(self) -> dict[tuple, int]:
        """Every cell that may be shown, with its count: the decision of the whole lattice, taken once.

        A cell absent from the lattice has no cabinet and is never shown, so this is every decision
        there is. Read back through `Published`, it answers every page, export and PDF without
        deciding again (and without the hidden counts).
        """
        return {cell: n for cell, n in self.counts.items() if self.shown(cell)}

    def small(self, number: int) -> bool:
        """A group that must never be read or derived: 1 to N-1 cabinets."""
        return 0 < number < self.minimum

    # --- the lattice -----------------------------------------------------------------

    def ancestors(self, cell: tuple) -> list[tuple]:
        """Every cell strictly containing `cell`."""
        profession, departement, size, band, population = cell
        options = [
            (profession, ALL) if profession != ALL else (ALL,),
            (departement, ALL, COUNTRY) if departement not in (ALL, COUNTRY) else
            ((ALL, COUNTRY) if departement == ALL else (COUNTRY,)),
            (size, ALL) if size != ALL else (ALL,),
            (band, ALL) if band != ALL else (ALL,),
            (population, *self.populations.containers(population)),
        ]
        found = []
        for p in options[0]:
            for d in options[1]:
                for s in options[2]:
                    for b in options[3]:
                        for q in options[4]:
                            candidate = (p, d, s, b, q)
                            if candidate != cell and (b == ALL or q not in (REGISTERED, SHARING)):
                                found.append(candidate)
        return found

    def _pre_shown(self, cell: tuple) -> bool:
        """Rules 1 and 2 for the cell and for every finer cell holding the very same cabinets.

        Two cells the lattice does not nest can still nest in fact: when no kiné
        practises outside the region, « kinés, France » is « kinés, région », which
        lies inside « toutes professions, région ». A cell equal in count to a finer
        one is that same group, so it must pass that group's checks too.
        """
        if cell not in self._pre:
            self._pre[cell] = self._base_pre(cell) and all(self._base_pre(same) for same in self._same_groups(cell))
        return self._pre[cell]

    def _children(self, cell: tuple):
        """The cells one step finer than `cell`."""
        profession, departement, size, band, population = cell
        if profession == ALL:
            yield from ((p, *cell[1:]) for p in self.professions)
        if departement == COUNTRY:
            yield (profession, ALL, *cell[2:])
        elif departement == ALL:
            yield from ((profession, d, *cell[2:]) for d in self.parts[1])
        if size == ALL:
            yield from ((*cell[:2], s, *cell[3:]) for s in self.parts[2])
        if band == ALL and population not in (REGISTERED, SHARING) and not population.startswith("q"):
            yield from ((*cell[:3], b, population) for b in self.parts[3])
        yield from ((*cell[:4], q) for q in self.populations.inside_one_step(population))

    def _same_groups(self, cell: tuple) -> list[tuple]:
        n = self.count(cell)
        found, todo, seen = [], [cell], {cell}
        while todo:
            for child in self._children(todo.pop()):
                if child not in seen and self.count(child) == n:
                    seen.add(child)
                    found.append(child)
                    todo.append(child)
        return found

    def _base_pre(self, cell: tuple) -> bool:
        if cell not in self._base:
            n = self.count(cell)
            self._base[cell] = (
                n >= self.minimum
                and not any(self.small(self.count(a) - n) for a in self.ancestors(cell))
                and not any(self.small(n - m) for m in self._descendants(cell))
            )
        return self._base[cell]

    def _descendants(self, cell: tuple):
        """Counts of the assessed (or sharing) groups inside a "registered" or "sharing" cell that are 1 to N-1 smaller.

        Only counts in that window matter, so cells are indexed by (population, count):
        a handful of look-ups per cell, whatever the size of the lattice. When the cells
        inside `cell` are fewer than the cells of those counts (a fine cell of a national
        lattice, where many small groups have those counts), they are enumerated instead.
        """
        inside = self.populations.inside(cell[4])
        if not inside:
            return
        if self._by_count is None:
            by_count, by_count_in = defaultdict(list), defaultdict(list)
            for key, n in self.counts.items():
                if n:
                    by_count[key[4], n].append(key)
                    by_count_in[key[4], n, key[1]].append(key)  # a département's cell reads only its own
            self._by_count, self._by_count_in = dict(by_count), dict(by_count_in)
            self._at_most = {}  # population -> [cells of count <= m for m in 0, 1, …, N]
            for population in {key[4] for key in self.counts}:
                running = list(itertools.accumulate(
                    len(self._by_count.get((population, m), ())) for m in range(self.minimum + 1)))
                self._at_most[population] = running
        n = self.count(cell)
        window = range(max(n - self.minimum + 1, 1), n)
        # A département's cell reads only that département's cells: few, whatever the lattice.
        one_departement = cell[1] not in (ALL, COUNTRY)
        listed = 0 if one_departement else sum(self._listed(population, window) for population in inside)
        options = [self._inside_values(i, cell[i]) for i in range(4)]
        if self.professions and listed > len(inside) * math.prod(len(values) for values in options):
            for coordinates in itertools.product(*options):
                for population in inside:
                    m = self.count((*coordinates, population))
                    if m in window:
                        yield m
            return
        for population in inside:
            for m in window:
                keys = (self._by_count_in.get((population, m, cell[1]), ()) if one_departement
                        else self._by_count.get((population, m), ()))
                for key in keys:
                    if all(_within(key[i], cell[i]) for i in range(4)):
                        yield m

    def _listed(self, population, window) -> int:
        """How many cells of `population` have a count in `window` (an upper bound past N)."""
        if not window:
            return 0
        running = self._at_most.get(population)
        if running is None:
            return 0
        if window.stop - 1 > self.minimum:
            return sum(len(self._by_count.get((population, m), ())) for m in window)
        return running[window.stop - 1] - running[window.start - 1]

    def _inside_values(self, dimension: int, value) -> tuple:
        """The values of one coordinate inside `value` (see _within)."""
        if value not in (ALL, COUNTRY):
            return (value,)
        parts = self.professions if dimension == 0 else self.parts[dimension]
        return (*((COUNTRY,) if value == COUNTRY else ()), ALL, *parts)

    def _partitions(self, cell: tuple):
        """(dimension, parent) for each breakdown `cell` is a part of."""
        for dimension in PARTITIONED:
            if cell[dimension] in (ALL, COUNTRY) or cell[1] == COUNTRY:
                continue
            if dimension == 3 and cell[4] in (REGISTERED, SHARING):
                continue
            yield dimension, cell[:dimension] + (ALL,) + cell[dimension + 1:]

    def _complement_hidden(self, parent: tuple, dimension: int) -> frozenset:
        """Rule 3: parts hidden so that the hidden parts of `parent` hold 0 or N+ cabinets.

        When the parent itself is hidden although it has N or more cabinets, its parts
        must not add up to it either: at least N of its cabinets stay in hidden parts.
        """
        key = (parent, dimension)
        if key not in self._complement:
            parts = [parent[:dimension] + (value,) + parent[dimension + 1:] for value in self.parts[dimension]]
            hidden_sum = sum(self.count(part) for part in parts if not self._pre_shown(part))
            shown = sorted((part for part in parts if self._pre_shown(part)), key=lambda p: (self.count(p), str(p)))
            must_hide = self.count(parent) >= self.minimum and not self.shown(parent)
            extra = []
            while shown and (self.small(hidden_sum) or (must_hide and hidden_sum < self.minimum)):
                part = shown.pop(0)
                extra.append(part)
                hidden_sum += self.count(part)
            self._complement[key] = frozenset(extra)
        return self._complement[key]

    def shown(self, cell: tuple) -> bool:
        if cell not in self._shown:
            self._shown[cell] = self._pre_shown(cell) and not any(
                cell in self._complement_hidden(parent, dimension) for dimension, parent in self._partitions(cell)
            )
        return self._shown[cell]

    def value(self, cell: tuple) -> int | None:
        """The count of a cell, or None when it must not be shown."""
        return self.count(cell) if self.shown(cell) else None


class Published:
    """The cells a Disclosure let through (`Disclosure.published()`), read back: the same answers.

    It knows the shown cells' counts only: a hidden cell counts 0 here, and nothing computed from
    it (a share, a median) is shown, since its cell is not.
    """

    def __init__(self, cells: Mapping[tuple, int]):
        self.cells = cells

    def count(self, cell: tuple) -> int:
        return self.cells.get(cell, 0)

    def shown(self, cell: tuple) -> bool:
        return cell in self.cells

    def value(self, cell: tuple) -> int | None:
        return self.cells.get(cell)


def _within(value, container) -> bool:
    """A coordinate inside another: equal, or any value (and the scope) inside COUNTRY, any specific inside ALL."""
    if container == COUNTRY:
        return True
    if container == ALL:
        return value != COUNTRY
    return value == container


@dataclass(frozen=True)
class Figure:
    """A number for display, or the suppression notice."""

    value: object  # int, float or None
    minimum: int
    cell: tuple | None = None  # the group of cabinets it is about (for the attacker test and the exports)

    @property
    def hidden(self) -> bool:
        return self.value is None

    @cached_property
    def notice(self) -> str:
        from django.utils.translation import ngettext

        return ngettext("moins de %(n)d cabinet", "moins de %(n)d cabinets", self.minimum) % {"n": self.minimum}

    def __str__(self):
        if self.value is None:
            return self.notice
        if isinstance(self.value, float):
            return f"{self.value:.0f}"
        return str(self.value)


def ratio(numerator: int, denominator: int, *, shown: bool, minimum: int) -> float | None:
    """A percentage of a shown group with a denominator of N or more, else None."""
    if not shown or denominator < minimum or denominator <= 0:
        return None
    return 100 * numerator / denominator


def percentiles(distribution: Mapping[int, int], *, shown: bool, minimum: int) -> tuple | None:
    """(first quartile, median, third quartile) of {value: cabinets}, or None when not shown.

    Computed from the grouped distribution (at most 101 rows), never from one row per cabinet.
    """
    total = sum(distribution.values())
    if not shown or total < minimum:
        return None
    values = sorted(distribution.items())

    def at(fraction):  # linear interpolation, like PostgreSQL's percentile_cont
        position = fraction * (total - 1)
        low_index, weight = int(position), position - int(position)
        return (1 - weight) * _nth(values, low_index) + weight * _nth(values, min(low_index + 1, total - 1))

    return at(0.25), at(0.5), at(0.75)


def _nth(values, index):
    seen = 0
    for value, count in values:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)
