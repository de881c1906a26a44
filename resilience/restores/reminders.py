"""The restore test as a due item of the reminders (a core provider)."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resilience.models import RestoreTest
from resilience.reminders import registry
from resilience.reminders.stages import DAYS_BEFORE, local_day

KIND = "restore_test"


def latest_tests(cabinet_ids):
    """The latest restore test of each cabinet (one query)."""
    return registry.latest_per(
        RestoreTest.objects.filter(registry.in_cabinets(cabinet_ids)), "cabinet_id", "-performed_on", "-created_at"
    )


def due_restore_tests(cabinet_ids, now, horizon=None):
    horizon = horizon or local_day(now) + timedelta(days=DAYS_BEFORE)
    url = reverse("resilience:restore_tests")
    tests = latest_tests(cabinet_ids).values_list("id", "cabinet_id", "next_due")
    title = _("Test de restauration des sauvegardes")  # translated once per batch
    why = _("Une sauvegarde non testée n'est pas une sauvegarde : vérifiez qu'elle se restaure vraiment.")
    for test_id, cabinet_id, due in tests:
        if due <= horizon:
            yield registry.DueItem(cabinet_id, KIND, test_id, due, title, why, url)


def register():
    registry.register(
        registry.Kind(KIND, gettext_lazy("Test de restauration des sauvegardes"), due_restore_tests, watch=(RestoreTest,))
    )
