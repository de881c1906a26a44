"""Kit quantities for a given cabinet, and what is missing.

The seed gives its quantities for one doctor; a cabinet of three needs three
times the forms but still one hotspot. A cabinet is described by its
practitioners per profession ({"medecine_generale": 3, "soins_infirmiers": 2}):
a line counts only the practitioners of the professions that use it, so a
maison de santé gets the médecins' forms × 3 and the nurses' × 2, and a kiné
cabinet gets no secure prescription pad at all. These functions are pure (plain values
in, plain values out) so that the inventory page, the printed kit and the
reminders all agree on the same figures without touching the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from kit.catalogue import Kind, KitLine
from resilience.professions import ordered, profession_words


class Target(NamedTuple):
    """Quantities a cabinet should hold for one line (unpacks as a pair)."""

    minimum: int
    recommended: int


class Status(StrEnum):
    """How a line's stock compares with its target, worst last."""

    OK = "ok"
    BELOW_RECOMMENDED = "below_recommended"
    BELOW_MINIMUM = "below_minimum"
    MISSING = "missing"


@dataclass(frozen=True)
class Shortfall:
    to_minimum: int
    to_recommended: int
    status: Status


class Slot(NamedTuple):
    """One prescriber of a profession, by number (« médecin 2 »): the cabinet counts practitioners, not people."""

    profession: str
    number: int


@dataclass(frozen=True)
class Holding:
    """One prescriber's own stock of a form printed with their identity."""

    slot: Slot
    target: Target
    on_hand: int
    counted: bool
    shortfall: Shortfall
    name: str = ""  # what the cabinet calls this prescriber (« Dr Martin »), if it said
    unchecked: bool = False  # the cabinet's old pooled count, moved here and not yet checked

    @property
    def below_minimum(self) -> bool:
        return self.shortfall.status in (Status.BELOW_MINIMUM, Status.MISSING)

    @property
    def slot_label(self) -> str:
        """« médecin 2 »."""
        return slot_label(self.slot)

    @property
    def title(self) -> str:
        """« Dr Martin (médecin 1) », or « médecin 2 » while unnamed."""
        return f"{self.name} ({self.slot_label})" if self.name else self.slot_label


def slot_label(slot: Slot) -> str:
    return f"{profession_words()[slot.profession].short_singular} {slot.number}"


@dataclass(frozen=True)
class OrderItem:
    """A line to restock before the next outage, with how many to get."""

    line: KitLine
    target: Target
    on_hand: int
    shortfall: Shortfall
    holders: tuple[Holding, ...] = ()  # per-prescriber lines: the prescribers short of their minimum

    @property
    def quantity(self) -> int:
        """Restock up to the recommended figure: ordering only the minimum
        would leave the cabinet below target again after the first use."""
        return self.shortfall.to_recommended

    @property
    def action(self) -> str:
        return "à acheter" if self.line.kind is Kind.EQUIPMENT else self.line.kind.label


