"""The dashboard runs a fixed, small number of queries whatever the cabinet holds (issue 13)."""

import itertools
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resilience.tests.factories import EmergencyContactFactory, InvitationFactory, MembershipFactory

# Issue 13's budget is 12; every panel filled, the session's read included, the dashboard runs 11: the
# session, the user (with its URPS and two-step status), the memberships (with the practitioners by
# profession and the bell's unread count), the team (with the pending invitations), the self-assessment
# (2: recent assessments, open priorities), restore tests, incidents (2: open incidents, last drill),
# the kit (its last test, stock and equipment in one row) and the contracts (with their latest review
# and its answers).
MAX_QUERIES = 11

_item_ids = itertools.count(1)


def _fill(team, many):
    from contracts.tests.factories import AnswerFactory, ContractFactory, ReviewFactory
    from incidents.tests.factories import DrillFactory, IncidentFactory
    from kit import services as kit_services
    from resilience.models import Reminder, RestoreResult
    from resilience.practitioners import set_practitioners
    from resilience.tests.assessment_support import WEAK, answers, finish_assessment
    from resilience.tests.factories import RestoreTestFactory

    set_practitioners(team.cabinet, {"medecine_generale": 2 + many, "soins_infirmiers": 1, "kinesitherapie": many})
    team.cabinet.share_statistics = True
    team.cabinet.save(update_fields=["share_statistics"])
    for _ in range(many):
        MembershipFactory(cabinet=team.cabinet)
        EmergencyContactFactory(cabinet=team.cabinet)
        InvitationFactory(cabinet=team.cabinet)
        contract = ContractFactory(cabinet=team.cabinet)
        review = ReviewFactory(contract=contract)
        AnswerFactory(review=review)
        ContractFactory(  # not reviewed yet, with a notice deadline
            cabinet=team.cabinet, ends_on=timezone.localdate() + timedelta(days=90), tacit_renewal=True, notice_months=1
        )
        IncidentFactory(cabinet=team.cabinet)
        DrillFactory(cabinet=team.cabinet, finished_at=timezone.now())
        RestoreTestFactory(cabinet=team.cabinet, result=RestoreResult.SUCCESS, performed_on=date(2026, 1, 5))
        RestoreTestFactory(cabinet=team.cabinet, result=RestoreResult.FAILED, performed_on=date(2026, 6, 5))
        kit_services.record_kit_test(team.cabinet, team.titulaire, date(2026, 6, 1), {})
        kit_services.save_stock(team.cabinet, team.titulaire, {"feuilles_de_soins": 3, "ordonnances_classiques": 1})
        finish_assessment(team, answers("yes", **WEAK))
        Reminder.objects.create(
            cabinet=team.cabinet, kind="restore_test", item_id=next(_item_ids), due=timezone.localdate(), stage=1,
            recipient=team.titulaire, title="Test", url="/",
        )


def _count(client):
    """Queries of one dashboard view, the session's read included (sessions are in the database)."""
    url = reverse("resilience:dashboard")
    client.get(url)  # the first request may refresh the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The test's own transaction turns the request's atomic block into a savepoint: not a query of the page.
    sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    return len(sql), sql, response.content.decode()


def _assert_every_panel_is_filled(html, unread):
    for shown in (
        'data-testid="dashboard-score"',  # self-assessment: the latest score
        'data-testid="open-priorities"',  # its open actions
        "Incident en cours",  # an open incident
        "Dernier exercice",  # the last drill
        "Dernier test",  # the kit's last test
        "Échec",  # the latest restore test failed
        "en attente.",  # pending invitations
        "pas encore été relu",  # contracts not reviewed yet
        "Dernier jour pour résilier",  # the next notice deadline
        "Les résultats anonymes de vos autodiagnostics sont inclus",  # URPS sharing
        "infirmier",  # practitioners by profession in the header
        "kiné",
    ):
        assert shown in html, shown
    assert re.search(rf'data-testid="bell-count">{unread}<', html), "the bell's unread count"


@pytest.mark.django_db
def test_the_dashboard_runs_a_fixed_number_of_queries_whatever_the_data_size(team):
    client = team.client_for(team.titulaire)
    _fill(team, 1)
    small, _sql, html = _count(client)
    _assert_every_panel_is_filled(html, unread=1)
    _fill(team, 6)
    large, sql, html = _count(client)
    _assert_every_panel_is_filled(html, unread=7)
    assert large <= MAX_QUERIES, "\n".join(sql)
    assert large == small, "\n".join(sql)
