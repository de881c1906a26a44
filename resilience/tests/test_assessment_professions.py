"""A question for one profession is asked of cabinets with that profession only (issue 10)."""

import html

import pytest
from django.urls import reverse

from resilience.models import Assessment
from resilience.practitioners import set_practitioners
from resilience.tests.assessment_support import answer_url, answers, finish_assessment, result_url, theme_url

pytestmark = pytest.mark.django_db

KINE_QUESTION = "fiche de synthèse du bilan kiné (BDK)"
VSM_QUESTION = "volet de synthèse médicale"


def start(client):
    client.post(reverse("resilience:assessment_start"))
    return Assessment.objects.in_progress().get()


def test_a_medical_cabinet_is_not_asked_the_kines_question_and_cannot_answer_it(team):
    client = team.client_for(team.titulaire)
    assessment = start(client)
    assert assessment.questionnaire_version == 2
    page = html.unescape(client.get(theme_url(assessment, "messagerie")).content.decode())
    assert KINE_QUESTION not in page and "L.1110-4" in page
    assert VSM_QUESTION in html.unescape(client.get(theme_url(assessment, "continuite")).content.decode())
    response = client.post(answer_url(assessment), {"question": "kine_bilan_secure", "answer": "no"})
    assert response.status_code == 400


def test_a_kine_cabinet_is_asked_its_question_and_not_the_medecins(team):
    set_practitioners(team.cabinet, {"kinesitherapie": 1})
    client = team.client_for(team.titulaire)
    assessment = start(client)
    assert KINE_QUESTION in html.unescape(client.get(theme_url(assessment, "messagerie")).content.decode())
    assert VSM_QUESTION not in html.unescape(client.get(theme_url(assessment, "continuite")).content.decode())
    assert client.post(answer_url(assessment), {"question": "kine_bilan_secure", "answer": "no"}).status_code == 200


def test_a_question_not_asked_counts_for_nothing_in_the_score(team):
    set_practitioners(team.cabinet, {"kinesitherapie": 2})
    given = answers("yes", vsm_up_to_date="no")  # a stray answer to a médecins' question
    given.pop("kine_bilan_secure")
    assessment = finish_assessment(team, {**given, "kine_bilan_secure": "yes"})
    assert assessment.score == 100
    page = team.client_for(team.titulaire).get(result_url(assessment)).content.decode()
    assert reverse("resilience:resources") in page