def _whole(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    return value


class CheckedCounts(dict):
    """Practitioners per profession, already checked: an inventory checks them once, not at each line's every step."""


def checked_counts(counts: Mapping[str, int]) -> CheckedCounts:
    """The counts, checked: whole numbers, none negative, at least one practitioner."""
    if type(counts) is CheckedCounts:
        return counts
    checked = {code: _whole(n, f"practitioners of {code}") for code, n in counts.items()}
    if any(n < 0 for n in checked.values()):
        raise ValueError(f"a count of practitioners cannot be negative, got {counts!r}")
    if sum(checked.values()) < 1:
        raise ValueError(f"a cabinet has at least one practitioner, got {counts!r}")
    return CheckedCounts(checked)


def users(line: KitLine, counts: Mapping[str, int]) -> int:
    """How many of the cabinet's practitioners belong to a profession that uses the line."""
    return sum(n for code, n in checked_counts(counts).items() if line.applies_to(code))


def applies(line: KitLine, counts: Mapping[str, int]) -> bool:
    """Whether the cabinet needs the line at all (a kiné cabinet has no arrêt de travail)."""
    return users(line, counts) > 0


def target(line: KitLine, counts: Mapping[str, int]) -> Target:
    """Per-practitioner quantities times the practitioners of the line's professions.

    Per-cabinet lines are needed once. A line none of the cabinet's professions
    uses has a target of zero. A cabinet has at least one practitioner;
    anything less is a caller's bug, not an empty kit.
    """
    n = users(line, counts)
    if n == 0:
        return Target(0, 0)
    factor = 1 if line.per_cabinet else n
    return Target(line.min * factor, line.recommended * factor)


def shortfall(goal: Target, on_hand: int) -> Shortfall:
    """How many are missing to reach the minimum and the recommended figure."""
    on_hand = _whole(on_hand, "on_hand")
    if on_hand < 0:
        raise ValueError(f"a stock cannot be negative, got {on_hand}")
    minimum, recommended = goal
    if on_hand >= recommended:
        status = Status.OK
    elif on_hand >= minimum:
        status = Status.BELOW_RECOMMENDED
    elif on_hand == 0:
        status = Status.MISSING
    else:
        status = Status.BELOW_MINIMUM
    return Shortfall(
        to_minimum=max(minimum - on_hand, 0),
        to_recommended=max(recommended - on_hand, 0),
        status=status,
    )


def slots(line: KitLine, counts: Mapping[str, int]) -> tuple[Slot, ...]:
    """The prescribers who each hold their own stock of the line, most practitioners' profession first.

    Empty for a pooled line. A maison de santé of 3 médecins and 1 sage-femme
    holds its arrêts de travail as médecin 1, 2, 3 and sage-femme 1.
    """
    if not line.per_prescriber:
        return ()
    return tuple(
        Slot(code, number) for code, n in ordered(checked_counts(counts)) if line.applies_to(code)
        for number in range(1, n + 1)
    )


def stock_key(line_key: str, slot: Slot | None = None):
    """The key of a count in a stock mapping: the line's key, or (line key, profession, number) for a prescriber's own."""
    return line_key if slot is None else (line_key, slot.profession, slot.number)


def combined(gaps: Iterable[Shortfall]) -> Shortfall:
    """A line held per prescriber, as one figure: the gaps add up, a surplus never fills another's gap.

    Missing when nobody has any, below the minimum when one prescriber is.
    """
    gaps = tuple(gaps)
    statuses = {gap.status for gap in gaps}
    if not gaps or statuses == {Status.MISSING}:
        status = Status.MISSING
    elif statuses & {Status.MISSING, Status.BELOW_MINIMUM}:
        status = Status.BELOW_MINIMUM
    elif Status.BELOW_RECOMMENDED in statuses:
        status = Status.BELOW_RECOMMENDED
    else:
        status = Status.OK
    return Shortfall(
        to_minimum=sum(gap.to_minimum for gap in gaps),
        to_recommended=sum(gap.to_recommended for gap in gaps),
        status=status,
    )


def holdings(
    line: KitLine, counts: Mapping[str, int], stock: Mapping,
    names: Mapping[Slot, str] | None = None, unchecked: frozenset = frozenset(),
) -> tuple[Holding, ...]:
    """Each prescriber's count of a per-prescriber line against their own target (the line's per-practitioner figures).

    ``stock`` maps ``stock_key(line, slot)`` to counts. A pooled count of the
    line (``stock_key(line)``, as kept before counts were per prescriber) is
    the first prescriber's: where the old stock was moved. ``names`` are what
    the cabinet calls its prescribers; ``unchecked`` the stock keys moved from
    the old pooled count and not checked since.
    """
    names = names or {}
    each = Target(line.min, line.recommended)
    result = []
    for index, slot in enumerate(slots(line, counts)):
        key = stock_key(line.key, slot)
        counted = key in stock
        count = _whole(stock.get(key, 0), "on_hand")
        if index == 0 and line.key in stock:
            counted, count = True, count + _whole(stock[line.key], "on_hand")
        result.append(Holding(
            slot, each, count, counted, shortfall(each, count), names.get(slot, ""), key in unchecked,
        ))
    return tuple(result)


def to_order(
    lines: Iterable[KitLine], on_hand: Mapping, counts: Mapping[str, int],
    names: Mapping[Slot, str] | None = None, unchecked: frozenset = frozenset(),
) -> tuple[OrderItem, ...]:
    """The « à commander / à imprimer » list: every line below its minimum.

    The same lines the kit page counts as missing: forms to order, sheets to
    print and equipment to buy (a 4G/5G access point, a phone with the e-CPS, a
    card reader). ``on_hand`` maps line keys to counted stock (for equipment, the
    quantity on hand); a line not in it has never been counted and is treated
    as absent (0), which is the safe assumption before an outage. Keys of lines
    no longer in the catalogue are ignored: an old inventory must not break the list.
    Lines the cabinet's professions do not use are left out. A line held per
    prescriber is short as soon as one prescriber is, and lists who
    (``holders``): ``on_hand`` then maps ``stock_key(line, slot)`` to each one's count.
    """
    items = []
    for line in lines:
        if not applies(line, counts):
            continue
        goal = target(line, counts)
        held = holdings(line, counts, on_hand, names, unchecked)
        if held:
            count, gap = sum(h.on_hand for h in held), combined(h.shortfall for h in held)
        else:
            count = on_hand.get(line.key, 0)
            gap = shortfall(goal, count)
        if gap.status in (Status.BELOW_MINIMUM, Status.MISSING):
            short = tuple(h for h in held if h.below_minimum)
            items.append(OrderItem(line=line, target=goal, on_hand=count, shortfall=gap, holders=short))
    return tuple(items)
