"""Plugging the self-assessment into the core's registries, from ResilienceConfig.ready."""

from resilience import dashboard, demo
from resilience.assessment import demo_data, panel
from resilience.assessment.questionnaire import shipped_questionnaires


def ready():
    shipped_questionnaires()  # a malformed questionnaire file stops start-up, not a result page
    dashboard.register(panel.assessment_panel)
    demo.register(demo_data.load_demo_assessment)
