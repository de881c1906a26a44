"""The dashboard runs a fixed, small number of queries whatever the cabinet holds (issue 13)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resilience.tests.factories import EmergencyContactFactory, InvitationFactory, MembershipFactory

# Issue 13 asked for 12. Since then the dashboard gained three reads, one each: the notification
# bell's unread count, the restore-test panel (a second one after a failed test) and the
# practitioners by profession of the cabinet's header; and sessions are now read from the database
# on every request. The worst case below (every panel filled) is what it runs now.
MAX_QUERIES = 15


def _fill(team, many):
    from datetime import date

    from contracts.tests.factories import AnswerFactory, ContractFactory, ReviewFactory
    from incidents.tests.factories import DrillFactory, IncidentFactory
    from kit import services as kit_services
    from resilience.models import RestoreResult
    from resilience.tests.factories import RestoreTestFactory

    for _ in range(many):
        MembershipFactory(cabinet=team.cabinet)
        EmergencyContactFactory(cabinet=team.cabinet)
        InvitationFactory(cabinet=team.cabinet)
        contract = ContractFactory(cabinet=team.cabinet)
        review = ReviewFactory(contract=contract)
        AnswerFactory(review=review)
        IncidentFactory(cabinet=team.cabinet)
        DrillFactory(cabinet=team.cabinet)
        RestoreTestFactory(cabinet=team.cabinet, result=RestoreResult.SUCCESS, performed_on=date(2026, 1, 5))
        RestoreTestFactory(cabinet=team.cabinet, result=RestoreResult.FAILED, performed_on=date(2026, 6, 5))
        kit_services.record_kit_test(team.cabinet, team.titulaire, date(2026, 6, 1), {})


def _count(client):
    """Queries of one dashboard view, the session's read included (sessions are in the database)."""
    url = reverse("resilience:dashboard")
    client.get(url)  # the first request may refresh the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The test's own transaction turns the request's atomic block into a savepoint: not a query of the page.
    sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    return len(sql), sql


@pytest.mark.django_db
def test_the_dashboard_runs_a_fixed_number_of_queries_whatever_the_data_size(team):
    client = team.client_for(team.titulaire)
    _fill(team, 1)
    small, _sql = _count(client)
    _fill(team, 6)
    large, sql = _count(client)
    assert large <= MAX_QUERIES, "\n".join(sql)
    assert large == small, "\n".join(sql)
