"""`load_demo` gives « Cabinet démo » a partly stocked kit and an overdue kit test, idempotently."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from kit.models import Equipment, Kit, KitTest, StockLevel
from kit.schedule import DueStatus, add_months, status
from kit.summary import summarize
from resilience.demo import DEMO_CABINET
from resilience.models import Cabinet, Membership
from resilience.tenancy import Tenant

pytestmark = pytest.mark.django_db
PASSWORD = "demo-password-2026"


def test_the_demo_cabinet_has_a_partly_stocked_kit_and_an_overdue_test():
    call_command("load_demo", password=PASSWORD)
    cabinet = Cabinet.objects.get(name=DEMO_CABINET)
    today = timezone.localdate()
    test = KitTest.objects.get(cabinet=cabinet)
    assert test.performed_on == add_months(today, -7)
    assert test.performed_by.email == "demo@example.org"
    kit = Kit.objects.get(cabinet=cabinet)
    assert kit.next_test_due == add_months(test.performed_on, 6)
    assert status(kit.next_test_due, today) is DueStatus.OVERDUE
    assert kit.binder_location

    summary = summarize(Tenant(Membership.objects.filter(cabinet=cabinet).first()))
    assert summary.test_status == DueStatus.OVERDUE
    stock = summary.inventory.stock_rows
    assert any(row.below_minimum for row in stock) and any(not row.below_minimum for row in stock)
    assert Equipment.objects.get(cabinet=cabinet, line_key=Equipment.USB_KEY).encrypted is True


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", password=PASSWORD)
    counts = (KitTest.objects.count(), StockLevel.objects.count(), Equipment.objects.count(), Kit.objects.count())
    call_command("load_demo", password=PASSWORD)
    assert (KitTest.objects.count(), StockLevel.objects.count(), Equipment.objects.count(), Kit.objects.count()) == counts
