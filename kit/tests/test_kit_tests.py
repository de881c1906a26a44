"""The six-monthly kit test: guided, recorded with who, when and each result, then kept as evidence."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kit import services
from kit.catalogue import get_catalogue
from kit.models import CheckResult, Equipment, EquipmentState, Kit, KitTest, KitTestSource, StockLevel
from kit.tests.helpers import page_text
from resilience.models import AuditEvent
from resilience.tests.factories import EmergencyContactFactory

pytestmark = pytest.mark.django_db
CHECKS = [check.key for check in get_catalogue().checks]


def answers(day, problems=(), **notes):
    data = {"performed_on": day.isoformat(), "participants": "Dr Martin", "notes": "RAS"}
    for key in CHECKS:
        data[f"result-{key}"] = CheckResult.PROBLEM if key in problems else CheckResult.OK
        data[f"note-{key}"] = notes.get(key, "")
    return data


def test_the_guided_test_shows_each_check_with_what_the_records_say(team):
    StockLevel.objects.create(cabinet=team.cabinet, line_key="feuilles_de_soins", quantity=10)
    EmergencyContactFactory(cabinet=team.cabinet)
    Kit.objects.create(cabinet=team.cabinet, binder_location="Accueil, armoire grise")
    page = page_text(team.client_for(team.secretary).get(reverse("kit:test_new")))
    for check in get_catalogue().checks:
        assert check.label in page and check.help in page
    assert "Feuilles de soins papier des médecins (10/100)" in page  # 2 practitioners
    assert "1 contact enregistré" in page
    assert "Accueil, armoire grise" in page
    assert page.count('type="radio"') == 3 * len(CHECKS)


@pytest.mark.parametrize("role", ["titulaire", "member", "secretary"])
def test_any_member_records_a_test_and_the_next_one_is_due_six_months_later(team, role):
    user = getattr(team, role)
    day = timezone.localdate() - timedelta(days=1)
    response = team.client_for(user).post(reverse("kit:test_new"), answers(day, problems=["hotspot_connecte"], hotspot_connecte="Forfait expiré"))
    test = KitTest.objects.get(cabinet=team.cabinet)
    assert response.status_code == 302 and response.url == reverse("kit:test_detail", args=[test.pk])
    assert (test.performed_on, test.performed_by, test.performed_by_name) == (day, user, user.display_name)
    assert test.participants == "Dr Martin" and test.notes == "RAS" and test.source == KitTestSource.KIT_TEST
    assert [c["key"] for c in test.checks] == CHECKS
    assert test.problems == [
        {"key": "hotspot_connecte", "label": "Le partage de connexion 4G/5G (point d'accès) fonctionne", "result": "problem", "note": "Forfait expiré"}
    ]
    assert Kit.objects.get(cabinet=team.cabinet).next_test_due == test.next_due
    assert AuditEvent.objects.get(action="kit.test").actor == user


def test_a_test_on_31_august_is_next_due_at_the_end_of_february(team):
    test = services.record_kit_test(team.cabinet, team.titulaire, date(2025, 8, 31), {})
    assert test.next_due == date(2026, 2, 28)
    leap = services.record_kit_test(team.cabinet, team.titulaire, date(2027, 8, 31), {})
    assert leap.next_due == date(2028, 2, 29)
    assert Kit.objects.get(cabinet=team.cabinet).next_test_due == date(2028, 2, 29)


def test_recording_an_older_test_late_does_not_pull_the_due_date_back(team):
    services.record_kit_test(team.cabinet, team.titulaire, date(2026, 3, 10), {})
    services.record_kit_test(team.cabinet, team.titulaire, date(2025, 12, 1), {})
    assert Kit.objects.get(cabinet=team.cabinet).next_test_due == date(2026, 9, 10)


def test_a_check_without_result_or_a_future_date_is_refused_and_what_was_typed_is_kept(team):
    data = answers(timezone.localdate() + timedelta(days=2), cle_usb_lisible="Clé introuvable")
    del data["result-classeur_connu"]
    response = team.client_for(team.member).post(reverse("kit:test_new"), data)
    page = page_text(response)
    assert response.status_code == 200
    assert "Cette date est dans le futur" in page
    assert "Choisissez OK, Problème ou Non vérifié." in page
    assert 'value="Clé introuvable"' in page
    assert not KitTest.objects.exists()


def test_a_passed_test_marks_the_equipment_tried_and_a_failed_one_to_check(team):
    day = timezone.localdate()
    team.client_for(team.titulaire).post(
        reverse("kit:test_new"), answers(day, problems=["poste_et_imprimante"])
    )
    state = {e.line_key: e for e in Equipment.objects.filter(cabinet=team.cabinet)}
    usb = state[Equipment.USB_KEY]
    assert (usb.state, usb.last_tested_on, usb.templates_present, usb.quantity) == ("ready", day, True, 1)
    assert state["hotspot_4g5g"].state == EquipmentState.READY
    assert state["poste_secours"].state == EquipmentState.TO_CHECK
    assert state["poste_secours"].last_tested_on == day
    assert state["telephone_ecps"].last_tested_on is None  # no check covers it


def test_past_tests_stay_listed_as_evidence(team):
    first = services.record_kit_test(team.cabinet, team.titulaire, date(2025, 6, 1), {k: (CheckResult.OK, "") for k in CHECKS})
    second = services.record_kit_test(team.cabinet, team.secretary, date(2025, 12, 1), {"stocks_complets": (CheckResult.PROBLEM, "")})
    client = team.client_for(team.member)
    page = page_text(client.get(reverse("kit:tests")))
    assert page.index("Test du 1er décembre 2025") < page.index("Test du 1er juin 2025")
    assert "Tout est en ordre" in page and "8 points à reprendre" in page  # 1 problem, 7 not done
    detail = page_text(client.get(reverse("kit:test_detail", args=[second.pk])))
    assert "Les stocks du classeur sont complets" in detail and "Problème" in detail and "Non vérifié" in detail
    assert client.post(reverse("kit:test_detail", args=[first.pk])).status_code == 405  # never edited


def test_another_cabinets_test_is_a_404(team):
    test = services.record_kit_test(team.cabinet, team.titulaire, date(2025, 6, 1), {})
    assert team.client_for(team.outsider).get(reverse("kit:test_detail", args=[test.pk])).status_code == 404


def test_a_drill_can_be_recorded_as_the_kit_test(team):
    """The incidents app will call this when a drill covered the kit test's checks."""
    test = services.record_kit_test(
        team.cabinet, team.titulaire, date(2026, 3, 12), {"cle_usb_lisible": (CheckResult.OK, "")},
        source=KitTestSource.DRILL, source_label="Exercice « cyberattaque » du 12 mars 2026",
    )
    assert test.source == "drill" and test.get_source_display() == "Exercice d'incident"
    assert Kit.objects.get(cabinet=team.cabinet).next_test_due == date(2026, 9, 12)
    page = page_text(team.client_for(team.member).get(reverse("kit:tests")))
    assert "Exercice « cyberattaque » du 12 mars 2026" in page


