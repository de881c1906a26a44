"""Summary rows written by finish()."""

import io

import pytest
from django.core.management import call_command

from resilience.models import AssessmentSummary, SummaryAnswer, SummaryTheme
from resilience.statistics import summary
from resilience.tests.assessment_support import answers, finish_assessment

pytestmark = pytest.mark.django_db


def test_finishing_an_assessment_writes_its_summary_and_drops_the_previous_details(team):
    first = finish_assessment(team, answers("yes", backup_exists="no", backup_cloud_hds="na"), days_ago=100)
    summary = AssessmentSummary.objects.get(assessment=first)
    assert summary.latest and summary.score == first.score and summary.cabinet_id == team.cabinet.pk
    assert dict(SummaryAnswer.objects.filter(summary=summary).values_list("question", "code")) == {
        "backup_exists": "no", "backup_cloud_hds": "na"}
    assert SummaryTheme.objects.filter(summary=summary).count() == len(first.theme_scores)

    second = finish_assessment(team, answers("yes", mfa_mail="unknown"))
    assert not AssessmentSummary.objects.get(assessment=first).latest
    assert not SummaryAnswer.objects.filter(summary__assessment=first).exists()
    assert list(SummaryAnswer.objects.filter(summary__assessment=second).values_list("question", "code")) == [
        ("mfa_mail", "unknown")]


def _state():
    return (
        sorted(AssessmentSummary.objects.values_list("assessment_id", "cabinet_id", "score", "latest")),
        sorted(SummaryAnswer.objects.values_list("summary_id", "question", "code")),
        sorted(SummaryTheme.objects.values_list("summary_id", "theme", "score")),
    )


def test_the_backfill_writes_the_summaries_finish_would_have_written(team):
    finish_assessment(team, answers("yes", backup_exists="no", backup_cloud_hds="na"), days_ago=100)
    second = finish_assessment(team, answers("yes", mfa_mail="unknown"))
    written = _state()
    AssessmentSummary.objects.all().delete()  # assessments finished before the summary rows existed
    out = io.StringIO()
    call_command("backfill_urps_summaries", stdout=out)
    assert "2 assessment summaries added" in out.getvalue()
    assert _state() == written
    assert AssessmentSummary.objects.get(latest=True).assessment_id == second.pk
    call_command("backfill_urps_summaries", stdout=out)  # idempotent
    assert _state() == written


def test_the_backfill_moves_the_details_to_a_newer_missing_summary(team):
    first = finish_assessment(team, answers("yes", backup_exists="no"), days_ago=100)
    finish_assessment(team, answers("yes", mfa_mail="unknown"))
    written = _state()
    # The newest assessment lost its summary: the older one is "latest" with its details again.
    AssessmentSummary.objects.exclude(assessment=first).delete()
    AssessmentSummary.objects.filter(assessment=first).update(latest=True)
    SummaryAnswer.objects.create(summary_id=first.pk, question="backup_exists", code="no")
    assert summary.backfill() == 1
    assert _state() == written
