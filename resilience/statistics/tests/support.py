"""Fixtures of the URPS statistics tests: cabinets with known summaries, and a signed-in admin."""

from datetime import timedelta

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from resilience.assessment import scoring
from resilience.assessment.questionnaire import get_questionnaire
from resilience.models import Assessment
from resilience.statistics import summary
from resilience.tests.factories import CabinetFactory, UrpsAdminFactory


def all_answers(code="yes", **overrides):
    found = {q.key: code for q in get_questionnaire().questions}
    found.update(overrides)
    return found


def finished(cabinet, answers, *, days_ago=10):
    """A finished assessment of `cabinet` with these answers, its summary written as finish() does."""
    questionnaire = get_questionnaire()
    when = timezone.now() - timedelta(days=days_ago)
    assessment = Assessment.objects.create(
        cabinet=cabinet, questionnaire_version=questionnaire.version, started_at=when - timedelta(minutes=20),
        finished_at=when, score=scoring.overall_score(questionnaire, answers),
        theme_scores=scoring.theme_scores(questionnaire, answers),
    )
    summary.write(assessment, answers, questionnaire)
    return assessment


def cabinet(departement="33", practitioners=1, share=True, region="nouvelle-aquitaine", counts=None, **fields):
    counts = counts or {"medecine_generale": practitioners}
    return CabinetFactory(region=region, departement=departement, practitioners=sum(counts.values()),
                          profession=next(iter(counts)), share_statistics=share, counts=counts, **fields)


def urps_client(client, **fields):
    admin = UrpsAdminFactory(**fields)
    TOTP.activate(admin.user, generate_totp_secret())
    client.force_login(admin.user)
    return client
