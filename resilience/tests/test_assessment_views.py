"""Answering the self-assessment and reading its result, through the pages."""

from unittest import mock

import pytest
from django.db import IntegrityError
from django.urls import reverse

from resilience.assessment import services
from resilience.assessment import questionnaire
from resilience.assessment.questionnaire import QUESTIONNAIRE_DIR, get_questionnaire, load_directory
from resilience.models import ActionItem, Answer, Assessment, AuditEvent
from resilience.tests.assessment_support import (
    WEAK,
    answer_url,
    answers,
    finish_assessment,
    pdf_text,
    result_url,
    tenant_for,
    theme_url,
)

pytestmark = pytest.mark.django_db

START = reverse("resilience:assessment_start")
HOME = reverse("resilience:assessment_home")


def start(client):
    response = client.post(START)
    assert response.status_code == 302
    return Assessment.objects.in_progress().get(), response


def test_the_overview_invites_to_start_and_the_menu_links_to_it(team):
    page = team.client_for(team.secretary).get(HOME).content.decode()
    assert "Commencer l'autodiagnostic" in page
    assert f'href="{HOME}"' in team.client_for(team.member).get(reverse("resilience:dashboard")).content.decode()


def test_starting_opens_the_first_theme_and_records_the_version(team):
    client = team.client_for(team.secretary)  # any member may answer
    assessment, response = start(client)
    assert response.url == theme_url(assessment, "sauvegardes")
    assert assessment.questionnaire_version == get_questionnaire().version
    assert assessment.started_by == team.secretary
    page = client.get(response.url).content.decode()
    # A médecins' cabinet: 16 themes, the 69 questions of v2 but the kinés' one.
    assert "Sauvegardes" in page and "thème 1 sur 16" in page
    assert '<progress max="68" value="0"' in page
    assert "Enregistrer et continuer" in page
    assert 'hx-post="%s"' % answer_url(assessment) in page
    assert "style=" not in page and "<script>" not in page  # strict CSP: no inline style or script
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="assessment.start").exists()


def test_one_assessment_in_progress_per_cabinet(team):
    assessment, _ = start(team.client_for(team.titulaire))
    again, response = start(team.client_for(team.member))
    assert again == assessment and Assessment.objects.count() == 1
    assert response.url == theme_url(assessment, "sauvegardes")


def test_two_members_starting_at_once_share_the_same_assessment(team):
    """The partial unique constraint refuses a second one; the loser reuses the winner's."""
    winner, _ = services.start(tenant_for(team.titulaire, team.cabinet), team.titulaire)
    tenant = tenant_for(team.member, team.cabinet)
    with mock.patch.object(services, "in_progress", return_value=None):  # both saw none in progress
        reused, created = services.start(tenant, team.member)
    assert (reused, created) == (winner, False)
    assert Assessment.objects.count() == 1
    with pytest.raises(IntegrityError):
        Assessment.objects.create(cabinet=team.cabinet, questionnaire_version=1, started_at=winner.started_at)


