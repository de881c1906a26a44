"""The kit's follow-up figure on the URPS dashboard (registered from KitConfig.ready)."""

from datetime import date

import pytest
from django.test import override_settings

from kit.models import KitTest
from resilience.statistics import aggregates, report
from resilience.statistics.filters import Calendar, Filters, Scope
from resilience.statistics.tests.support import all_answers, cabinet, finished
from resilience.tests.factories import RestoreTestFactory, UrpsAdminFactory

pytestmark = pytest.mark.django_db


def test_the_apps_register_their_follow_up_figures_and_the_shares_are_right():
    assert {a.key for a in aggregates.registered()} >= {"kit_test", "restore_test", "contract_review", "drill"}
    cabinets = [cabinet("33", 1) for _ in range(10)]
    for c in cabinets:
        finished(c, all_answers())
    for c in cabinets[:3]:
        KitTest.objects.create(cabinet=c, performed_on=date.today(), performed_by_name="Claire", next_due=date.today(),
                               catalogue_version="1")
    KitTest.objects.create(cabinet=cabinets[3], performed_on=date(2020, 1, 1), performed_by_name="Claire",
                           next_due=date(2020, 7, 1), catalogue_version="1")  # too old
    for c in cabinets[:5]:
        RestoreTestFactory(cabinet=c, performed_on=date.today())
    scope = Scope.of(UrpsAdminFactory.build(region="nouvelle-aquitaine", professions=["medecine_generale"]))
    with override_settings(URPS_MIN_CABINETS=5):
        built = report.build(scope, Filters(), Calendar.now())
    follow = {row[0]: row[1].value for row in built.table("suivi").rows}
    assert follow["Test du kit « mode dégradé »"] == 30
    assert follow["Exercice d'incident"] == 0
    assert follow["Test de restauration d'une sauvegarde"] == 50
