"""A second assessment compared with the first, and the history of scores."""

import pytest
from django.urls import reverse

from resilience.tests.assessment_support import WEAK, answers, finish_assessment, pdf_text, result_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(team):
    first = finish_assessment(team, answers("yes", **WEAK, wifi_encryption="yes"), days_ago=180)
    second = finish_assessment(
        team,
        answers("yes", **{**WEAK, "backup_exists": "yes", "backup_restore_tested": "partial"}, wifi_encryption="no"),
    )
    return first, second


def test_the_second_result_compares_with_the_first(team, two):
    first, second = two
    assert second.previous == first
    page = team.client_for(team.member).get(result_url(second)).content.decode()
    delta = second.score - first.score
    assert f'data-testid="overall-delta">{delta:+d} points depuis le dernier autodiagnostic' in page
    assert "Depuis l&#x27;autodiagnostic de" in page or "Depuis l'autodiagnostic de" in page
    table = page[page.index('data-testid="comparison"') :]
    assert "Sauvegardes" in table and "+" in table
    improved = page[page.index('data-testid="improved"') :]
    improved = improved[: improved.index("</ul>")]
    assert "sont-elles sauvegardées" in improved and "(Non → Oui)" in improved
    assert "(Non → Partiellement)" in improved
    worsened = page[page.index('data-testid="worsened"') :]
    worsened = worsened[: worsened.index("</ul>")]
    assert "WPA2" in worsened and "(Oui → Non)" in worsened
    assert "Le trait noir marque le score du thème" in page  # the chart marks the previous scores


def test_the_first_result_has_nothing_to_compare_with(team, two):
    first, _ = two
    page = team.client_for(team.member).get(result_url(first)).content.decode()
    assert 'data-testid="comparison"' not in page and "overall-delta" not in page


def test_the_pdf_carries_the_comparison(team, two):
    _, second = two
    response = team.client_for(team.titulaire).get(reverse("resilience:assessment_pdf", args=[second.pk]))
    flat = " ".join(pdf_text(response.content).split())
    assert "points depuis le dernier autodiagnostic" in flat and "Avant Maintenant" in flat


def test_the_dashboard_and_the_overview_draw_the_history_of_scores(team, two):
    first, second = two
    client = team.client_for(team.titulaire)
    for url in (reverse("resilience:dashboard"), reverse("resilience:assessment_home")):
        page = client.get(url).content.decode()
        assert "Score global de vos autodiagnostics, sur 100" in page
        chart = page[page.index("Score global de vos autodiagnostics") :]
        chart = chart[: chart.index("</svg>")]
        assert chart.count("<rect") == 2
        assert chart.index(f">{first.score}<") < chart.index(f">{second.score}<")  # oldest first
    assert f"(avant : {first.score})" in client.get(reverse("resilience:dashboard")).content.decode()


def test_the_dashboard_history_is_bounded(team):
    for days in range(400, 0, -30):  # 14 finished assessments
        finish_assessment(team, answers("yes"), days_ago=days)
    page = team.client_for(team.titulaire).get(reverse("resilience:dashboard")).content.decode()
    chart = page[page.index("Score global de vos autodiagnostics") :]
    assert chart[: chart.index("</svg>")].count("<rect") == 10
