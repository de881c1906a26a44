"""Helpers shared by the self-assessment tests."""

import subprocess
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from resilience.assessment import services
from resilience.assessment.questionnaire import get_questionnaire
from resilience.models import Assessment, Membership
from resilience.tenancy import Tenant


def tenant_for(user, cabinet) -> Tenant:
    return Tenant(Membership.objects.select_related("cabinet").get(user=user, cabinet=cabinet))


def answers(code="yes", **overrides) -> dict[str, str]:
    """Every question of the latest questionnaire answered `code`, except the keys given."""
    found = {question.key: code for question in get_questionnaire().questions}
    found.update(overrides)
    return found


def theme_answers(theme, code, base=None) -> dict[str, str]:
    found = dict(base or {})
    found.update({question.key: code for question in get_questionnaire().questions_in(theme)})
    return found


# The seed's weak cabinet: no usable backups, nobody to call, shared passwords and no 2-step verification.
WEAK = {
    **theme_answers("sauvegardes", "no"),
    **theme_answers("contact_appui", "no"),
    **theme_answers("mots_de_passe", "no"),
    **theme_answers("double_verification", "no"),
}


def finish_assessment(team, given: dict, *, user=None, days_ago: int = 0) -> Assessment:
    """Start, answer and finish an assessment of team.cabinet through the services, dated `days_ago`."""
    user = user or team.titulaire
    tenant = tenant_for(user, team.cabinet)
    assessment, _ = services.start(tenant, user)
    services.save_answers(assessment, given, user)
    services.finish(tenant, assessment, user)
    if days_ago:
        finished_at = timezone.now() - timedelta(days=days_ago)
        Assessment.objects.filter(pk=assessment.pk).update(
            started_at=finished_at - timedelta(minutes=20), finished_at=finished_at
        )
        assessment.refresh_from_db()
    return assessment


def theme_url(assessment, theme):
    return reverse("resilience:assessment_theme", kwargs={"assessment_id": assessment.pk, "theme": theme})


def answer_url(assessment):
    return reverse("resilience:assessment_answer", kwargs={"assessment_id": assessment.pk})


def result_url(assessment):
    return reverse("resilience:assessment_result", kwargs={"assessment_id": assessment.pk})


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
