"""The dashboard runs a fixed, small number of queries whatever the cabinet holds (issue 13)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resilience.tests.factories import EmergencyContactFactory, InvitationFactory, MembershipFactory

MAX_QUERIES = 12


def _fill(team, many):
    from contracts.tests.factories import AnswerFactory, ContractFactory, ReviewFactory
    from incidents.tests.factories import DrillFactory, IncidentFactory

    for _ in range(many):
        MembershipFactory(cabinet=team.cabinet)
        EmergencyContactFactory(cabinet=team.cabinet)
        InvitationFactory(cabinet=team.cabinet)
        contract = ContractFactory(cabinet=team.cabinet)
        review = ReviewFactory(contract=contract)
        AnswerFactory(review=review)
        IncidentFactory(cabinet=team.cabinet)
        DrillFactory(cabinet=team.cabinet)


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
def test_the_dashboard_runs_twelve_queries_or_fewer_whatever_the_data_size(team):
    client = team.client_for(team.titulaire)
    _fill(team, 1)
    small, _sql = _count(client)
    _fill(team, 6)
    large, sql = _count(client)
    assert large <= MAX_QUERIES, "\n".join(sql)
    assert large == small, "\n".join(sql)
