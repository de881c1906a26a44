"""Recording the complaint, the CNIL decision and the patients' information completes their playbook steps."""

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Scenario, StepMark
from incidents.playbooks import ContentError, get_playbooks, load_playbooks
from incidents.tests.factories import IncidentFactory
from incidents.tests.test_playbooks import minimal, write

pytestmark = pytest.mark.django_db


def save(client, name, incident, data):
    url = reverse(f"incidents:{name}", args=[incident.pk])
    seen = client.get(url).context["form"]["seen"].value()
    return client.post(url, {**data, "seen": seen})


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def mark(incident, key):
    return StepMark.objects.filter(incident=incident, step_key=key).first()


def test_the_playbook_file_maps_each_legal_record_to_its_step():
    library = get_playbooks()
    mapped = {step.key: step.recorded_by for p in library.playbooks for step in p.steps if step.recorded_by}
    assert mapped == {
        "b_complaint": "complaint", "b_cnil": "cnil", "b_inform_patients": "patients", "b_report_ars": "ars_report",
        "lost_complaint": "complaint", "lost_cnil": "cnil", "lost_inform_patients": "patients",  # scenario C
    }


def test_an_unknown_record_is_refused_at_load(tmp_path):
    data = minimal()
    data["playbooks"][1]["steps"][0]["recorded_by"] = "plainte"
    with pytest.raises(ContentError, match="unknown record 'plainte'"):
        load_playbooks(write(tmp_path, data))


def test_recording_the_complaint_completes_its_step(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.B)
    filed = incident.aware_at + timedelta(minutes=30)
    response = save(team.client_for(team.titulaire), "complaint", incident, {"complaint_filed_at": local(filed), "complaint_place": "Commissariat"})
    assert response.status_code == 302
    step = mark(incident, "b_complaint")
    assert step.state == StepMark.State.DONE and step.marked_by == team.titulaire
    assert abs(step.occurred_at - filed) < timedelta(minutes=1)
    assert mark(incident, "b_report_ars") is None  # not recorded, not completed


def test_deciding_not_to_notify_settles_the_cnil_step_with_the_reason(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True)
    save(team.client_for(team.titulaire), "decision", incident, {"notify_cnil": "false", "notify_reason": "Sauvegarde saine, aucune fuite."})
    step = mark(incident, "b_cnil")
    assert step.state == StepMark.State.NOT_APPLICABLE and "Sauvegarde saine, aucune fuite." in step.reason


def test_notifying_the_cnil_and_informing_patients_complete_their_steps(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True, high_risk=True)
    client = team.client_for(team.member)
    at = local(incident.aware_at + timedelta(minutes=20))
    save(client, "decision", incident, {"notify_cnil": "true", "cnil_notified_at": at})
    save(client, "patients", incident, {"patients_informed_at": at, "patients_exemption": "", "patients_note": "Affichage"})
    assert mark(incident, "b_cnil").state == StepMark.State.DONE
    assert mark(incident, "b_inform_patients").state == StepMark.State.DONE


def test_no_patient_data_touched_settles_the_cnil_and_patients_steps(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    team.client_for(team.secretary).post(reverse("incidents:personal_data", args=[incident.pk]), {"personal_data": "non"})
    assert mark(incident, "b_cnil").state == StepMark.State.NOT_APPLICABLE
    assert mark(incident, "b_inform_patients").state == StepMark.State.NOT_APPLICABLE


def test_a_step_settled_by_hand_is_left_as_it_is(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    client = team.client_for(team.titulaire)
    client.post(reverse("incidents:step", args=[incident.pk, "b_complaint"]), {"state": "not_applicable", "reason": "Pas d'attaque finalement"})
    save(client, "complaint", incident, {"complaint_filed_at": local(incident.aware_at + timedelta(minutes=5))})
    assert mark(incident, "b_complaint").state == StepMark.State.NOT_APPLICABLE


def test_closing_and_the_report_no_longer_count_recorded_steps_open(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True, high_risk=True)
    client = team.client_for(team.titulaire)
    at = local(incident.aware_at + timedelta(minutes=20))
    save(client, "complaint", incident, {"complaint_filed_at": at, "ars_reported_at": at})
    save(client, "decision", incident, {"notify_cnil": "true", "cnil_notified_at": at})
    save(client, "patients", incident, {"patients_informed_at": at, "patients_exemption": "", "patients_note": ""})
    page = client.get(reverse("incidents:close", args=[incident.pk])).content.decode()
    for text in ("Portez plainte", "notifiez la CNIL", "informez-les", "Signalez l'incident à l'ARS"):
        assert f"Étape non terminée : {text}" not in page.replace("&#x27;", "'")
    assert "Étape non terminée : N&#x27;éteignez pas" in page  # other steps still count
    client.post(reverse("incidents:close", args=[incident.pk]), {"reason": "Le reste est fait hors de l'application."})
    pdf = client.get(reverse("incidents:report", args=[incident.pk])).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Portez plainte" in text and "Étape non terminée : Portez plainte" not in text
    assert "Étape non terminée : Si des données de patients" not in " ".join(text.split())


def test_changing_to_scenario_b_completes_what_was_already_recorded(team):
    incident = IncidentFactory(cabinet=team.cabinet, scenario=Scenario.A, complaint_filed_at=timezone.now())
    services.change_scenario(incident, team.titulaire, Scenario.B)
    assert mark(incident, "b_complaint").state == StepMark.State.DONE
