"""`{% assessment_question %}` writes what the theme page's question loop wrote as a template (whitespace between tags aside)."""

from pathlib import Path

from django.template import engines

from resilience.assessment.progress import question_rows
from resilience.assessment.questionnaire import get_questionnaire
from resilience.tests.html_support import squeeze

BEFORE = Path(__file__).parent / "templates_before" / "theme_question.html"
AFTER = "{% load assessment_tags %}{% assessment_question row form_prefix answer_url %}"


def test_every_question_of_every_theme_is_written_as_the_template_wrote_it():
    questionnaire = get_questionnaire()
    before, after = engines["django"].from_string(BEFORE.read_text()), engines["django"].from_string(AFTER)
    keys = [question.key for question in questionnaire.questions]
    codes = ("yes", "no", "partial", "unknown", "na")
    states = [
        ({}, {}),  # nothing answered, no previous assessment
        ({key: codes[n % 5] for n, key in enumerate(keys)}, {}),  # every answer, some not offered by their question
        ({key: "no" for key in keys[::2]}, {key: codes[n % 5] for n, key in enumerate(keys)}),  # and previous answers
    ]
    compared = checked = shown_previous = 0
    for answers, previous in states:
        for theme in questionnaire.themes:
            for row in question_rows(questionnaire, theme.key, answers, previous):
                context = {"row": row, "form_prefix": "q", "answer_url": "/autodiagnostic/7/reponse/?a=1&b=<2>"}
                expected = squeeze(before.render(context))
                assert squeeze(after.render(context)) == expected, row.question.key
                compared += 1
                checked += " checked " in expected or " checked>" in expected
                shown_previous += 'data-testid="previous-answer"' in expected
    assert compared == 3 * len(keys) and checked > len(keys) and shown_previous > 0


def test_the_score_history_is_drawn_as_the_template_drew_it():
    from resilience.assessment.charts import history_chart

    before = engines["django"].from_string("{% load i18n l10n %}" + (BEFORE.parent / "history_chart.html").read_text())
    after = engines["django"].from_string('{% load assessment_tags %}{% history_chart chart chart_id %}')
    histories = ([], [("janv. 2026", None)], [("mai 2025", 0), ("nov. 2025", 48), ("juin 2026", 100)], [(f"m{n} <b>", n * 9) for n in range(12)])
    for points in histories:
        context = {"chart": history_chart(points), "chart_id": "id-<&>"}
        assert squeeze(after.render(context)) == squeeze(before.render(context))


def test_the_dashboard_panel_is_written_as_its_template_wrote_it(team):
    """Never started, in progress, two finished (a late priority with an owner), then every priority done."""
    from datetime import date

    from resilience.assessment import services
    from resilience.assessment.panel import assessment_panel
    from resilience.models import ActionItem, ActionStatus, Membership
    from resilience.tests.assessment_support import WEAK, answers, finish_assessment
    from resilience.tests.html_support import panel_written_as_before, tenant_request

    request = tenant_request(team.cabinet, team.titulaire)

    def panel():
        return panel_written_as_before(__file__, "assessment_tags", "assessment_panel", assessment_panel, request, "assessment_panel.html")

    never = panel()
    services.start(request.tenant, team.titulaire)
    in_progress = panel()
    team.titulaire.first_name = "<Zoé>"
    team.titulaire.save()
    for days_ago in (40, 0):
        finish_assessment(team, answers("yes", **WEAK), days_ago=days_ago)
    first = ActionItem.objects.filter(cabinet=team.cabinet).order_by("-assessment__finished_at", "position").first()
    first.owner, first.due_date = Membership.objects.get(cabinet=team.cabinet, user=team.titulaire), date(2020, 1, 1)
    first.save()
    followed = panel()
    ActionItem.objects.filter(cabinet=team.cabinet).update(status=ActionStatus.DONE)
    done = panel()
    assert "Faire l'autodiagnostic" in never and "en cours." in in_progress
    assert 'data-testid="open-priorities"' in followed and 'data-testid="late"' in followed and "&lt;Zoé&gt;" in followed
    assert "avant :" in followed and "<svg" in followed and "Bravo" in done
