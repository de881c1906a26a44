"""The cube: every group's figures summed from it are those grouped from the summary rows."""

import itertools
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resilience.models import ActionItem, Profession, UrpsCube
from resilience.statistics import cube, queries, report, warming
from resilience.statistics.disclosure import ALL
from resilience.statistics.filters import PERIODS, SIZES, Calendar, Filters, Scope
from resilience.statistics.tests.support import all_answers, cabinet, finished, urps_client
from resilience.tests.factories import RestoreTestFactory, UrpsAdminFactory

pytestmark = pytest.mark.django_db

MG, KINE, IDE = "medecine_generale", "kinesitherapie", "soins_infirmiers"


@pytest.fixture
def mixed(region):
    """The region fixture, plus cabinets of several professions, sizes, periods, plans and follow-ups."""
    today = timezone.localdate()
    for i, (counts, dep, days) in enumerate([
        ({MG: 2, KINE: 1}, "33", 30), ({MG: 1, KINE: 4}, "33", 250), ({KINE: 1}, "33", 500),
        ({KINE: 2, IDE: 1}, "64", 40), ({IDE: 6}, "64", 100), ({MG: 5, IDE: 1}, "40", 700), ({MG: 1}, "33", 900),
    ]):
        c = cabinet(dep, counts=counts)
        finished(c, all_answers(code="unknown"), days_ago=days + 400)  # an older one: only in the trend
        latest = finished(c, all_answers(backup_exists="no", wifi_encryption="na" if i % 2 else "yes"), days_ago=days)
        for position in range(8):
            ActionItem.objects.create(cabinet=c, assessment=latest, action_key=f"a{position}", rank=1, position=position,
                                      answer="no", status="done" if position % 3 else "todo")
        if i % 2:
            RestoreTestFactory(cabinet=c, performed_on=today - timedelta(days=20), next_due=today)
    cabinet("33", counts={MG: 1, KINE: 1}, share=False)


def _scopes():
    return [
        Scope.of(UrpsAdminFactory.build(region="nouvelle-aquitaine", professions=[MG])),
        Scope.of(UrpsAdminFactory.build(region="nouvelle-aquitaine", professions=[MG, KINE])),
        Scope.of(UrpsAdminFactory.build(national=True, professions=list(Profession.values))),
    ]


def test_every_group_summed_from_the_cube_is_the_group_of_the_summary_rows(mixed):
    calendar = Calendar.now()
    scopes = _scopes()
    cube.refresh("v1", calendar, cube.profession_sets(scopes))
    compared = 0
    for scope in scopes:
        departements = [d for d in ("33", "40", "64", "35") if d in scope.departements]
        for profession, dep, size, period in itertools.product(
            (ALL, *scope.professions), (ALL, *departements), (ALL, *SIZES), PERIODS,
        ):
            filters = Filters(profession=profession, departement=dep, size=size, period=period)
            for country in (False, True):
                expected = queries.group_facts(scope, filters, calendar, country=country)
                assert cube.group_facts(scope, filters, calendar, country=country) == expected, (scope, filters, country)
                compared += 1
    assert compared > 1000


def test_a_cabinet_of_two_professions_counts_once_in_their_set_and_once_under_each(mixed):
    calendar = Calendar.now()
    scope = _scopes()[1]
    cube.refresh("v1", calendar, cube.profession_sets([scope]))

    def cabinets(profession):
        facts = cube.group_facts(scope, Filters(profession=profession, departement="33", period="24"), calendar)
        return sum(facts["scores"].values())

    # Gironde, 24 months: the region fixture's 12 médecins, 2 médecins-kinés and 1 kiné (the last médecin is older).
    assert (cabinets(MG), cabinets(KINE), cabinets(ALL)) == (14, 3, 15)


def test_the_cube_holds_one_version_and_day(mixed):
    calendar = Calendar.now()
    build = cube.refresh("v1", calendar, [(MG,)])
    assert cube.covers(build, "v1", calendar, (MG,))
    assert not cube.covers(build, "v2", calendar, (MG,))
    assert not cube.covers(build, "v1", Calendar(calendar.today + timedelta(days=1)), (MG,))
    assert not cube.covers(build, "v1", calendar, (KINE,))
    again = cube.refresh("v2", calendar, [(KINE,)])
    assert cube.covers(again, "v2", calendar, (KINE,)) and not cube.covers(again, "v2", calendar, (MG,))
    assert not UrpsCube.objects.filter(professions=cube.mask([MG])).exists()


def test_a_filter_nobody_opened_is_summed_from_the_cube_after_warming(client, mixed):
    urps_client(client, region="nouvelle-aquitaine", professions=[MG, KINE])
    url = reverse("resilience:urps_home")
    with override_settings(URPS_MIN_CABINETS=5):
        client.get(url)
        cache.clear()
        assert warming.warm()["warmed"] is True
        with CaptureQueriesContext(connection) as captured:
            body = client.get(url, {"profession": KINE, "taille": "2-4", "periode": "24"}).content.decode()
    summaries = [q["sql"] for q in captured.captured_queries
                 if "summary" in q["sql"] and "MAX(assessment_id)" not in q["sql"]]
    assert summaries == []
    assert sum(f'"{UrpsCube._meta.db_table}"' in q["sql"] for q in captured.captured_queries) == 2  # the group and France
    assert "Masso-kinésithérapie" in body


def test_a_new_admin_scope_gets_its_cube_at_the_next_forced_or_changed_warming(mixed):
    calendar = Calendar.now()
    UrpsAdminFactory(region="nouvelle-aquitaine", professions=[MG])
    warming.warm(calendar)
    assert not cube.covers(cube.built(), queries.data_version(), calendar, (IDE,))
    UrpsAdminFactory(region="nouvelle-aquitaine", professions=[IDE])
    assert warming.warm(calendar)["warmed"] is False  # same data: nothing done (its pages use the summary rows)
    assert warming.warm(calendar, force=True)["warmed"] is True
    assert cube.covers(cube.built(), queries.data_version(), calendar, (IDE,))
    scope = Scope.of(UrpsAdminFactory.build(region="nouvelle-aquitaine", professions=[IDE]))
    built = report.build(scope, Filters(period="24"), calendar)
    assert built.table("participation").rows[0][1].value is None  # 3 cabinets with an infirmier in the region: hidden
