"""Two members updating the same incident at once lose nothing.

The requests run in real threads, each with its own database connection, released
together by a barrier: the row lock on the incident queues them, and each writes only
what it owns (its step row, its timeline row, a counter in SQL, its section's fields).
"""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from incidents.models import CatchUpDay, EntryKind, Incident, Status, StepMark
from incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def together(*calls):
    """Run the calls in parallel threads, started at the same instant; return their results."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def post(client, url, data):
    return lambda: client.post(url, data, HTTP_HX_REQUEST="true").status_code


def test_two_members_ticking_different_steps_at_once_lose_none(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    secretary, member = team.client_for(team.secretary), team.client_for(team.member)
    pairs = [("b_keep_on", "b_disconnect"), ("b_alert_provider", "b_photo"), ("b_paper", "b_no_ransom"), ("b_no_restore", "b_describe")]
    for first, second in pairs:
        codes = together(
            post(secretary, reverse("incidents:step", args=[incident.pk, first]), {"state": "done"}),
            post(member, reverse("incidents:step", args=[incident.pk, second]), {"state": "done"}),
        )
        assert codes == [200, 200]
    marks = StepMark.objects.filter(incident=incident, state="done")
    assert marks.count() == 8
    assert set(marks.filter(marked_by=team.member).values_list("step_key", flat=True)) == {p[1] for p in pairs}
    assert incident.entries.filter(kind=EntryKind.STEP).count() == 8


def test_the_same_step_ticked_twice_at_once_is_one_mark_and_two_lines(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    url = reverse("incidents:step", args=[incident.pk, "b_disconnect"])
    codes = together(post(team.client_for(team.secretary), url, {"state": "done"}), post(team.client_for(team.member), url, {"state": "done"}))
    assert codes == [200, 200]
    assert StepMark.objects.filter(incident=incident).count() == 1
    assert incident.entries.filter(kind=EntryKind.STEP).count() == 2


def test_a_note_and_a_status_change_at_once_both_stay(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    codes = together(
        lambda: team.client_for(team.secretary).post(reverse("incidents:note", args=[incident.pk]), {"text": "Prestataire en route"}).status_code,
        lambda: team.client_for(team.member).post(reverse("incidents:status", args=[incident.pk]), {"status": Status.DEGRADED}).status_code,
    )
    assert codes == [302, 302]
    incident.refresh_from_db()
    assert incident.status == Status.DEGRADED
    assert incident.entries.filter(kind=EntryKind.NOTE, text="Prestataire en route").exists()
    assert incident.entries.filter(kind=EntryKind.STATUS).exists()


def test_counting_paper_consultations_from_two_phones_adds_up(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    url = reverse("incidents:count", args=[incident.pk])
    data = {"day": timezone.localdate().isoformat(), "counter": "consultations", "delta": "1"}
    secretary, member = team.client_for(team.secretary), team.client_for(team.member)
    for _round in range(6):
        assert together(post(secretary, url, data), post(member, url, data), post(secretary, url, data)) == [200, 200, 200]
    assert CatchUpDay.objects.get(incident=incident).consultations == 18


def test_a_section_saved_from_a_stale_page_overwrites_nothing_and_keeps_the_typing(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    url = reverse("incidents:breach", args=[incident.pk])
    secretary, titulaire = team.client_for(team.secretary), team.client_for(team.titulaire)
    seen_by_secretary = secretary.get(url).context["form"]["seen"].value()
    seen_by_titulaire = titulaire.get(url).context["form"]["seen"].value()
    assert titulaire.post(url, {"personal_data": "true", "breach_nature": "Rançongiciel sur le poste d'accueil", "seen": seen_by_titulaire}).status_code == 302

    response = secretary.post(url, {"personal_data": "true", "breach_nature": "Fichiers chiffrés", "seen": seen_by_secretary})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu&#x27;un a modifié ces informations pendant que vous écriviez" in page
    assert "Rançongiciel sur le poste d&#x27;accueil" in page  # what is stored, shown
    assert "Fichiers chiffrés" in page  # what she typed, kept
    incident.refresh_from_db()
    assert incident.breach_nature == "Rançongiciel sur le poste d'accueil"

    # Sending again, knowingly, saves her version.
    fresh_seen = response.context["form"].data["seen"]
    assert secretary.post(url, {"personal_data": "true", "breach_nature": "Fichiers chiffrés", "seen": fresh_seen}).status_code == 302
    incident.refresh_from_db()
    assert incident.breach_nature == "Fichiers chiffrés"


def test_two_sections_saved_from_pages_opened_at_the_same_time_both_stay(team):
    incident = IncidentFactory(cabinet=team.cabinet, personal_data=True)
    breach_url, complaint_url = reverse("incidents:breach", args=[incident.pk]), reverse("incidents:complaint", args=[incident.pk])
    secretary, titulaire = team.client_for(team.secretary), team.client_for(team.titulaire)
    breach_seen = titulaire.get(breach_url).context["form"]["seen"].value()
    complaint_seen = secretary.get(complaint_url).context["form"]["seen"].value()
    filed = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    codes = together(
        lambda: titulaire.post(breach_url, {"personal_data": "true", "data_categories": "Dossiers médicaux", "people_affected": "1800", "seen": breach_seen}).status_code,
        lambda: secretary.post(complaint_url, {"complaint_filed_at": filed, "complaint_place": "Commissariat central", "seen": complaint_seen}).status_code,
    )
    assert codes == [302, 302]
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.data_categories == "Dossiers médicaux" and incident.people_affected == 1800
    assert incident.complaint_place == "Commissariat central" and incident.complaint_filed_at is not None
