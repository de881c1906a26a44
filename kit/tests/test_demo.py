"""`load_demo` gives « Cabinet démo » a partly stocked kit and an overdue kit test, idempotently."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from kit.models import Equipment, Kit, KitTest, StockLevel
from kit.schedule import DueStatus, add_months, status
from kit.summary import summarize
from resilience.demo import DEMO_CABINET, MSP_CABINET, OTHER_CABINET
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


def test_the_kine_cabinet_has_a_kit_of_its_own_without_prescribers_forms():
    call_command("load_demo", password=PASSWORD)
    cabinet = Cabinet.objects.get(name=OTHER_CABINET)
    summary = summarize(Tenant(Membership.objects.filter(cabinet=cabinet).first()))
    keys = {row.line.key for row in summary.inventory.rows}
    assert {"feuilles_de_soins_auxiliaires", "bilans_kine"} <= keys
    assert not keys & {"arrets_de_travail", "ordonnances_securisees", "feuilles_de_soins", "protocoles_ald"}
    assert summary.test_status == DueStatus.OK and summary.kit.binder_location
    assert summary.inventory.practitioners_summary == "2 kinés"
    # Every stock row the demo wrote belongs to a line of the kiné's kit.
    assert set(StockLevel.objects.filter(cabinet=cabinet).values_list("line_key", flat=True)) <= keys


def test_the_maison_de_sante_gets_each_professions_forms():
    call_command("load_demo", password=PASSWORD)
    cabinet = Cabinet.objects.get(name=MSP_CABINET)
    assert cabinet.practitioners_summary == "3 médecins, 2 infirmiers, 1 kiné"
    member = Membership.objects.get(cabinet=cabinet, user__email="chartrons@example.org")
    inventory = summarize(Tenant(member)).inventory
    rows = {row.line.key: row for row in inventory.rows}
    assert rows["arrets_de_travail"].target == (3, 6)  # the 3 médecins
    assert rows["tournee_infirmiere"].target == (10, 20)  # the 2 infirmiers
    assert rows["bilans_kine"].target == (10, 20)  # the kiné
    assert rows["feuilles_de_soins_auxiliaires"].below_minimum
    assert set(StockLevel.objects.filter(cabinet=cabinet).values_list("line_key", flat=True)) <= set(rows)