def test_an_answer_is_saved_the_moment_it_is_given(team):
    client = team.client_for(team.member)
    assessment, _ = start(client)
    response = client.post(answer_url(assessment), {"question": "backup_exists", "answer": "no"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enregistré" in page and 'hx-swap-oob="true"' in page and 'value="1"' in page
    response = client.post(answer_url(assessment), {"question": "backup_recent", "answer": "partial"})
    assert 'value="2"' in response.content.decode()
    # Changing an answer updates its own row and leaves the others alone.
    client.post(answer_url(assessment), {"question": "backup_exists", "answer": "yes"})
    stored = dict(Answer.objects.filter(assessment=assessment).values_list("question_key", "code"))
    assert stored == {"backup_exists": "yes", "backup_recent": "partial"}
    assert Answer.objects.get(question_key="backup_exists").answered_by == team.member


def test_without_javascript_the_page_is_saved_by_its_button(team):
    client = team.client_for(team.titulaire)
    assessment, _ = start(client)
    data = {"q-backup_exists": "no", "q-backup_automatic": "unknown", "go": "next"}
    response = client.post(theme_url(assessment, "sauvegardes"), data)
    assert response.status_code == 302 and response.url == theme_url(assessment, "protection_sauvegardes")
    assert Answer.objects.filter(assessment=assessment).count() == 2
    # "Précédent" saves too, then goes back.
    response = client.post(theme_url(assessment, "protection_sauvegardes"), {"q-backup_two_places": "no", "go": "previous"})
    assert response.url == theme_url(assessment, "sauvegardes")
    page = client.get(theme_url(assessment, "sauvegardes")).content.decode()
    assert 'id="q-backup_exists-no" value="no" autocomplete="off" checked' in page
    # The last theme leads to the review.
    response = client.post(theme_url(assessment, "vigilance"), {"q-threat_watch": "yes"})
    assert response.url == reverse("resilience:assessment_review", args=[assessment.pk])


def test_coming_back_resumes_at_the_first_unfinished_theme(team):
    client = team.client_for(team.titulaire)
    assessment, _ = start(client)
    first_two = {k: "no" for k in [q.key for q in get_questionnaire().questions[:9]]}  # themes 1 and 2
    services.save_answers(assessment, first_two, team.titulaire)
    page = client.get(HOME).content.decode()
    assert "Reprendre" in page and theme_url(assessment, "contact_appui") in page
    response = client.post(START)
    assert response.url == theme_url(assessment, "contact_appui")


def test_the_review_lists_the_questions_left_and_finishing_builds_the_plan(team):
    client = team.client_for(team.titulaire)
    assessment, _ = start(client)
    given = answers("yes", **WEAK)
    del given["incident_cnil_72h"]
    services.save_answers(assessment, given, team.titulaire)
    page = client.get(reverse("resilience:assessment_review", args=[assessment.pk])).content.decode()
    assert "1 question n'a pas de réponse" in page and "72 heures" in page
    response = client.post(reverse("resilience:assessment_finish", args=[assessment.pk]))
    assert response.url == result_url(assessment)
    assessment.refresh_from_db()
    assert assessment.is_finished and assessment.finished_by == team.titulaire
    assert assessment.score is not None and assessment.theme_scores["sauvegardes"] == 0
    keys = list(ActionItem.objects.filter(assessment=assessment).values_list("action_key", flat=True))
    assert keys[:4] == ["backups_verify", "support_contact", "access_secure", "incident_prepare"]
    # A second click changes nothing.
    client.post(reverse("resilience:assessment_finish", args=[assessment.pk]))
    assert ActionItem.objects.filter(assessment=assessment).count() == len(keys)
    assert AuditEvent.objects.filter(action="assessment.finish").count() == 1


def test_the_result_shows_score_chart_plan_in_the_seed_order_reflexes_and_cnil_rule(team):
    assessment = finish_assessment(team, answers("yes", **WEAK, backup_encrypted="unknown", updates_system="no"))
    response = team.client_for(team.secretary).get(result_url(assessment))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="overall-score"' in page
    assert '<svg class="chart"' in page and "Score par thème, sur 100" in page and "Sauvegardes : 0/100" in page
    seed_order = [
        "Vérifier les sauvegardes sans attendre",
        "Faire le point sur vos sauvegardes avec votre prestataire",
        "Identifier un contact d&#x27;appui en cas d&#x27;incident",
        "Sécuriser les accès essentiels",
    ]
    positions = [page.index(title) for title in seed_order]
    assert positions == sorted(positions)
    assert "Vos priorités pour les six prochains mois" in page
    assert page.index("Vos priorités pour les six prochains mois") < positions[0]
    assert page.index("Ensuite :") > page.index("Vérifier les sauvegardes")
    for reflex in ("Préserver", "Prioriser", "Signaler"):
        assert reflex in page
    assert "72 heures" in page and "https://www.cnil.fr/fr/notifier-une-violation-de-donnees-personnelles" in page
    assert "Vos points de fragilité" in page and "Je ne sais pas" in page
    # The support contact action links to the contacts page, which exists; missing pages get no link.
    assert f'href="{reverse("resilience:contacts")}"' in page
    assert "restore_tests" not in page
    assert "style=" not in page


def test_the_pdf_has_the_cabinet_the_date_the_chart_and_the_actions(team):
    assessment = finish_assessment(team, answers("yes", **WEAK))
    response = team.client_for(team.titulaire).get(reverse("resilience:assessment_pdf", args=[assessment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="autodiagnostic-cabinet-des-acacias-')
    text = pdf_text(response.content)
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 2
    for page in pages:
        assert "Cabinet des Acacias" in page and "Généré le" in page
    assert "Score par thème" in text and "Sauvegardes" in text and "0/100" in text  # the chart's text
    flat = " ".join(text.split())
    order = ["Vérifier les sauvegardes sans attendre", "Identifier un contact d'appui", "Sécuriser les accès essentiels"]
    assert [flat.index(title) for title in order] == sorted(flat.index(title) for title in order)
    assert "Préserver" in flat and "72 heures" in flat


def test_an_unfinished_assessment_has_no_result_yet(team):
    client = team.client_for(team.titulaire)
    assessment, _ = start(client)
    response = client.get(result_url(assessment))
    assert response.url == reverse("resilience:assessment_review", args=[assessment.pk])
    assert client.get(reverse("resilience:assessment_pdf", args=[assessment.pk])).status_code == 302


def test_a_finished_assessment_sends_its_theme_pages_to_the_result(team):
    assessment = finish_assessment(team, answers("yes"))
    client = team.client_for(team.titulaire)
    assert client.get(theme_url(assessment, "wifi")).url == result_url(assessment)
    assert client.get(reverse("resilience:assessment_review", args=[assessment.pk])).url == result_url(assessment)
    page = client.get(result_url(assessment)).content.decode()
    assert "Aucun point de fragilité" in page


def test_a_new_assessment_starts_blank_and_shows_the_previous_answer(team):
    first = finish_assessment(team, answers("yes", backup_exists="partial", backup_offline="unknown"), days_ago=180)
    client = team.client_for(team.titulaire)
    second, _ = start(client)
    assert second.previous == first
    assert not Answer.objects.filter(assessment=second).exists()
    page = client.get(theme_url(second, "sauvegardes")).content.decode()
    assert '<progress max="68" value="0"' in page
    assert page.count('data-testid="previous-answer"') == 5
    assert "Réponse précédente : <strong>Partiellement</strong>" in page
    assert "Réponse précédente : <strong>Je ne sais pas</strong>" in page
    assert " checked" not in page


def test_an_old_assessment_still_displays_after_the_questionnaire_changes(team, tmp_path, monkeypatch):
    assessment = finish_assessment(team, answers("yes", backup_exists="no"))
    for name in ("v1.yaml", "v2.yaml"):
        (tmp_path / name).write_text((QUESTIONNAIRE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    v2 = (QUESTIONNAIRE_DIR / "v2.yaml").read_text(encoding="utf-8")
    v3 = v2.replace("version: 2", "version: 3", 1).replace(
        "Vérifier les sauvegardes sans attendre", "Contrôler vos sauvegardes cette semaine"
    )
    (tmp_path / "v3.yaml").write_text(v3, encoding="utf-8")
    monkeypatch.setattr(questionnaire, "shipped_questionnaires", lambda: load_directory(tmp_path))
    assert get_questionnaire().version == 3
    page = team.client_for(team.titulaire).get(result_url(assessment)).content.decode()
    assert "Vérifier les sauvegardes sans attendre" in page
    assert "Contrôler vos sauvegardes" not in page
    # A new assessment uses the new version, and its plan the new texts.
    newer = finish_assessment(team, answers("yes", backup_exists="no"))
    assert newer.questionnaire_version == 3
    assert "Contrôler vos sauvegardes cette semaine" in team.client_for(team.titulaire).get(result_url(newer)).content.decode()
