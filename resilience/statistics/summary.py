"""Writing the summary row of a finished assessment (called from assessment.services.finish).

Only the latest assessment of a cabinet keeps theme scores and fragile answers:
writing a new summary drops the previous one's details, so the detail tables
stay at one assessment per cabinet whatever the history.
"""

from resilience.models import AssessmentSummary, SummaryAnswer, SummaryTheme

KEPT_ANSWERS = ("no", "unknown", "na")


def write(assessment, answers: dict[str, str], questionnaire) -> AssessmentSummary:
    """Store what the aggregates need; unanswered questions count as "unknown", as in the score."""
    AssessmentSummary.objects.filter(cabinet_id=assessment.cabinet_id, latest=True).update(latest=False)
    SummaryTheme.objects.filter(summary__cabinet_id=assessment.cabinet_id).delete()
    SummaryAnswer.objects.filter(summary__cabinet_id=assessment.cabinet_id).delete()
    summary = AssessmentSummary.objects.create(
        assessment=assessment,
        cabinet_id=assessment.cabinet_id,
        finished_at=assessment.finished_at,
        score=assessment.score,
        questionnaire_version=assessment.questionnaire_version,
        latest=True,
    )
    SummaryTheme.objects.bulk_create(
        SummaryTheme(summary=summary, theme=theme, score=score)
        for theme, score in (assessment.theme_scores or {}).items()
        if score is not None
    )
    SummaryAnswer.objects.bulk_create(
        SummaryAnswer(summary=summary, question=question.key, code=code)
        for question in questionnaire.questions
        if (code := answers.get(question.key, "unknown")) in KEPT_ANSWERS
    )
    return summary
