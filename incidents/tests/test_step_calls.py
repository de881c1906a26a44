"""A step that says to call someone shows that contact's number, or a link to add it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.models import Scenario
from incidents.playbooks import ContentError, get_playbooks, load_playbooks
from incidents.templatetags.incidents_tags import tel_href
from incidents.tests.factories import IncidentFactory
from incidents.tests.test_playbooks import minimal, write
from resilience.models import ContactKind
from resilience.tests.factories import EmergencyContactFactory

pytestmark = pytest.mark.django_db


def step_block(page, key):
    return page.split(f'id="etape-{key}"')[1].split("</li>")[0]


def test_the_steps_that_say_to_call_the_provider_name_the_contact_kind():
    calls = {s.key: s.call for p in get_playbooks().playbooks for s in p.steps if s.call}
    assert calls == {
        "a_call_provider": ContactKind.IT_PROVIDER,
        "b_alert_provider": ContactKind.IT_PROVIDER,
        "b_insurer": ContactKind.INSURER,
        "lost_wipe": ContactKind.IT_PROVIDER,
        "lost_insurer": ContactKind.INSURER,
    }


def test_an_unknown_contact_kind_is_refused_at_load(tmp_path):
    data = minimal()
    data["playbooks"][0]["steps"][0]["call"] = "plombier"
    with pytest.raises(ContentError, match="unknown contact kind 'plombier'"):
        load_playbooks(write(tmp_path, data))


def test_the_incident_step_shows_the_providers_number_as_a_tel_link(team):
    EmergencyContactFactory(cabinet=team.cabinet, name="Infogérance Atlantique", phone="05 57 00 00 00")
    EmergencyContactFactory(cabinet=team.other_cabinet, name="Pas le nôtre", phone="01 00 00 00 00")
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A)
    page = team.client_for(team.secretary).get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    block = step_block(page, "a_call_provider")
    assert 'href="tel:0557000000"' in block and "Infogérance Atlantique" in block
    assert "01 00 00 00 00" not in page
    assert 'href="tel:' not in step_block(page, "a_binder")


def test_a_missing_contact_links_to_adding_it_with_the_kind_chosen(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B)
    client = team.client_for(team.secretary)
    block = step_block(client.get(reverse("incidents:detail", args=[incident.pk])).content.decode(), "b_alert_provider")
    add_url = reverse("resilience:contact_add") + "?type=it_provider"
    assert add_url in block and "tel:" not in block
    form = client.get(add_url).context["form"]
    assert form["kind"].value() == ContactKind.IT_PROVIDER


def test_the_playbook_page_shows_the_number_too(team):
    EmergencyContactFactory(cabinet=team.cabinet, phone="+33 5 57 00 00 00")
    page = team.client_for(team.member).get(reverse("incidents:playbook", args=["scenario_a"])).content.decode()
    assert 'href="tel:+33557000000"' in step_block(page, "a_call_provider")


def test_contacts_are_read_once_whatever_the_number_of_call_steps(team):
    EmergencyContactFactory(cabinet=team.cabinet)
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B)
    client = team.client_for(team.titulaire)
    url = reverse("incidents:detail", args=[incident.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert sum("resilience_emergencycontact" in q["sql"] for q in queries.captured_queries) == 1


def test_tel_href_keeps_digits_and_a_leading_plus():
    assert tel_href("05.56 00-00 00") == "0556000000" and tel_href("+33 (0)5 56") == "+33556"


def test_the_demo_cabinet_has_its_emergency_contacts():
    from resilience import demo

    cabinets = demo.load("demo-password-123456789")["cabinets"]
    from resilience.models import EmergencyContact

    kinds = set(EmergencyContact.objects.filter(cabinet=cabinets[demo.DEMO_CABINET]).values_list("kind", flat=True))
    assert ContactKind.IT_PROVIDER in kinds
    demo.load("demo-password-123456789")  # idempotent
    assert EmergencyContact.objects.filter(cabinet=cabinets[demo.DEMO_CABINET]).count() == len(demo.DEMO_CONTACTS)
