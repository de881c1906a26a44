"""Creating a cabinet, its settings, and switching between one's cabinets."""

import pytest
from django.urls import reverse

from resilience.models import AuditEvent, Cabinet, Membership, Role
from resilience.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Cabinet des Lilas",
    "practitioners_kinesitherapie": "2",
    "region": "bretagne",
    "departement": "35",
    "address": "2 rue de la Paix, Rennes",
    "phone": "02 99 00 00 00",
    "share_statistics": "on",
}


def test_a_person_without_cabinet_is_asked_to_create_one(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("resilience:home")).url == reverse("resilience:cabinet_create")
    assert client.get(reverse("resilience:dashboard")).url == reverse("resilience:cabinet_create")


def test_creating_a_cabinet_makes_its_creator_titulaire(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("resilience:cabinet_create"), VALID)
    assert response.status_code == 302 and response.url == reverse("resilience:dashboard")
    cabinet = Cabinet.objects.get(name="Cabinet des Lilas")
    assert cabinet.share_statistics and cabinet.practitioners == 2
    assert cabinet.practitioner_counts_map() == {"kinesitherapie": 2} and cabinet.profession == "kinesitherapie"
    assert Membership.objects.get(cabinet=cabinet, user=user).role == Role.TITULAIRE
    assert AuditEvent.objects.filter(cabinet=cabinet, action="cabinet.create", actor=user).exists()
    dashboard = client.get(reverse("resilience:dashboard")).content.decode()
    assert "Cabinet des Lilas" in dashboard


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("departement", "33", "n'appartient pas à la région"),
        ("practitioners_kinesitherapie", "0", "Indiquez au moins un praticien"),
        ("practitioners_kinesitherapie", "-1", "supérieure ou égale à 0"),
        ("phone", "appelez-moi", "numéro de téléphone"),
        ("region", "atlantide", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_explained_in_french_and_kept(client, field, value, message):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("resilience:cabinet_create"), {**VALID, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page.replace("&#x27;", "'")
    assert "Cabinet des Lilas" in page  # what was typed is kept
    assert not Cabinet.objects.exists()


def test_settings_changes_are_recorded(team):
    client = team.client_for(team.titulaire)
    data = {**VALID, "name": "Cabinet des Acacias", "region": "nouvelle-aquitaine", "departement": "33", "practitioners_kinesitherapie": "", "practitioners_medecine_generale": "4"}
    assert client.post(reverse("resilience:cabinet_settings"), data).status_code == 302
    team.cabinet.refresh_from_db()
    assert team.cabinet.practitioners == 4 and team.cabinet.share_statistics
    event = AuditEvent.objects.get(cabinet=team.cabinet, action="cabinet.update")
    assert event.actor == team.titulaire
    assert event.changes["practitioners"] == ["2 médecins", "4 médecins"]


def test_invalid_settings_change_nothing(team):
    client = team.client_for(team.titulaire)
    response = client.post(reverse("resilience:cabinet_settings"), {**VALID, "practitioners_kinesitherapie": "-3"})
    assert response.status_code == 200
    team.cabinet.refresh_from_db()
    assert team.cabinet.practitioners == 2 and team.cabinet.name == "Cabinet des Acacias"
    assert not AuditEvent.objects.filter(action="cabinet.update").exists()


def test_a_remplacant_switches_between_cabinets_in_one_click(team):
    MembershipFactory(cabinet=team.other_cabinet, user=team.member, role=Role.PRATICIEN)
    client = team.client_for(team.member)
    for cabinet in (team.cabinet, team.other_cabinet, team.cabinet):
        response = client.post(reverse("resilience:cabinet_switch", args=[cabinet.pk]))
        assert response.status_code == 302
        page = client.get(reverse("resilience:dashboard")).content.decode()
        assert f"<h1 class=\"h2 mb-1\">{cabinet.name}</h1>" in page


def test_switching_to_a_cabinet_one_is_not_in_is_404(team):
    client = team.client_for(team.member)
    assert client.post(reverse("resilience:cabinet_switch", args=[team.other_cabinet.pk])).status_code == 404
    assert client.get(reverse("resilience:cabinet_switch", args=[team.cabinet.pk])).status_code == 405


def test_a_stale_session_cabinet_falls_back_to_a_real_membership(team):
    client = team.client_for(team.member)
    session = client.session
    session["cabinet_id"] = team.other_cabinet.pk
    session.save()
    page = client.get(reverse("resilience:dashboard")).content.decode()
    assert team.cabinet.name in page and team.other_cabinet.name not in page


def test_a_maison_de_sante_records_its_practitioners_by_profession(team):
    client = team.client_for(team.titulaire)
    data = {
        **VALID,
        "region": "nouvelle-aquitaine",
        "departement": "33",
        "practitioners_medecine_generale": "3",
        "practitioners_soins_infirmiers": "2",
        "practitioners_kinesitherapie": "1",
    }
    assert client.post(reverse("resilience:cabinet_settings"), data).status_code == 302
    team.cabinet.refresh_from_db()
    assert team.cabinet.practitioner_counts_map() == {"medecine_generale": 3, "soins_infirmiers": 2, "kinesitherapie": 1}
    assert team.cabinet.practitioners == 6 and team.cabinet.profession == "medecine_generale"
    assert team.cabinet.profession_codes == ["medecine_generale", "soins_infirmiers", "kinesitherapie"]
    page = client.get(reverse("resilience:dashboard")).content.decode()
    assert "3 médecins, 2 infirmiers, 1 kiné" in page
    form_page = client.get(reverse("resilience:cabinet_settings")).content.decode()
    assert 'name="practitioners_soins_infirmiers" value="2"' in form_page


def test_removing_a_profession_deletes_its_count(team):
    client = team.client_for(team.titulaire)
    base = {**VALID, "region": "nouvelle-aquitaine", "departement": "33", "practitioners_kinesitherapie": "0"}
    client.post(reverse("resilience:cabinet_settings"), {**base, "practitioners_medecine_generale": "2", "practitioners_maieutique": "1"})
    client.post(reverse("resilience:cabinet_settings"), {**base, "practitioners_maieutique": "1"})
    team.cabinet.refresh_from_db()
    assert team.cabinet.practitioner_counts_map() == {"maieutique": 1}
    assert (team.cabinet.profession, team.cabinet.practitioners) == ("maieutique", 1)


def test_existing_cabinets_migrate_from_their_single_profession():
    import importlib

    from django.apps import apps

    from resilience.models import PractitionerCount
    from resilience.tests.factories import CabinetFactory

    migration = importlib.import_module("resilience.migrations.0004_practitioners_by_profession")
    cabinet = CabinetFactory(profession="orthophonie", practitioners=4)
    PractitionerCount.objects.all().delete()
    migration.counts_from_single_profession(apps, None)
    assert cabinet.practitioner_counts_map() == {"orthophonie": 4}
