"""Aggregates checked against a hand-computed fixture, and the page that shows them."""

import pytest
from django.test import override_settings
from django.urls import reverse

from resilience.statistics import cube, queries, report
from resilience.statistics.filters import Calendar, Filters, Scope
from resilience.statistics.tests.support import all_answers, cabinet, finished, urps_client
from resilience.tests.factories import UrpsAdminFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["summary rows", "cube"])
def gironde(request):
    """Ten sharing and five non-sharing solo cabinets in Gironde; the sharing ones: answers "yes" except, for cabinet i < 4, backups "no"."""
    cabinets = []
    for i in range(10):
        c = cabinet("33", 1)
        overrides = {"backup_exists": "no"} if i < 4 else {}
        if i == 9:
            overrides["backup_offline"] = "unknown"
        finished(c, all_answers(**overrides))
        cabinets.append(c)
    for _ in range(5):
        cabinet("33", 1, share=False)  # registered, not sharing: 15 - 10 = 5 is not a small group
    if request.param:  # the figures summed from the cube, as pages read them after the warming task
        build = cube.refresh(queries.current_version(), Calendar.now(), [("medecine_generale",)])
        assert cube.covers(build, queries.current_version(), Calendar.now(), ("medecine_generale",))
    return cabinets


def test_figures_of_a_known_fixture(gironde):
    scope = Scope.of(UrpsAdminFactory.build(region="nouvelle-aquitaine", professions=["medecine_generale"]))
    with override_settings(URPS_MIN_CABINETS=5):
        built = report.build(scope, Filters(), Calendar.now())
    participation = built.table("participation").rows
    assert [f.value for f in (participation[0][1], participation[1][1], participation[2][1])] == [15, 10, 10]
    fragility = {row[0]: row[2].value for row in built.table("fragilites").rows}
    from resilience.assessment.questionnaire import get_questionnaire

    q = get_questionnaire()
    assert fragility[q.question("backup_exists").text] == 40
    assert fragility[q.question("backup_offline").text] == 10
    assert fragility[q.question("screen_lock").text] == 0
    top = built.table("top10").rows
    assert top[0][0] == q.question("backup_exists").text and top[0][2].value == 40
    # Scores: 6 cabinets at 100; the others lose backup_exists (and one backup_offline).
    scores = sorted(c.summaries.get().score for c in gironde)
    median = built.table("scores").rows[1][1].value
    assert median == round((scores[4] + scores[5]) / 2)


def test_under_the_threshold_nothing_is_a_number(gironde):
    scope = Scope.of(UrpsAdminFactory.build(region="nouvelle-aquitaine", professions=["medecine_generale"]))
    with override_settings(URPS_MIN_CABINETS=11):
        built = report.build(scope, Filters(), Calendar.now())
    counts = ("departements", "professions", "tailles")
    for table in built.tables:
        for row in table.rows:
            if table.key == "participation" and row is table.rows[0]:
                continue  # 15 registered cabinets: shown
            for value in row[2 if table.key in counts else 1:]:
                assert not hasattr(value, "hidden") or value.hidden, (table.key, row)


def test_the_page_renders_for_the_urps_admin(client, gironde):
    urps_client(client)
    with override_settings(URPS_MIN_CABINETS=5):
        response = client.get(reverse("resilience:urps_home"), {"departement": "33"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gironde" in body and "moins de 5 cabinets" in body
