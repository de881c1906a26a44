"""What the kit page and the dashboard panel say about a cabinet's kit, in one place."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, F, JSONField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, JSONObject
from django.contrib.auth import get_user_model
from django.utils import timezone

from kit import inventory as inventory_module
from kit.inventory import Inventory
from kit.catalogue import get_catalogue
from kit.models import Equipment, Kit, KitTest, Prescriber, StockLevel
from kit.scaling import Slot, checked_counts, slots, stock_key
from kit.schedule import DueStatus, status
from resilience.models import Cabinet
from resilience.sql import CompiledOnce, JSONObjectAgg

NEVER_TESTED = "never"


class _TestDue:
    """When the next kit test is due, and whether it is needed now (`kit`, `test_status`)."""

    @property
    def next_due(self) -> date | None:
        return self.kit.next_test_due if self.kit else None

    @property
    def test_needed(self) -> bool:
        return self.test_status in (NEVER_TESTED, DueStatus.OVERDUE, DueStatus.DUE_SOON)


@dataclass(frozen=True)
class KitSummary(_TestDue):
    kit: Kit | None
    inventory: Inventory
    last_test: KitTest | None
    test_status: str  # NEVER_TESTED or a DueStatus
    today: date


@dataclass(frozen=True)
class KitTestStatus(_TestDue):
    """The test part of a KitSummary alone, for a page that shows no inventory (`test_status`)."""

    kit: Kit | None
    last_test: KitTest | None
    test_status: str  # NEVER_TESTED or a DueStatus
    today: date


LAST_TEST_FIELDS = ("pk", "performed_on", "checks")
# What the kit page shows of who checked the kit last (`display_name`): read with the kit, not by a query of its own.
CHECKER_FIELDS = ("first_name", "last_name", "email")


def _read_kit(tenant, holdings: bool = True) -> tuple[Kit | None, KitTest | None, dict, dict, frozenset, dict]:
    """The cabinet's Kit, its last test, its stock levels, its prescribers' names and its equipment in one query.

    The dashboard shows this panel on every visit. The row is the cabinet's,
    the Kit joined to it, the last test as scalar subqueries, the stock levels
    (per line, or per line and prescriber), the counts still to check and the
    prescribers' names and the Equipment rows as JSON objects: portable (SQLite for the quick start,
    PostgreSQL in production). The query is built and compiled once per process
    (`_KIT_ROW`): building its thirty-odd annotations cost more than running it.
    """
    kit_fields = Kit._meta.concrete_fields
    row = _KIT_ROW.first(tenant.cabinet.pk) or {}
    kit = None
    if row.get("kit_id") is not None:
        kit = Kit(**{field.attname: row[f"kit_{field.attname}"] for field in kit_fields})
        kit._state.adding, kit._state.db = False, "default"
        if kit.last_checked_by_id is not None:  # who checked last, as `.only(*CHECKER_FIELDS)` would read them
            checker = get_user_model().from_db(
                "default", ["id", *CHECKER_FIELDS], [kit.last_checked_by_id, *(row[f"checker_{name}"] for name in CHECKER_FIELDS)]
            )
            Kit._meta.get_field("last_checked_by").set_cached_value(kit, checker)
    last_test = None
    if row.get("last_test_pk") is not None:
        checks = row["last_test_checks"]
        last_test = KitTest(
            pk=row["last_test_pk"], cabinet_id=tenant.cabinet.pk, performed_on=row["last_test_performed_on"],
            checks=json.loads(checks) if isinstance(checks, str) else checks,
        )
    if not holdings:
        return kit, last_test, {}, {}, frozenset(), {}
    return kit, last_test, *_holdings(tenant, row), _equipment(row)


SEP = "|"


def _kit_row_query(cabinet_pk):
    kit_fields = Kit._meta.concrete_fields
    annotations = {f"kit_{field.attname}": F(f"kit__{field.name}") for field in kit_fields}
    annotations.update({f"checker_{name}": F(f"kit__last_checked_by__{name}") for name in CHECKER_FIELDS})
    last = KitTest.objects.filter(cabinet=OuterRef("pk")).order_by("-performed_on", "-created_at")
    annotations.update({f"last_test_{name}": Subquery(last.values(name)[:1]) for name in LAST_TEST_FIELDS})
    # The stock levels and the prescribers' names as JSON columns: one subquery each, not one per catalogue
    # line and prescriber (building and compiling dozens of subqueries cost the dashboard more than a query).
    stock = StockLevel.objects.filter(cabinet=OuterRef("pk")).order_by().values("cabinet")
    stock_key_sql = Concat("line_key", Value(SEP), "profession", Value(SEP), Cast("slot", CharField()))
    annotations["stock"] = _json_column(stock, stock_key_sql, "quantity")
    annotations["unchecked"] = _json_column(stock.filter(unchecked=True), stock_key_sql, "quantity")
    names = Prescriber.objects.filter(cabinet=OuterRef("pk")).order_by().values("cabinet")
    annotations["names"] = _json_column(names, Concat("profession", Value(SEP), Cast("number", CharField())), "label")
    # The Equipment rows, each as a JSON object of its columns, by line key (a query less than reading them apart).
    equipment = Equipment.objects.filter(cabinet=OuterRef("pk")).order_by().values("cabinet")
    columns = JSONObject(**{field.attname: field.attname for field in Equipment._meta.concrete_fields})
    annotations["equipment_rows"] = _json_column(equipment, "line_key", columns)
    return Cabinet.objects.filter(pk=cabinet_pk).annotate(**annotations).values(*annotations)


def _json_column(rows, key, value):
    return Subquery(rows.annotate(json=JSONObjectAgg(key, value)).values("json"), output_field=JSONField())


_KIT_ROW = CompiledOnce(_kit_row_query)


def _json(value) -> dict:
    return (json.loads(value) if isinstance(value, str) else value) or {}


def _equipment(row) -> dict:
    """The Equipment rows by line key, as `inventory.read_equipment` reads them (each column as the ORM converts it)."""
    fields = Equipment._meta.concrete_fields
    items = {}
    for key, columns in _json(row.get("equipment_rows")).items():
        item = Equipment(**{field.attname: field.to_python(columns[field.attname]) for field in fields})
        item._state.adding, item._state.db = False, "default"
        items[key] = item
    return items


def _holdings(tenant, row) -> tuple[dict, dict, frozenset]:
    """The stock mapping, the prescribers' names and the counts still to check, for the slots the counts give.

    A pooled count of a per-prescriber line is read too: it is the first prescriber's (kit.scaling.holdings).
    """
    counts = checked_counts(inventory_module.cabinet_counts(tenant.cabinet))
    wanted = {}
    for line in get_catalogue().lines:
        for slot in (None, *slots(line, counts)):
            sql_key = SEP.join((line.key, slot.profession, str(slot.number)) if slot else (line.key, "", "0"))
            wanted[sql_key] = stock_key(line.key, slot)
    stock_rows, unchecked_rows = _json(row.get("stock")), _json(row.get("unchecked"))
    stock = {key: stock_rows[sql_key] for sql_key, key in wanted.items() if stock_rows.get(sql_key) is not None}
    unchecked = frozenset(key for sql_key, key in wanted.items() if not isinstance(key, str) and sql_key in unchecked_rows)
    holders = {key[1:] for key in wanted.values() if not isinstance(key, str)}
    names = {}
    for sql_key, label in _json(row.get("names")).items():
        profession, number = sql_key.rsplit(SEP, 1)
        slot = Slot(profession, int(number))
        if label and (slot.profession, slot.number) in holders:
            names[slot] = label
    return stock, names, unchecked


def read_counts(tenant) -> tuple[dict, dict, frozenset, dict]:
    """The cabinet's counts, its prescribers' names, the counts still to check and its Equipment rows, as
    `inventory.load` reads them, for every catalogue line and the prescribers its counts give: `_KIT_ROW`'s
    query, compiled once, rather than three queries built on each visit."""
    row = _KIT_ROW.first(tenant.cabinet.pk) or {}
    return *_holdings(tenant, row), _equipment(row)


def load_inventory(tenant) -> Inventory:
    """The cabinet's inventory alone (the stock page), its counts read by `read_counts`."""
    stock, names, unchecked, equipment = read_counts(tenant)
    return inventory_module.load(tenant, stock=stock, names=names, unchecked=unchecked, equipment=equipment)


def _status(kit: Kit | None, today: date) -> str:
    if kit is None or kit.next_test_due is None:
        return NEVER_TESTED
    return status(kit.next_test_due, today)


def summarize(tenant, today: date | None = None) -> KitSummary:
    """Reads only; the Kit row is created by the first change, not by looking."""
    return summarize_with_equipment(tenant, today)[0]


def summarize_with_equipment(tenant, today: date | None = None) -> tuple[KitSummary, dict]:
    """`summarize`, and the cabinet's Equipment rows by line key that its inventory was built with."""
    today = today or timezone.localdate()
    kit, last_test, stock, names, unchecked, equipment = _read_kit(tenant)
    inventory = inventory_module.load(tenant, stock=stock, names=names, unchecked=unchecked, equipment=equipment)
    return KitSummary(kit, inventory, last_test, _status(kit, today), today), equipment


def read_test_status(tenant, today: date | None = None) -> KitTestStatus:
    """The kit test's status alone (the same query as `summarize`, no inventory built)."""
    today = today or timezone.localdate()
    kit, last_test, *_stock = _read_kit(tenant, holdings=False)
    return KitTestStatus(kit, last_test, _status(kit, today), today)
