"""`load_demo` gives "Cabinet démo" an assessment finished six months ago and a few tracked actions."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from resilience.demo import DEMO_CABINET, OTHER_CABINET
from resilience.models import ActionItem, ActionStatus, Answer, Assessment, Cabinet, User

pytestmark = pytest.mark.django_db
PASSWORD = "demo-password-2026"


def demo_assessment():
    return Assessment.objects.get(cabinet__name=DEMO_CABINET)


def test_the_demo_cabinet_has_a_six_month_old_assessment_with_weak_backups_and_no_support_contact():
    call_command("load_demo", password=PASSWORD)
    assessment = demo_assessment()
    assert assessment.is_finished and assessment.questionnaire_version == 1
    age = timezone.now() - assessment.finished_at
    assert timedelta(days=175) < age < timedelta(days=190)
    assert assessment.theme_scores["sauvegardes"] < 30 and assessment.theme_scores["contact_appui"] == 0
    assert Answer.objects.filter(assessment=assessment).count() == 61
    answers = dict(Answer.objects.filter(assessment=assessment).values_list("question_key", "code"))
    assert answers["backup_restore_tested"] == "no" and answers["support_contact_identified"] == "no"
    keys = list(ActionItem.objects.filter(assessment=assessment).order_by("position").values_list("action_key", flat=True))
    assert keys[:4] == ["backups_verify", "backups_ask_provider", "support_contact", "access_secure"]
    tracked = ActionItem.objects.filter(assessment=assessment).exclude(status=ActionStatus.TODO, owner=None)
    assert tracked.count() >= 3
    assert ActionItem.objects.get(assessment=assessment, action_key="backups_verify").status == ActionStatus.IN_PROGRESS
    assert ActionItem.objects.get(assessment=assessment, action_key="network_secure").dropped_reason
    assert not Assessment.objects.filter(cabinet__name=OTHER_CABINET).exists()


def test_load_demo_is_idempotent_for_the_assessment():
    call_command("load_demo", password=PASSWORD)
    first = demo_assessment()
    counts = (Answer.objects.count(), ActionItem.objects.count())
    call_command("load_demo", password=PASSWORD)
    assert demo_assessment().pk == first.pk
    assert (Answer.objects.count(), ActionItem.objects.count()) == counts


def test_the_demo_titulaire_sees_the_score_the_priorities_and_can_start_again(client):
    call_command("load_demo", password=PASSWORD)
    client.force_login(User.objects.get(email="demo@example.org"))
    page = client.get(reverse("resilience:dashboard")).content.decode()
    assessment = demo_assessment()
    assert f'data-testid="dashboard-score">{assessment.score}/100' in page
    assert "Vérifier les sauvegardes sans attendre" in page and "En cours" in page
    response = client.post(reverse("resilience:assessment_start"))
    new = Assessment.objects.in_progress().get(cabinet=Cabinet.objects.get(name=DEMO_CABINET))
    assert new.previous == assessment
    page = client.get(response.url).content.decode()
    assert "Réponse précédente : <strong>Partiellement</strong>" in page  # backup_exists six months ago
