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


def backfill() -> int:
    """Summary rows for the finished assessments that have none (finished before they existed).

    Set-based and idempotent (`manage.py backfill_urps_summaries`, a deploy step): inserts the
    missing summaries, recomputes which one is each cabinet's latest, gives a latest summary
    that has no details its theme scores and its stored "no", "unknown" and "na" answers, and
    drops the details of summaries no longer latest. Returns the number of summaries added.
    An old assessment's unanswered questions are not counted as "unknown" here (finish() does
    that with the cabinet's own questionnaire): its missing answers are simply not kept.
    """
    from django.db import connection, transaction

    from resilience.models import Answer, Assessment

    summ, theme, answer = AssessmentSummary._meta.db_table, SummaryTheme._meta.db_table, SummaryAnswer._meta.db_table
    asm, ans = Assessment._meta.db_table, Answer._meta.db_table
    if connection.vendor == "postgresql":
        theme_rows = "CROSS JOIN LATERAL jsonb_each_text(a.theme_scores) t"
        theme_key, theme_value = "t.key", "CAST(t.value AS integer)"
    else:
        theme_rows = "JOIN json_each(a.theme_scores) t"
        theme_key, theme_value = "t.key", "CAST(t.value AS integer)"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"""
            INSERT INTO {summ} (assessment_id, cabinet_id, finished_at, score, latest, questionnaire_version)
            SELECT a.id, a.cabinet_id, a.finished_at, a.score, %s, a.questionnaire_version FROM {asm} a
            WHERE a.finished_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {summ} s WHERE s.assessment_id = a.id)
        """, [False])
        added = cursor.rowcount
        if not added:
            return 0
        cursor.execute(f"""
            UPDATE {summ} SET latest = ({summ}.assessment_id = (
                SELECT s2.assessment_id FROM {summ} s2 WHERE s2.cabinet_id = {summ}.cabinet_id
                ORDER BY s2.finished_at DESC, s2.assessment_id DESC LIMIT 1))
        """)
        for table in (theme, answer):
            cursor.execute(f"DELETE FROM {table} WHERE summary_id IN (SELECT assessment_id FROM {summ} WHERE NOT latest)")
        bare = f"""s.latest
            AND NOT EXISTS (SELECT 1 FROM {theme} x WHERE x.summary_id = s.assessment_id)
            AND NOT EXISTS (SELECT 1 FROM {answer} y WHERE y.summary_id = s.assessment_id)"""
        cursor.execute(f"""
            CREATE TEMPORARY TABLE urps_bare AS SELECT s.assessment_id AS id FROM {summ} s WHERE {bare}
        """)
        cursor.execute(f"""
            INSERT INTO {theme} (summary_id, theme, score)
            SELECT a.id, {theme_key}, {theme_value} FROM {asm} a JOIN urps_bare b ON b.id = a.id {theme_rows}
            WHERE t.value IS NOT NULL
        """)
        codes = ", ".join(["%s"] * len(KEPT_ANSWERS))
        cursor.execute(f"""
            INSERT INTO {answer} (summary_id, question, code)
            SELECT n.assessment_id, n.question_key, n.code FROM {ans} n JOIN urps_bare b ON b.id = n.assessment_id
            WHERE n.code IN ({codes})
        """, list(KEPT_ANSWERS))
        cursor.execute("DROP TABLE urps_bare")
    return added
