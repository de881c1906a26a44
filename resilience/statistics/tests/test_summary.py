"""Summary rows written by finish()."""

import pytest

from resilience.models import AssessmentSummary, SummaryAnswer, SummaryTheme
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
