"""The kit summary's one query reads what the ORM reads: the counts, the names and every Equipment column."""

from datetime import date

import pytest

from kit import services
from kit.inventory import read_equipment
from kit.models import Equipment, Prescriber, StockLevel
from kit.summary import read_counts, summarize_with_equipment
from resilience.practitioners import set_practitioners
from resilience.tenancy import Tenant

pytestmark = pytest.mark.django_db


def columns(item):
    return {field.attname: getattr(item, field.attname) for field in Equipment._meta.concrete_fields}


def test_the_equipment_read_with_the_summary_is_what_the_orm_reads(team):
    tenant = Tenant(team.titulaire.memberships.get(cabinet=team.cabinet))
    assert read_counts(tenant)[3] == {} == read_equipment(tenant)
    services.ensure_equipment(team.cabinet)
    usb = Equipment.objects.get(cabinet=team.cabinet, line_key=Equipment.USB_KEY)
    usb.quantity, usb.state, usb.location, usb.last_tested_on = 2, "ready", "Tiroir « A » & <b>", date(2025, 2, 28)
    usb.encrypted, usb.templates_present, usb.notes, usb.updated_by = True, False, "Deux\nlignes", team.secretary
    usb.save()
    Equipment.objects.create(cabinet=team.other_cabinet, line_key="hotspot_4g5g", quantity=9)  # another cabinet's
    expected = read_equipment(tenant)
    summary, equipment = summarize_with_equipment(tenant)
    assert set(equipment) == set(expected) and len(expected) > 3
    for key, item in equipment.items():
        assert columns(item) == columns(expected[key]), key
        assert type(item.updated_at) is type(expected[key].updated_at) and item.updated_at.tzinfo is not None
        assert not item._state.adding
    assert {row.line.key: row.equipment for row in summary.inventory.equipment_rows} == {
        key: item for key, item in expected.items() if key in {row.line.key for row in summary.inventory.equipment_rows}
    }


def test_the_counts_read_with_the_summary_are_the_stock_rows(team):
    set_practitioners(team.cabinet, {"medecine_generale": 2})
    team.cabinet.refresh_from_db()
    tenant = Tenant(team.titulaire.memberships.get(cabinet=team.cabinet))
    StockLevel.objects.create(cabinet=team.cabinet, line_key="fiches_examen", quantity=4)
    StockLevel.objects.create(cabinet=team.cabinet, line_key="arrets_de_travail", profession="medecine_generale", slot=2, quantity=3, unchecked=True)
    StockLevel.objects.create(cabinet=team.other_cabinet, line_key="feuilles_de_soins", quantity=1)
    Prescriber.objects.create(cabinet=team.cabinet, profession="medecine_generale", number=2, label="Dr B")
    stock, names, unchecked, _equipment = read_counts(tenant)
    assert stock == {"fiches_examen": 4, ("arrets_de_travail", "medecine_generale", 2): 3}
    assert unchecked == {("arrets_de_travail", "medecine_generale", 2)}
    assert list(names.values()) == ["Dr B"]


def test_who_checked_the_kit_last_is_read_with_the_kit(team, django_assert_num_queries):
    from kit.summary import summarize

    tenant = Tenant(team.titulaire.memberships.get(cabinet=team.cabinet))
    team.secretary.first_name, team.secretary.last_name = "Aline", "<Roux>"
    team.secretary.save()
    kit = services.get_kit(team.cabinet)
    kit.last_checked_on, kit.last_checked_by = date(2025, 11, 2), team.secretary
    kit.save()
    kit = summarize(tenant).kit
    with django_assert_num_queries(0):
        assert kit.last_checked_by == team.secretary and kit.last_checked_by.display_name == "Aline <Roux>"
    assert kit.last_checked_by.is_active is team.secretary.is_active  # any other field: read when asked
    kit.last_checked_by = None
    kit.save()
    assert summarize(tenant).kit.last_checked_by is None
