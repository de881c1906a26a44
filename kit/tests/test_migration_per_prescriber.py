"""The migration to per-prescriber stocks moves each pooled count to prescriber 1, loses nothing, and can be undone."""

import importlib

import pytest
from django.apps import apps

from kit.models import StockLevel
from resilience.practitioners import set_practitioners

pytestmark = pytest.mark.django_db
migration = importlib.import_module("kit.migrations.0004_stock_per_prescriber")


def rows(cabinet):
    return {
        (key, profession, slot): (quantity, unchecked)
        for key, profession, slot, quantity, unchecked in StockLevel.objects.filter(cabinet=cabinet).values_list(
            "line_key", "profession", "slot", "quantity", "unchecked"
        )
    }


@pytest.mark.parametrize(
    "counts, first",
    [
        ({"medecine_generale": 3}, "medecine_generale"),
        ({"maieutique": 2, "medecine_generale": 1}, "maieutique"),  # the cabinet's largest prescribing profession
        ({"kinesitherapie": 2}, "medecine_generale"),  # a count the kiné cannot use: kept, not shown
    ],
)
def test_the_pooled_count_goes_to_prescriber_one_flagged_to_check(team, counts, first):
    set_practitioners(team.cabinet, counts)
    for key, quantity in (("arrets_de_travail", 5), ("feuilles_de_soins", 80)):
        StockLevel.objects.create(cabinet=team.cabinet, line_key=key, quantity=quantity)
    migration.move_pooled_stock_to_prescriber_one(apps, None)
    assert rows(team.cabinet) == {
        ("arrets_de_travail", first, 1): (5, True),
        ("feuilles_de_soins", "", 0): (80, False),  # a shared stock stays pooled
    }
    migration.pool_again(apps, None)
    assert rows(team.cabinet) == {("arrets_de_travail", "", 0): (5, False), ("feuilles_de_soins", "", 0): (80, False)}


def test_undoing_adds_every_prescribers_count_up(team):
    for number, quantity in ((1, 2), (2, 1)):
        StockLevel.objects.create(
            cabinet=team.cabinet, line_key="ordonnances_securisees", profession="medecine_generale", slot=number,
            quantity=quantity,
        )
    migration.pool_again(apps, None)
    assert rows(team.cabinet) == {("ordonnances_securisees", "", 0): (3, False)}
