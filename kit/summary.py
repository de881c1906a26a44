"""What the kit page and the dashboard panel say about a cabinet's kit, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from kit import inventory as inventory_module
from kit.inventory import Inventory
from kit.models import Kit, KitTest
from kit.schedule import DueStatus, status

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


def summarize(tenant, today: date | None = None) -> KitSummary:
    """Reads only; the Kit row is created by the first change, not by looking."""
    today = today or timezone.localdate()
    kit = tenant.scope(Kit).first()
    last_test = tenant.scope(KitTest).first() if kit is not None else None  # recording a test creates the Kit row
    if kit is None or kit.next_test_due is None:
        test_status = NEVER_TESTED
    else:
        test_status = status(kit.next_test_due, today)
    return KitSummary(kit, inventory_module.load(tenant), last_test, test_status, today)
