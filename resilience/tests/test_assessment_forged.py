"""Forged requests on the self-assessment are refused (400 or 404) and change nothing."""

import pytest
from django.urls import reverse

from resilience.assessment import services
from resilience.models import ActionItem, Answer, Assessment
from resilience.tests.assessment_support import answer_url, answers, finish_assessment, tenant_for, theme_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(team):
    """The team's assessment in progress, one answer given."""
    started, _ = services.start(tenant_for(team.titulaire, team.cabinet), team.titulaire)
    services.save_answers(started, {"backup_exists": "yes"}, team.titulaire)
    return started


def stored(assessment):
    return dict(Answer.objects.filter(assessment=assessment).values_list("question_key", "code"))


@pytest.mark.parametrize(
    "data",
    [
        {"question": "not_a_question", "answer": "yes"},  # unknown question key
        {"question": "backup_exists", "answer": "maybe"},  # not an answer code
        {"question": "backup_two_places", "answer": "partial"},  # a code this question does not offer
        {"question": "support_contact_identified", "answer": "na"},
        {"question": "backup_exists"},  # no answer
        {"answer": "no"},  # no question
        {"question": "backup_exists", "answer": "no" * 40},
    ],
)
def test_an_invalid_answer_is_refused(team, assessment, data):
    response = team.client_for(team.member).post(answer_url(assessment), data)
    assert response.status_code == 400
    assert stored(assessment) == {"backup_exists": "yes"}


@pytest.mark.parametrize(
    "data",
    [
        {"q-backup_exists": "no", "q-not_a_question": "yes"},  # unknown question key
        {"q-backup_exists": "no", "q-wifi_encryption": "yes"},  # a question of another page
        {"q-backup_exists": "no", "q-backup_recent": "maybe"},  # invalid answer
        {"q-backup_recent": "na"},  # not offered for this question
    ],
)
def test_a_forged_theme_page_saves_nothing(team, assessment, data):
    response = team.client_for(team.member).post(theme_url(assessment, "sauvegardes"), data)
    assert response.status_code == 400
    assert stored(assessment) == {"backup_exists": "yes"}


def test_an_unknown_theme_is_404(team, assessment):
    client = team.client_for(team.member)
    assert client.get(theme_url(assessment, "pas-un-theme")).status_code == 404
    assert client.post(theme_url(assessment, "pas-un-theme"), {"q-backup_exists": "no"}).status_code == 404
    assert stored(assessment) == {"backup_exists": "yes"}


def test_another_cabinets_assessment_is_404_and_untouched(team, assessment):
    outsider = team.client_for(team.outsider)
    assert outsider.post(answer_url(assessment), {"question": "backup_exists", "answer": "no"}).status_code == 404
    assert outsider.post(theme_url(assessment, "sauvegardes"), {"q-backup_exists": "no"}).status_code == 404
    assert outsider.get(theme_url(assessment, "sauvegardes")).status_code == 404
    assert outsider.post(reverse("resilience:assessment_finish", args=[assessment.pk])).status_code == 404
    for name in ("assessment_review", "assessment_result", "assessment_pdf"):
        assert outsider.get(reverse(f"resilience:{name}", args=[assessment.pk])).status_code == 404
    assessment.refresh_from_db()
    assert not assessment.is_finished and stored(assessment) == {"backup_exists": "yes"}
    assert not Assessment.objects.filter(cabinet=team.other_cabinet).exists()


def test_a_finished_assessment_takes_no_more_answers(team):
    finished = finish_assessment(team, answers("no"))
    client = team.client_for(team.titulaire)
    before = stored(finished)
    assert client.post(answer_url(finished), {"question": "backup_exists", "answer": "yes"}).status_code == 400
    assert client.post(theme_url(finished, "sauvegardes"), {"q-backup_exists": "yes"}).status_code == 400
    assert stored(finished) == before
    finished.refresh_from_db()
    assert finished.score == 0


def test_another_cabinets_action_item_is_404_and_untouched(team):
    finished = finish_assessment(team, answers("no"))
    item = ActionItem.objects.filter(assessment=finished).first()
    url = reverse("resilience:action_edit", args=[item.pk])
    response = team.client_for(team.outsider).post(url, {"status": "done"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "todo"
