"""The questionnaire page and the result page run a fixed number of SQL queries.

"Fixed": at most 13, and the same with one past assessment as with six, whatever
the number of questions answered (61 here).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resilience.assessment import services
from resilience.tests.assessment_support import WEAK, answers, finish_assessment, result_url, tenant_for, theme_url

pytestmark = pytest.mark.django_db

# 12, plus the navigation's notification bell (one COUNT), plus one since issue 10: the cabinet's
# professions decide which questions it is asked.
MAX_QUERIES = 14


def history(team, count):
    """`count` finished assessments, older first, then one in progress with every question answered."""
    for number in range(count):
        finish_assessment(team, answers("yes" if number % 2 else "no", **WEAK), days_ago=30 * (count - number))
    current, _ = services.start(tenant_for(team.titulaire, team.cabinet), team.titulaire)
    services.save_answers(current, answers("yes", backup_exists="no"), team.titulaire)
    return current


def count_queries(client, url):
    client.get(url)  # warm the session cache and lazy settings
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def client(team):
    return team.client_for(team.titulaire)


def test_the_questionnaire_page_query_count_is_fixed(team, client, django_assert_max_num_queries):
    current = history(team, 6)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(theme_url(current, "sauvegardes")).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse("resilience:assessment_review", args=[current.pk])).status_code == 200


def test_the_result_page_query_count_is_fixed(team, client, django_assert_max_num_queries):
    current = history(team, 6)
    services.finish(tenant_for(team.titulaire, team.cabinet), current, team.titulaire)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(result_url(current)).status_code == 200


def test_the_counts_do_not_grow_with_the_history(team, client):
    first = history(team, 1)
    counts_small = [count_queries(client, theme_url(first, "continuite"))]
    services.finish(tenant_for(team.titulaire, team.cabinet), first, team.titulaire)
    counts_small.append(count_queries(client, result_url(first)))
    counts_small.append(count_queries(client, reverse("resilience:dashboard")))
    counts_small.append(count_queries(client, reverse("resilience:assessment_home")))

    last = history(team, 6)
    counts_large = [count_queries(client, theme_url(last, "continuite"))]
    services.finish(tenant_for(team.titulaire, team.cabinet), last, team.titulaire)
    counts_large.append(count_queries(client, result_url(last)))
    counts_large.append(count_queries(client, reverse("resilience:dashboard")))
    counts_large.append(count_queries(client, reverse("resilience:assessment_home")))

    assert counts_small == counts_large
    assert max(counts_large[:2]) <= MAX_QUERIES
    print("queries (theme page, result page, dashboard, overview):", counts_large)
