"""The self-assessment's panel on the dashboard: current score, open priorities, score history."""

from resilience.assessment import services
from resilience.assessment.charts import history_chart
from resilience.dashboard import Panel
from resilience.templatetags.assessment_tags import assessment_panel as write_assessment_panel

ORDER = 10  # first on the dashboard: it says what to do next


def assessment_panel(request) -> Panel:
    """Three queries whatever the history: recent assessments, then the latest plan's open priorities."""
    tenant = request.tenant
    recent = services.recent_assessments(tenant)
    current = next((a for a in recent if not a.is_finished), None)
    finished = [a for a in recent if a.is_finished][: services.HISTORY_LENGTH]
    latest = finished[0] if finished else None
    context = {"current": current, "latest": latest}
    if latest is not None:
        context["priorities"] = services.open_priorities(tenant, latest)
        context["history_chart"] = history_chart(services.score_history(finished))
        context["previous_score"] = finished[1].score if len(finished) > 1 else None
    return Panel(write_assessment_panel, context, order=ORDER)
