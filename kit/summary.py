"""What the kit page and the dashboard panel say about a cabinet's kit, in one place."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from kit import inventory as inventory_module
from kit.inventory import Inventory
from kit.catalogue import get_catalogue
from kit.models import Kit, KitTest, Prescriber, StockLevel
from kit.scaling import slots, stock_key
from kit.schedule import DueStatus, status
from resilience.models import Cabinet

NEVER_TESTED = "never"


@dataclass(frozen=True)
class KitSummary:
    kit: Kit | None
    inventory: Inventory
    last_test: KitTest | None
    test_status: str  # NEVER_TESTED or a DueStatus
    today: date

    @property
    def next_due(self) -> date | None:
        return self.kit.next_test_due if self.kit else None

    @property
    def test_needed(self) -> bool:
        return self.test_status in (NEVER_TESTED, DueStatus.OVERDUE, DueStatus.DUE_SOON)


LAST_TEST_FIELDS = ("pk", "performed_on", "checks")


def _read_kit(tenant) -> tuple[Kit | None, KitTest | None, dict, dict, frozenset]:
    """The cabinet's Kit, its last test, its stock levels and its prescribers' names in one query.

    The dashboard shows this panel on every visit. The row is the cabinet's,
    the Kit joined to it, the last test and each stock level as scalar
    subqueries: portable (SQLite for the quick start, PostgreSQL in production).
    A form held per prescriber has one subquery per prescriber the cabinet's
    counts give it (and one for whether that count is still to check), and
    each prescriber one for the name the cabinet gave them.
    """
    kit_fields = Kit._meta.concrete_fields
    annotations = {f"kit_{field.attname}": F(f"kit__{field.name}") for field in kit_fields}
    last = KitTest.objects.filter(cabinet=OuterRef("pk")).order_by("-performed_on", "-created_at")
    annotations.update({f"last_test_{name}": Subquery(last.values(name)[:1]) for name in LAST_TEST_FIELDS})
    counts = inventory_module.cabinet_counts(tenant.cabinet)
    keys, holders = [], {}
    for line in get_catalogue().lines:
        line_slots = slots(line, counts)
        for slot in line_slots:
            holders.setdefault(slot, None)
        # A pooled count of a per-prescriber line is read too: it is the first prescriber's (kit.scaling.holdings).
        for slot in (None, *line_slots):
            held = {"profession": slot.profession, "slot": slot.number} if slot else {"profession": ""}
            rows = StockLevel.objects.filter(cabinet=OuterRef("pk"), line_key=line.key, **held)
            annotations[f"stock_{len(keys)}"] = Subquery(rows.values("quantity")[:1])
            if slot:
                annotations[f"unchecked_{len(keys)}"] = Subquery(rows.values("unchecked")[:1])
            keys.append(stock_key(line.key, slot))
    holders = list(holders)
    for number, slot in enumerate(holders):
        name = Prescriber.objects.filter(cabinet=OuterRef("pk"), profession=slot.profession, number=slot.number)
        annotations[f"name_{number}"] = Subquery(name.values("label")[:1])
    row = Cabinet.objects.filter(pk=tenant.cabinet.pk).annotate(**annotations).values(*annotations).first() or {}
    kit = None
    if row.get("kit_id") is not None:
        kit = Kit(**{field.attname: row[f"kit_{field.attname}"] for field in kit_fields})
        kit._state.adding, kit._state.db = False, "default"
    last_test = None
    if row.get("last_test_pk") is not None:
        checks = row["last_test_checks"]
        last_test = KitTest(
            pk=row["last_test_pk"], cabinet_id=tenant.cabinet.pk, performed_on=row["last_test_performed_on"],
            checks=json.loads(checks) if isinstance(checks, str) else checks,
        )
    stock = {key: row[f"stock_{n}"] for n, key in enumerate(keys) if row.get(f"stock_{n}") is not None}
    unchecked = frozenset(key for n, key in enumerate(keys) if row.get(f"unchecked_{n}"))
    names = {slot: row[f"name_{n}"] for n, slot in enumerate(holders) if row.get(f"name_{n}")}
    return kit, last_test, stock, names, unchecked


def summarize(tenant, today: date | None = None) -> KitSummary:
    """Reads only; the Kit row is created by the first change, not by looking."""
    today = today or timezone.localdate()
    kit, last_test, stock, names, unchecked = _read_kit(tenant)
    if kit is None or kit.next_test_due is None:
        test_status = NEVER_TESTED
    else:
        test_status = status(kit.next_test_due, today)
    return KitSummary(kit, inventory_module.load(tenant, stock=stock, names=names, unchecked=unchecked), last_test, test_status, today)
