"""What the URL walk (resilience/tests/test_tenancy_urls.py) needs to know about the kit's URLs."""

from datetime import date

from kit import services
from kit.models import Equipment


def _equipment(team):
    services.ensure_equipment(team.cabinet)
    return Equipment.objects.filter(cabinet=team.cabinet).first().pk


def _kit_test(team):
    return services.record_kit_test(team.cabinet, team.titulaire, date(2026, 1, 15), {}).pk


# URL argument -> the primary key of an object of the victim cabinet.
OBJECT_FACTORIES = {
    "equipment_id": _equipment,
    "kit_test_id": _kit_test,
}
