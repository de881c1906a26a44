"""What the kit page and the dashboard panel say about a cabinet's kit, in one place."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.db.models import F, JSONField, OuterRef, Subquery
from django.utils import timezone

from kit import inventory as inventory_module
from kit.inventory import Inventory
from kit.models import Kit, KitTest, StockLevel
from kit.schedule import DueStatus, status
from resilience.models import Cabinet
from resilience.sql import JSONObjectAgg

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


def _read_kit(tenant) -> tuple[Kit | None, KitTest | None, dict]:
    """The cabinet's Kit, its last test and its stock levels in one query, whether the Kit exists or not.

    The dashboard shows this panel on every visit. The row is the cabinet's,
    the Kit joined to it, the last test and each stock level as scalar
    subqueries: portable (SQLite for the quick start, PostgreSQL in production).
    """
    kit_fields = Kit._meta.concrete_fields
    annotations = {f"kit_{field.attname}": F(f"kit__{field.name}") for field in kit_fields}
    last = KitTest.objects.filter(cabinet=OuterRef("pk")).order_by("-performed_on", "-created_at")
    annotations.update({f"last_test_{name}": Subquery(last.values(name)[:1]) for name in LAST_TEST_FIELDS})
    # The stock levels as one {line key: quantity} column: one subquery, not one per catalogue line (building
    # and compiling twenty-five subqueries cost the dashboard more than a query).
    stock = StockLevel.objects.filter(cabinet=OuterRef("pk")).order_by().values("cabinet")
    annotations["stock"] = Subquery(stock.annotate(stock=JSONObjectAgg("line_key", "quantity")).values("stock"), output_field=JSONField())
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
    stock = row.get("stock") or {}
    return kit, last_test, stock


def summarize(tenant, today: date | None = None) -> KitSummary:
    """Reads only; the Kit row is created by the first change, not by looking."""
    today = today or timezone.localdate()
    kit, last_test, stock = _read_kit(tenant)
    if kit is None or kit.next_test_due is None:
        test_status = NEVER_TESTED
    else:
        test_status = status(kit.next_test_due, today)
    return KitSummary(kit, inventory_module.load(tenant, stock=stock), last_test, test_status, today)
