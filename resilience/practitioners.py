"""The one way to change who practises at a cabinet.

The counts per profession are the truth; the cabinet's total (its size band) and
main profession are kept in step here, in the same transaction.
"""

from collections.abc import Mapping

from django.db import transaction

from resilience.models import Cabinet, PractitionerCount
from resilience.professions import main_profession


@transaction.atomic
def set_practitioners(cabinet: Cabinet, counts: Mapping[str, int]) -> None:
    """Record {profession: practitioners}; professions at 0 are removed. At least one practitioner."""
    counts = {code: int(n) for code, n in counts.items() if int(n) > 0}
    cabinet.profession = main_profession(counts)
    cabinet.practitioners = sum(counts.values())
    if cabinet.pk is None:
        cabinet.save()
    else:
        Cabinet.objects.filter(pk=cabinet.pk).update(profession=cabinet.profession, practitioners=cabinet.practitioners)
    PractitionerCount.objects.filter(cabinet=cabinet).exclude(profession__in=counts).delete()
    for code, n in counts.items():
        PractitionerCount.objects.update_or_create(cabinet=cabinet, profession=code, defaults={"count": n})
    if hasattr(cabinet, "_prefetched_objects_cache"):
        cabinet._prefetched_objects_cache.pop("practitioner_counts", None)
