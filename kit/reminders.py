"""The kit test as a due item of the core's reminders (registered from KitConfig.ready)."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kit.models import Kit, KitTest
from resilience.reminders import registry
from resilience.reminders.stages import DAYS_BEFORE, local_day

KIND = "kit_test"


def due_kit_tests(cabinet_ids, now, horizon=None):
    horizon = horizon or local_day(now) + timedelta(days=DAYS_BEFORE)
    url = reverse("kit:test_new")
    kits = Kit.objects.filter(registry.in_cabinets(cabinet_ids), next_test_due__lte=horizon)
    title = _("Test du kit « mode dégradé »")  # translated once per batch, not once per kit
    why = _("Un kit jamais vérifié manque souvent de formulaires le jour où l'informatique tombe en panne.")
    for kit_id, cabinet_id, due in kits.values_list("id", "cabinet_id", "next_test_due"):
        # The whole team runs the kit test, often the secretary: every member is told.
        yield registry.DueItem(cabinet_id, KIND, kit_id, due, title, why, url, registry.ALL_MEMBERS)


def register():
    registry.register(registry.Kind(KIND, gettext_lazy("Test du kit « mode dégradé »"), due_kit_tests, watch=(Kit, KitTest)))
