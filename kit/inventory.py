"""A cabinet's inventory: the catalogue, its targets for the cabinet's size, and what is on hand.

``build`` is pure (plain values in, plain values out) and shared by the kit
page, the stock screen, the dashboard panel and the printed kit, so that they
all agree on the same figures. ``load`` is its one database-facing companion:
it reads the rows of the request's cabinet through the tenant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kit.catalogue import Catalogue, Kind, KitLine, Section, get_catalogue
from kit.scaling import (
    Holding, OrderItem, Shortfall, Slot, Status, Target, applies, checked_counts, combined, holdings, shortfall, target,
)
from resilience.professions import ordered, summary


@dataclass(frozen=True)
class Row:
    line: KitLine
    target: Target
    on_hand: int
    counted: bool  # False: nobody has recorded this line yet (counted as 0)
    shortfall: Shortfall
    equipment: object | None = None  # the Equipment row of an equipment line
    holdings: tuple[Holding, ...] = ()  # a line held per prescriber: each one's count

    @property
    def below_minimum(self) -> bool:
        return self.shortfall.status in (Status.BELOW_MINIMUM, Status.MISSING)

    @property
    def per_prescriber(self) -> bool:
        return bool(self.holdings)

    @property
    def prescribers_short(self) -> tuple[Holding, ...]:
        """The prescribers below their own minimum (another's surplus never covers them)."""
        return tuple(h for h in self.holdings if h.below_minimum)

    @property
    def unchecked(self) -> bool:
        return any(h.unchecked for h in self.holdings)

    @property
    def is_printable(self) -> bool:
        return self.line.kind is Kind.PRINTABLE

    @property
    def is_order(self) -> bool:
        return self.line.kind is Kind.ORDER

    @property
    def is_equipment(self) -> bool:
        return self.line.kind is Kind.EQUIPMENT


@dataclass(frozen=True)
class SectionRows:
    section: Section
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Inventory:
    counts: Mapping[str, int]  # practitioners per profession
    sections: tuple[SectionRows, ...]
    order_items: tuple[OrderItem, ...]
    names: Mapping[Slot, str] = field(default_factory=dict)  # what the cabinet calls its prescribers

    @property
    def prescriber_slots(self) -> tuple[Slot, ...]:
        """Every prescriber who holds a form of their own, in order, each once."""
        seen: dict[Slot, None] = {}
        for row in self.rows:
            for holding in row.holdings:
                seen.setdefault(holding.slot, None)
        return tuple(seen)

    @property
    def practitioners(self) -> int:
        return sum(self.counts.values())

    @property
    def practitioners_summary(self) -> str:
        """« 3 médecins, 2 infirmiers, 1 kiné »: whom the quantities are for."""
        return summary(self.counts)

    @property
    def profession_codes(self) -> list[str]:
        return [code for code, _n in ordered(self.counts)]

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for section in self.sections for row in section.rows)

    @property
    def below_minimum(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.below_minimum)

    @property
    def stock_below_minimum(self) -> tuple[Row, ...]:
        """Forms and sheets below minimum: what the binder lacks (equipment aside)."""
        return tuple(row for row in self.stock_rows if row.below_minimum)

    @property
    def stock_rows(self) -> tuple[Row, ...]:
        """The forms and sheets counted on the stock screen (equipment has its own page)."""
        return tuple(row for row in self.rows if not row.is_equipment)

    @property
    def equipment_rows(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.is_equipment)


def stock_lines(catalogue: Catalogue | None = None) -> tuple[KitLine, ...]:
    """The lines whose quantity is kept on the stock screen: forms to order and sheets to print."""
    catalogue = catalogue or get_catalogue()
    return tuple(line for line in catalogue.lines if line.kind is not Kind.EQUIPMENT)


def equipment_lines(catalogue: Catalogue | None = None) -> tuple[KitLine, ...]:
    catalogue = catalogue or get_catalogue()
    return tuple(line for line in catalogue.lines if line.kind is Kind.EQUIPMENT)


def build(
    catalogue: Catalogue,
    counts: Mapping[str, int],
    stock: Mapping,
    equipment: Mapping[str, object] | None = None,
    names: Mapping[Slot, str] | None = None,
    unchecked: frozenset = frozenset(),
) -> Inventory:
    """Every catalogue line the cabinet's professions use, with its target and its count.

    ``counts`` maps professions to practitioners; ``stock`` maps line keys to
    counted quantities, and, for a line held per prescriber, ``stock_key(line,
    slot)`` to each prescriber's count; ``equipment`` maps equipment keys to
    objects with a ``quantity``; ``names`` what the cabinet calls its
    prescribers; ``unchecked`` the stock keys moved from an old pooled count.
    Keys that are not in the catalogue are ignored.
    """
    counts = checked_counts(counts)  # once, not at each line's every step
    equipment = equipment or {}
    names = dict(names or {})
    sections, on_hand_by_line = [], dict(stock)
    for section in catalogue.sections:
        rows = []
        for line in section.lines:
            if not applies(line, counts):
                continue
            goal = target(line, counts)
            item = equipment.get(line.key) if line.kind is Kind.EQUIPMENT else None
            held = holdings(line, counts, stock, names, unchecked)
            if line.kind is Kind.EQUIPMENT:
                on_hand = item.quantity if item is not None else 0
                # A row created with its defaults (state "unknown", none) was never filled in.
                counted = item is not None and (on_hand > 0 or getattr(item, "state", "unknown") != "unknown")
                on_hand_by_line[line.key] = on_hand
                gap = shortfall(goal, on_hand)
            elif held:
                on_hand, counted = sum(h.on_hand for h in held), any(h.counted for h in held)
                gap = combined(h.shortfall for h in held)
            else:
                counted, on_hand = line.key in stock, stock.get(line.key, 0)
                gap = shortfall(goal, on_hand)
            rows.append(Row(line, goal, on_hand, counted, gap, item, held))
        if rows:
            sections.append(SectionRows(section, tuple(rows)))
    counts = dict(counts)
    # The order list and the kit page's « Ce qui manque » read the same counts: the rows below their minimum
    # are what `to_order(catalogue.lines, on_hand_by_line, counts, names, unchecked)` lists, in the same
    # (binder) order, without working each line out a second time (`test_inventory` checks they agree).
    order_items = tuple(
        OrderItem(line=row.line, target=row.target, on_hand=row.on_hand, shortfall=row.shortfall, holders=row.prescribers_short)
        for section in sections for row in section.rows if row.below_minimum
    )
    return Inventory(counts, tuple(sections), order_items, names)


def cabinet_counts(cabinet) -> dict[str, int]:
    """The cabinet's practitioners per profession; a cabinet saved without them counts as its main profession."""
    return cabinet.practitioner_counts_map() or {cabinet.profession: max(cabinet.practitioners, 1)}


def load(tenant, stock: dict, names: dict, unchecked: frozenset, equipment: dict | None = None) -> Inventory:
    """The inventory of the request's cabinet from its counts as ``kit.summary.read_counts`` reads them
    (``kit.summary.load_inventory`` reads them and builds it)."""
    if equipment is None:
        equipment = read_equipment(tenant)
    return build(get_catalogue(), cabinet_counts(tenant.cabinet), stock, equipment, names, unchecked or frozenset())


def read_equipment(tenant) -> dict:
    """The cabinet's Equipment rows by line key."""
    from kit.models import Equipment

    return {item.line_key: item for item in tenant.scope(Equipment)}
