"""`{% incident_step %}` writes what `incidents/includes/step.html` wrote as a template (whitespace between tags aside).

The template as it was is kept beside this test (`templates_before/step.html`); each step of an
incident's playbooks is rendered through both, in every state a step and its forms can be in.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import RequestContext, engines
from django.test import RequestFactory
from django.utils import timezone

from incidents import services, summary
from incidents.forms import StepForm
from incidents.models import Scenario, Status
from incidents.tests.factories import IncidentFactory
from resilience.models import Membership
from resilience.tenancy import Tenant
from resilience.tests.factories import EmergencyContactFactory
from resilience.tests.html_support import squeeze

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before" / "step.html"


def refused_form(data: dict):
    form = StepForm(QueryDict(mutable=True) | data)
    assert not form.is_valid()
    return form


@pytest.fixture
def marked_incident(team):
    """Scenario A (a step that calls the provider) with a done step, a step without object and a step still open."""
    EmergencyContactFactory(cabinet=team.cabinet, name="Infogérance <Atlantique> & fils", phone="05 57 00 00 00")
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A)
    steps = [view.step for group in summary.step_groups(incident) for view in group.steps]
    earlier = timezone.now() - timedelta(minutes=30)
    services.mark_step(incident, team.titulaire, steps[0], "done")
    services.mark_step(incident, team.member, steps[1], "not_applicable", "Pas de <serveur> & pas d'« imprimante »", earlier)
    team.member.delete()  # a mark whose author left: « ? »
    services.mark_step(incident, team.secretary, steps[2], "done", occurred_at=earlier)
    return incident


def contexts(incident):
    """Each step, without a form, with an unbound one, and with each form refused (what was typed shown again)."""
    refusals = [
        (None, None),
        (StepForm(), None),
        (refused_form({"state": "done", "occurred_at": "2099-01-01T10:00"}), "done"),
        (refused_form({"state": "not_applicable", "reason": "", "occurred_at": '"><b>2026-01-01T10:00'}), "not_applicable"),
        (refused_form({"state": "not_applicable", "reason": "<b>x</b> " + "y" * 600}), "not_applicable"),
    ]
    for group in summary.step_groups(incident):
        for view in group.steps:
            for form, refused in refusals:
                yield {"incident": incident, "s": view, "form": form, "refused": refused}


def request_for(team):
    request = RequestFactory().get("/")
    request.user = team.titulaire
    request.tenant = request._tenant = Tenant(Membership.objects.get(cabinet=team.cabinet, user=team.titulaire))
    return request


@pytest.mark.parametrize("status", [Status.OPEN, Status.CLOSED])
def test_every_step_in_every_state_is_the_template_s_html(team, marked_incident, status):
    marked_incident.status = status
    before, after = engines["django"].from_string(BEFORE.read_text()), engines["django"].get_template("incidents/includes/step.html")
    request = request_for(team)
    compared = states = 0
    for context in contexts(marked_incident):
        old = before.template.render(RequestContext(request, context))
        new = after.template.render(RequestContext(request, context))
        assert squeeze(new) == squeeze(old), (context["s"].key, context["refused"])
        compared += 1
        states += 'data-testid="step-state"' in old
    assert compared >= 5 * 19 and states >= 15  # scenario A's steps, five forms each; three marked steps


def test_the_comparison_sees_the_marks_the_calls_and_the_forms(team, marked_incident):
    views = [view for group in summary.step_groups(marked_incident) for view in group.steps]
    request = request_for(team)
    step = engines["django"].get_template("incidents/includes/step.html").template
    html = "".join(step.render(RequestContext(request, context)) for context in contexts(marked_incident))
    assert "Sans objet : Pas de &lt;serveur&gt; &amp; pas d&#x27;« imprimante »" in html and " — ?, " in html
    assert "Infogérance &lt;Atlantique&gt; &amp; fils" in html and 'href="tel:0557000000"' in html
    assert 'value="2099-01-01T10:00"' in html and 'value="&quot;&gt;&lt;b&gt;2026-01-01T10:00"' in html
    assert 'name="csrfmiddlewaretoken"' in html and "Annuler : remettre à faire" in html
    assert f'hx-target="#etape-{views[0].key}"' in html


GROUPS_BEFORE = Path(__file__).parent / "templates_before" / "step_groups.html"


def blank_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.parametrize("status", [Status.OPEN, Status.CLOSED])
@pytest.mark.parametrize("refused", [None, "done", "not_applicable"])
def test_the_incident_page_s_steps_are_the_old_loop_s_html_to_the_byte(team, marked_incident, status, refused):
    """`{% incident_step_groups %}` against the incident page's loop it replaced, focused group included."""
    marked_incident.status = status
    form = refused_form({"state": refused, "reason": "<i>", "occurred_at": "2099-01-01T10:00"}) if refused else None
    context = {"incident": marked_incident, "groups": summary.step_groups(marked_incident), "form": form, "refused": refused}
    assert any(group.focused for group in context["groups"]) or status == Status.CLOSED
    request = request_for(team)
    before = engines["django"].from_string(GROUPS_BEFORE.read_text().removesuffix("\n")).template
    after = engines["django"].from_string("{% load incidents_tags %}{% incident_step_groups groups %}").template
    old = before.render(RequestContext(request, context))
    assert blank_csrf(after.render(RequestContext(request, context))) == blank_csrf(old)
    assert old.count('class="step-group"') == len(context["groups"]) and 'data-testid="step-state"' in old
    assert ('hx-post="/incidents/' in old) == (status == Status.OPEN)
