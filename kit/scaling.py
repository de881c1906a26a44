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


@dataclass(frozen=True)
class OrderItem:
    """A line to restock before the next outage, with how many to get."""

    line: KitLine
    target: Target
    on_hand: int
    shortfall: Shortfall

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


def _checked(counts: Mapping[str, int]) -> dict[str, int]:
    checked = {code: _whole(n, f"practitioners of {code}") for code, n in counts.items()}
    if any(n < 0 for n in checked.values()):
        raise ValueError(f"a count of practitioners cannot be negative, got {counts!r}")
    if sum(checked.values()) < 1:
        raise ValueError(f"a cabinet has at least one practitioner, got {counts!r}")
    return checked


def users(line: KitLine, counts: Mapping[str, int]) -> int:
    """How many of the cabinet's practitioners belong to a profession that uses the line."""
    return sum(n for code, n in _checked(counts).items() if line.applies_to(code))


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


def to_order(lines: Iterable[KitLine], on_hand: Mapping[str, int], counts: Mapping[str, int]) -> tuple[OrderItem, ...]:
    """The « à commander / à imprimer » list: every line below its minimum.

    The same lines the kit page counts as missing: forms to order, sheets to
    print and equipment to buy (a 4G/5G access point, a phone with the e-CPS, a
    card reader). ``on_hand`` maps line keys to counted stock (for equipment, the
    quantity on hand); a line not in it has never been counted and is treated
    as absent (0), which is the safe assumption before an outage. Keys of lines
    no longer in the catalogue are ignored: an old inventory must not break the list.
    Lines the cabinet's professions do not use are left out.
    """
    items = []
    for line in lines:
        if not applies(line, counts):
            continue
        goal = target(line, counts)
        count = on_hand.get(line.key, 0)
        gap = shortfall(goal, count)
        if gap.status in (Status.BELOW_MINIMUM, Status.MISSING):
            items.append(OrderItem(line=line, target=goal, on_hand=count, shortfall=gap))
    return tuple(items)
