"""People appear by their name: asked at sign-up, on joining, editable on « Mon profil »."""

import pytest
from django.urls import reverse

from resilience.models import AuditEvent, Role
from resilience.tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def signup(client, **extra):
    data = {"email": "new@example.org", "first_name": "Anne", "last_name": "Martin", "password1": PASSWORD, "password2": PASSWORD}
    data.update(extra)
    return client.post(reverse("account_signup"), data)


def test_sign_up_asks_for_first_and_last_name(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="first_name"' in page and 'name="last_name"' in page


@pytest.mark.parametrize("missing", ["first_name", "last_name"])
def test_a_name_is_required_at_sign_up(client, django_user_model, missing):
    response = signup(client, **{missing: "   "})
    assert response.status_code == 200
    assert "new@example.org" in response.content.decode()  # what was typed is kept
    assert not django_user_model.objects.filter(email="new@example.org").exists()


def test_the_name_given_at_sign_up_is_stored(client, django_user_model):
    assert signup(client).status_code == 302
    user = django_user_model.objects.get(email="new@example.org")
    assert (user.first_name, user.last_name, user.display_name) == ("Anne", "Martin", "Anne Martin")


def test_the_profile_page_edits_the_name(team):
    client = team.client_for(team.member)
    page = client.get(reverse("resilience:profile"))
    assert page.status_code == 200 and team.member.first_name in page.content.decode()
    response = client.post(reverse("resilience:profile"), {"first_name": " Jeanne ", "last_name": "Dupont"})
    assert response.status_code == 302
    team.member.refresh_from_db()
    assert team.member.display_name == "Jeanne Dupont"


def test_the_profile_page_refuses_an_empty_name_and_keeps_the_input(team):
    client = team.client_for(team.member)
    response = client.post(reverse("resilience:profile"), {"first_name": "Jeanne", "last_name": ""})
    assert response.status_code == 200 and 'value="Jeanne"' in response.content.decode()


def test_the_account_menu_links_to_the_profile(team):
    page = team.client_for(team.member).get(reverse("resilience:dashboard")).content.decode()
    assert reverse("resilience:profile") in page


def test_a_person_without_a_name_shows_as_email_and_is_asked_to_complete(team):
    nameless = MembershipFactory(cabinet=team.cabinet, role=Role.PRATICIEN, user__first_name="", user__last_name="").user
    assert nameless.display_name == nameless.email
    page = team.client_for(nameless).get(reverse("resilience:dashboard")).content.decode()
    assert 'data-testid="complete-profile"' in page
    named = team.client_for(team.member).get(reverse("resilience:dashboard")).content.decode()
    assert 'data-testid="complete-profile"' not in named


def test_a_signed_in_person_without_a_name_gives_it_when_joining(team, client):
    from django.core import mail

    titulaire = team.client_for(team.titulaire)
    titulaire.post(reverse("resilience:member_invite"), {"email": "joiner@example.org", "role": Role.PRATICIEN})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitation/" in line).strip()
    invited = link[link.index("/invitation/"):]
    person = UserFactory(email="joiner@example.org", first_name="", last_name="")
    client.force_login(person)
    assert 'name="first_name"' in client.get(invited).content.decode()
    assert client.post(invited, {"first_name": "", "last_name": ""}).status_code == 200
    assert not person.memberships.exists()
    assert client.post(invited, {"first_name": "Luc", "last_name": "Bernard"}).status_code == 302
    person.refresh_from_db()
    assert person.display_name == "Luc Bernard" and person.memberships.filter(cabinet=team.cabinet).exists()


def test_the_team_shows_names_and_only_the_titulaire_sees_emails(team):
    as_titulaire = team.client_for(team.titulaire).get(reverse("resilience:members")).content.decode()
    as_secretary = team.client_for(team.secretary).get(reverse("resilience:members")).content.decode()
    assert team.member.display_name in as_titulaire and team.member.email in as_titulaire
    assert team.member.display_name in as_secretary and team.member.email not in as_secretary


def test_the_history_shows_who_by_name(team):
    AuditEvent.objects.create(cabinet=team.cabinet, actor=team.member, action="test", summary="Quelque chose")
    page = team.client_for(team.titulaire).get(reverse("resilience:history")).content.decode()
    assert team.member.display_name in page and team.member.email not in page


def test_the_invitation_form_preselects_no_role(team):
    client = team.client_for(team.titulaire)
    page = client.get(reverse("resilience:member_invite")).content.decode()
    options = page.split('name="role"')[1].split("</select>")[0]
    assert '<option value="" selected>' in options and options.count("selected") == 1
    response = client.post(reverse("resilience:member_invite"), {"email": "x@example.org", "role": ""})
    assert response.status_code == 200 and 'value="x@example.org"' in response.content.decode()
    assert "Secrétariat :" in page and "Praticien :" in page
