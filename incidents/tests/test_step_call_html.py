"""`{% step_call %}` writes what `incidents/includes/step_call.html` wrote as a template, to the byte.

The template as it was is kept in `templates_before/step_call.html`; a step's call is rendered through both,
without a contact (the link to add one), with one and with several (names and numbers to escape, a number
written « +33 (0)5 … »), and through the tag on a page whose cabinet has contacts of several kinds.
"""

from pathlib import Path

import pytest
from django.template import RequestContext, engines

from incidents.playbooks import get_playbooks
from incidents.templatetags.incidents_tags import step_call_html
from resilience.models import ContactKind, EmergencyContact
from resilience.tests.factories import EmergencyContactFactory
from resilience.tests.html_support import tenant_request

BEFORE = Path(__file__).parent / "templates_before" / "step_call.html"

CONTACTS = [
    EmergencyContact(kind=ContactKind.IT_PROVIDER, name="Infogérance <Atlantique> & fils", phone="05 57 00 00 00"),
    EmergencyContact(kind=ContactKind.IT_PROVIDER, name="Astreinte « nuit »", phone="+33 (0)5 57 00 00 01"),
]


def template_html(kind, contacts) -> str:
    before = engines["django"].from_string(BEFORE.read_text()).template
    return before.render(RequestContext(None, {"show": True, "kind": kind, "contacts": contacts}))


@pytest.mark.parametrize("contacts", [[], CONTACTS[:1], CONTACTS], ids=["none", "one", "two"])
@pytest.mark.parametrize("kind", [ContactKind.IT_PROVIDER, ContactKind.INSURER, '"><b>'])
def test_a_call_is_the_template_s_html(kind, contacts):
    assert step_call_html(kind, contacts) == template_html(kind, contacts)


def test_the_comparison_sees_escaped_names_numbers_and_the_link_to_add_one():
    html = template_html('"><b>', CONTACTS) + template_html('"><b>', [])
    assert "Appeler Infogérance &lt;Atlantique&gt; &amp; fils : 05 57 00 00 00" in html and 'href="tel:+33557000001"' in html
    assert '?type=&quot;&gt;&lt;b&gt;"' in html and "l&#x27;ajouter" not in html and "l'ajouter" in html


@pytest.mark.django_db
def test_the_tag_shows_the_cabinet_s_contacts_of_the_step_s_kind_with_a_number(team):
    EmergencyContactFactory(cabinet=team.cabinet, kind=ContactKind.IT_PROVIDER, name="B <prestataire>", phone="05 57 00 00 00")
    EmergencyContactFactory(cabinet=team.cabinet, kind=ContactKind.IT_PROVIDER, name="A sans numéro", phone="")
    EmergencyContactFactory(cabinet=team.other_cabinet, kind=ContactKind.IT_PROVIDER, name="Autre cabinet", phone="05 00 00 00 00")
    steps = [step for playbook in get_playbooks().playbooks for step in playbook.steps if step.call]
    assert {step.call for step in steps} >= {ContactKind.IT_PROVIDER}
    request = tenant_request(team.cabinet, team.titulaire)
    tag = engines["django"].from_string("{% load incidents_tags %}{% step_call step %}").template
    written = []
    for step in steps:
        shown = request.tenant.scope(EmergencyContact).filter(kind=step.call).exclude(phone="").order_by("name")
        written.append(tag.render(RequestContext(request, {"step": step})))
        assert written[-1] == template_html(step.call, list(shown)), step.key
    html = "".join(written)
    assert "B &lt;prestataire&gt;" in html and "sans numéro" not in html and "Autre cabinet" not in html
