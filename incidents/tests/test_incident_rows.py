"""The incident list's and the breach register's rows written in Python: the HTML of the template loops they replaced.

The loops as they were are kept in `templates_before/`; every branch of a row is rendered through both
(open and closed, each scenario, each CNIL decision, patients informed or not, text to escape, a count
of people with a thousands' place) and compared to the byte.
"""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, engines
from django.utils import timezone

from incidents import drafts
from incidents.models import Incident, Scenario, Status
from incidents.tests.factories import IncidentFactory
from resilience.models import Membership
from resilience.tenancy import Tenant

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before"
PARIS = ZoneInfo("Europe/Paris")
UGLY = "Fichiers <chiffrés> & « rançon » d'un \"pirate\""


def render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).template.render(Context(context, autoescape=True))


def before(name: str) -> str:
    return "{% load i18n %}" + (BEFORE / name).read_text().removesuffix("\n")


@pytest.fixture
def incidents(team):
    """An incident of each kind a row can show, open and closed, at dates around midnight and the 1st of a month."""
    cabinet = team.cabinet
    made = []
    for n, scenario in enumerate(Scenario.values):
        for status in Status.values:
            closed = status == Status.CLOSED
            made.append(
                IncidentFactory(
                    cabinet=cabinet, scenario=scenario, status=status,
                    aware_at=datetime(2026, 3, 1 + n, 23, 30 + n, tzinfo=ZoneInfo("UTC")),
                    closed_at=timezone.now() if closed else None, summary=UGLY if n % 2 else "",
                )
            )
    base = dict(cabinet=cabinet, scenario=Scenario.B, aware_at=datetime(2026, 6, 1, 0, 5, tzinfo=PARIS))
    made += [
        IncidentFactory(**base, personal_data=None),  # « à qualifier »
        IncidentFactory(**base, personal_data=True, notify_cnil=None, people_affected=1234, breach_nature=UGLY),
        IncidentFactory(**base, personal_data=True, notify_cnil=True, cnil_notified_at=datetime(2026, 6, 2, 23, 59, tzinfo=PARIS),
                        notify_reason=UGLY, data_categories=UGLY, likely_consequences=UGLY, measures_taken=UGLY, people_affected=0),
        IncidentFactory(**base, personal_data=True, notify_cnil=True, patients_exemption="encryption"),
        IncidentFactory(**base, personal_data=True, notify_cnil=False, notify_reason="Pas de risque",
                        patients_informed_at=datetime(2026, 6, 3, 8, 0, tzinfo=PARIS)),
        IncidentFactory(**base, personal_data=False),  # not in the register
    ]
    return made


def test_the_list_rows_are_the_old_loops_html(team, incidents):
    everything = list(Incident.objects.filter(cabinet=team.cabinet).order_by("pk"))
    context = {"open_incidents": [i for i in everything if i.is_open], "closed_incidents": [i for i in everything if not i.is_open]}
    for name, variable in (("open_incident_rows", "open_incidents"), ("closed_incident_rows", "closed_incidents")):
        old = render(before(f"{name}.html"), context)
        new = render(f"{{% load incidents_tags %}}{{% {name} {variable} %}}", context)
        assert new == old, name
        assert old.count("<a ") == len(context[variable]) >= 3
    assert "&lt;chiffrés&gt; &amp; « rançon » d&#x27;un &quot;pirate&quot;" in old


def test_the_register_rows_are_the_old_loops_html(team, incidents):
    tenant = Tenant(Membership.objects.get(cabinet=team.cabinet, user=team.titulaire))
    rows = drafts.register_rows(tenant)
    new_source = (
        '{% load i18n incidents_tags %}{% if rows %}{% register_rows rows %}{% else %}\n'
        '<p class="alert alert-success">{% translate "Aucune violation de données enregistrée." %}</p>\n{% endif %}'
    )
    old = render(before("register_rows.html"), {"rows": rows})
    assert render(new_source, {"rows": rows}) == old
    for needed in ("register-to-qualify", "décision à prendre", "oui, le ", "oui (à faire)", "non (exception)", "1234", "Pourquoi :", "&lt;chiffrés&gt;"):
        assert needed in old, needed
    assert old.count("<section") == len(rows) > 5
    assert render(new_source, {"rows": []}) == render(before("register_rows.html"), {"rows": []})


def test_the_open_incidents_of_the_declaring_and_playbooks_pages_are_the_old_loops_html(team, incidents):
    open_incidents = list(Incident.objects.filter(cabinet=team.cabinet).exclude(status=Status.CLOSED).order_by("pk"))
    assert len({i.scenario for i in open_incidents}) == 3 and len({i.status for i in open_incidents}) > 1
    for name in ("declare_open_incidents", "playbook_open_incidents"):
        for shown in (open_incidents, []):
            context = {"open_incidents": shown}
            old = render(before(f"{name}.html"), context)
            assert render(f"{{% load incidents_tags %}}{{% {name} open_incidents %}}", context) == old, name
            assert old.count("<a ") == len(shown)


def test_the_closing_page_s_unsettled_steps_are_the_old_loop_s_html(team):
    from incidents import closing, summary

    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B)
    problems = [p for p in closing.closing_problems(summary.closing_state(incident)) if p.step_key]
    problems.append(closing.Problem(code="step_open", message="Étape « <à> & faire »", step_key="x_1"))
    context = {"step_problems": problems, "incident": incident}
    old = render(before("closing_step_problems.html"), context)
    assert render("{% load incidents_tags %}{% closing_step_problems step_problems incident %}", context) == old
    assert old.count("<li>") == len(problems) > 10 and "&lt;à&gt; &amp;" in old
