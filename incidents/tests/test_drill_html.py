"""`{% drill_step %}` and `{% drill_steps %}` write what `incidents/includes/drill_step.html` wrote, to the byte.

The template as it was is kept in `templates_before/drill_step.html`; every step of a drill is rendered
through both, running and finished, done by someone, by someone who left, or not done.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.template import RequestContext, engines
from django.test import RequestFactory
from django.utils import timezone

from incidents.models import DrillStep
from incidents.playbooks import get_playbooks
from incidents.tests.factories import DrillFactory

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before" / "drill_step.html"


def blank_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.parametrize("running", [True, False])
def test_each_step_and_the_whole_list_are_the_template_s_html(team, running):
    drill = DrillFactory(cabinet=team.cabinet, started_by=team.titulaire, finished_at=None if running else timezone.now())
    playbook = get_playbooks().get(drill.playbook_key)
    steps = list(playbook.steps)
    DrillStep.objects.create(cabinet=team.cabinet, drill=drill, step_key=steps[0].key, done_by=team.titulaire, done_at=timezone.now() - timedelta(minutes=3))
    DrillStep.objects.create(cabinet=team.cabinet, drill=drill, step_key=steps[1].key, done_by=None)
    done = {s.step_key: s for s in drill.steps.select_related("done_by")}
    pairs = [(step, done.get(step.key)) for step in steps]
    assert any(step.detail for step in steps)
    request = RequestFactory().get("/")
    before = engines["django"].from_string(BEFORE.read_text()).template
    after = engines["django"].get_template("incidents/includes/drill_step.html").template
    old_all = ""
    for step, mark in pairs:
        context = {"drill": drill, "step": step, "mark": mark}
        old = before.render(RequestContext(request, context))
        assert blank_csrf(after.render(RequestContext(request, context))) == blank_csrf(old), step.key
        old_all += old
    loop = engines["django"].from_string("{% load incidents_tags %}{% drill_steps steps %}").template
    assert blank_csrf(loop.render(RequestContext(request, {"drill": drill, "steps": pairs}))) == blank_csrf(old_all)
    assert ("csrfmiddlewaretoken" in old_all) == running and " — ?, " in old_all and "✓" in old_all
