"""Accepting an invitation: it creates the account or links an existing one."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from resilience.models import Invitation, Membership, Role
from resilience.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(team):
    client = team.client_for(team.titulaire)
    client.post(reverse("resilience:member_invite"), {"email": "remplacant@example.org", "role": Role.PRATICIEN})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitation/" in line).strip()
    return link[link.index("/invitation/"):]


def test_a_new_person_signs_up_from_the_link_without_a_confirmation_email(client, team, invited):
    page = client.get(invited)
    assert page.status_code == 200 and team.cabinet.name in page.content.decode()
    mail.outbox.clear()
    response = client.post(
        reverse("account_signup"),
        {"email": "remplacant@example.org", "first_name": "Paul", "last_name": "Remplaçant", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(cabinet=team.cabinet, user__email="remplacant@example.org")
    assert membership.role == Role.PRATICIEN
    assert EmailAddress.objects.get(email="remplacant@example.org").verified
    assert mail.outbox == []
    assert client.get(reverse("resilience:dashboard")).status_code == 200


def test_an_existing_account_signs_in_and_joins(client, team, invited):
    person = UserFactory(email="remplacant@example.org")
    client.get(invited)
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert Membership.objects.filter(cabinet=team.cabinet, user=person).exists()


def test_a_signed_in_person_accepts_with_one_click(team, invited):
    person = UserFactory(email="remplacant@example.org")
    client = team.client_for(person)
    assert client.get(invited).status_code == 200
    response = client.post(invited)
    assert response.status_code == 302
    assert Membership.objects.filter(cabinet=team.cabinet, user=person, role=Role.PRATICIEN).exists()
    invitation = Invitation.objects.get(email="remplacant@example.org")
    assert invitation.accepted_by == person
    assert client.get(invited).status_code == 410  # used once


def test_another_address_cannot_use_the_link(team, invited):
    client = team.client_for(team.outsider)
    response = client.post(invited)
    assert response.status_code == 200
    assert "remplacant@example.org" in response.content.decode()
    assert not Membership.objects.filter(cabinet=team.cabinet, user=team.outsider).exists()


def test_an_expired_invitation_is_refused(client, team, invited):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(invited)
    assert response.status_code == 410
    assert "expiré" in response.content.decode()


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("resilience:invitation_accept", args=["forged-token"])).status_code == 404
    assert client.get(reverse("resilience:invitation_accept", args=["x" * 500])).status_code == 404


@pytest.mark.django_db
def test_the_dashboard_counts_only_pending_invitations_and_shows_the_team(team):
    from resilience.tests.factories import InvitationFactory

    InvitationFactory(cabinet=team.cabinet)
    InvitationFactory(cabinet=team.cabinet)
    InvitationFactory(cabinet=team.cabinet, expires_at=timezone.now() - timedelta(minutes=1))
    InvitationFactory(cabinet=team.cabinet, revoked_at=timezone.now())
    InvitationFactory(cabinet=team.other_cabinet)
    page = team.client_for(team.titulaire).get(reverse("resilience:dashboard")).content.decode()
    assert "2 invitations en attente." in page
    assert team.member.display_name in page and team.secretary.display_name in page
    assert team.outsider.display_name not in page
    page = team.client_for(team.member).get(reverse("resilience:dashboard")).content.decode()
    assert "en attente" not in page and team.titulaire.display_name in page