def test_unknown_checks_are_refused(team):
    with pytest.raises(ValueError, match="unknown kit test checks: forged"):
        services.record_kit_test(team.cabinet, team.titulaire, date(2026, 1, 1), {"forged": (CheckResult.OK, "")})
    with pytest.raises(ValueError):
        services.record_kit_test(team.cabinet, team.titulaire, date(2026, 1, 1), {"cle_usb_lisible": ("maybe", "")})
    assert not KitTest.objects.exists()


def test_a_forged_result_value_is_refused_by_the_form(team):
    data = {**answers(timezone.localdate()), "result-cle_usb_lisible": "parfait"}
    response = team.client_for(team.member).post(reverse("kit:test_new"), data)
    assert response.status_code == 200 and not KitTest.objects.exists()


def test_a_finished_drill_counts_as_the_kit_test_once_its_checks_are_recorded(team):
    from incidents.tests.factories import DrillFactory

    finished = timezone.now() - timedelta(days=2)
    drill = DrillFactory(cabinet=team.cabinet, finished_at=finished)
    client = team.client_for(team.secretary)
    listing = client.get(reverse("kit:tests")).content.decode()
    assert f"?exercice={drill.pk}" in listing and "Compter : Exercice" in listing

    form = client.get(reverse("kit:test_new"), {"exercice": drill.pk}).content.decode()
    assert "il comptera comme test du kit" in form and f'name="exercice" value="{drill.pk}"' in form
    day = timezone.localtime(finished).date()
    response = client.post(reverse("kit:test_new"), {**answers(day), "exercice": drill.pk})
    assert response.status_code == 302
    test = KitTest.objects.get(cabinet=team.cabinet)
    assert test.source == KitTestSource.DRILL and test.source_drill == drill
    assert test.source_label.startswith("Exercice « ")
    assert Kit.objects.get(cabinet=team.cabinet).next_test_due == services.next_test_due(day)
    assert f"?exercice={drill.pk}" not in client.get(reverse("kit:tests")).content.decode()  # counted once


@pytest.mark.parametrize("value", ["abc", "999999"])
def test_a_forged_drill_is_404_and_records_nothing(team, value):
    client = team.client_for(team.titulaire)
    assert client.post(reverse("kit:test_new"), {**answers(timezone.localdate()), "exercice": value}).status_code == 404
    assert not KitTest.objects.exists()


def test_another_cabinets_or_a_running_drill_cannot_be_counted(team):
    from incidents.tests.factories import DrillFactory

    foreign = DrillFactory(cabinet=team.other_cabinet, finished_at=timezone.now())
    running = DrillFactory(cabinet=team.cabinet, finished_at=None)
    client = team.client_for(team.titulaire)
    for drill in (foreign, running):
        assert client.get(reverse("kit:test_new"), {"exercice": drill.pk}).status_code == 404
    assert not KitTest.objects.exists()


def test_the_contacts_beside_the_check_are_counted_for_the_cabinet_alone(team):
    """The contacts' count and last change, read by a query compiled once: the cabinet's, as the ORM gives them."""
    from django.db.models import Max

    from kit.views.kit_tests import _CONTACTS
    from resilience.models import EmergencyContact

    assert _CONTACTS.first(team.cabinet.pk) is None  # no contact: the page says 0
    EmergencyContactFactory(cabinet=team.cabinet)
    EmergencyContactFactory(cabinet=team.cabinet)
    EmergencyContactFactory(cabinet=team.other_cabinet)
    mine = EmergencyContact.objects.filter(cabinet=team.cabinet)
    assert _CONTACTS.first(team.cabinet.pk) == {"count": 2, "updated": mine.aggregate(m=Max("updated_at"))["m"]}
    page = team.client_for(team.member).get(reverse("kit:test_new")).content.decode()
    assert "2 contacts enregistrés" in page
