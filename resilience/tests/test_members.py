"""The team page: inviting, changing roles, removing, and the rule of one titulaire at least."""

import pytest
from django.core import mail
from django.urls import reverse

from resilience.models import AuditEvent, Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def membership(team, user):
    return Membership.objects.get(cabinet=team.cabinet, user=user)


def test_every_member_sees_the_team(team):
    response = team.client_for(team.secretary).get(reverse("resilience:members"))
    assert response.status_code == 200
    assert team.titulaire.display_name in response.content.decode()
    assert reverse("resilience:member_invite") not in response.content.decode()


def test_a_titulaire_invites_a_member_by_email(team):
    client = team.client_for(team.titulaire)
    response = client.post(reverse("resilience:member_invite"), {"email": "Nouveau@Example.org", "role": Role.SECRETARIAT})
    assert response.status_code == 302
    invitation = Invitation.objects.get(cabinet=team.cabinet)
    assert invitation.email == "nouveau@example.org" and invitation.role == Role.SECRETARIAT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nouveau@example.org"]
    assert "/invitation/" in mail.outbox[0].body and team.cabinet.name in mail.outbox[0].subject
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="invitation.create", actor=team.titulaire).exists()


def test_inviting_someone_already_in_the_cabinet_is_refused_and_keeps_the_input(team):
    client = team.client_for(team.titulaire)
    response = client.post(reverse("resilience:member_invite"), {"email": team.member.email, "role": Role.PRATICIEN})
    assert response.status_code == 200
    assert "fait déjà partie du cabinet" in response.content.decode()
    assert team.member.email in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role_name", ["member", "secretary"])
def test_only_a_titulaire_manages_members(team, role_name):
    client = team.client_for(getattr(team, role_name))
    target = membership(team, team.titulaire)
    assert client.get(reverse("resilience:member_invite")).status_code == 403
    assert client.post(reverse("resilience:member_invite"), {"email": "x@example.org", "role": Role.TITULAIRE}).status_code == 403
    assert client.post(reverse("resilience:member_role", args=[target.pk]), {"role": Role.SECRETARIAT}).status_code == 403
    assert client.post(reverse("resilience:member_remove", args=[target.pk])).status_code == 403
    assert client.get(reverse("resilience:cabinet_settings")).status_code == 403
    assert client.get(reverse("resilience:history")).status_code == 403
    assert membership(team, team.titulaire).role == Role.TITULAIRE
    assert not Invitation.objects.exists()


def test_a_titulaire_changes_a_role_and_it_is_recorded(team):
    client = team.client_for(team.titulaire)
    target = membership(team, team.member)
    response = client.post(reverse("resilience:member_role", args=[target.pk]), {"role": Role.TITULAIRE})
    assert response.status_code == 302
    assert membership(team, team.member).role == Role.TITULAIRE
    event = AuditEvent.objects.get(cabinet=team.cabinet, action="member.role")
    assert event.actor == team.titulaire and event.changes == {"role": [Role.PRATICIEN, Role.TITULAIRE]}


def test_the_last_titulaire_cannot_step_down(team):
    client = team.client_for(team.titulaire)
    own = membership(team, team.titulaire)
    response = client.post(reverse("resilience:member_role", args=[own.pk]), {"role": Role.PRATICIEN})
    assert response.status_code == 200
    assert "au moins un titulaire" in response.content.decode()
    assert membership(team, team.titulaire).role == Role.TITULAIRE


def test_the_last_titulaire_cannot_be_removed(team):
    client = team.client_for(team.titulaire)
    own = membership(team, team.titulaire)
    response = client.post(reverse("resilience:member_remove", args=[own.pk]))
    assert response.status_code == 200
    assert "au moins un titulaire" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_a_titulaire_removes_a_member(team):
    client = team.client_for(team.titulaire)
    target = membership(team, team.member)
    assert client.post(reverse("resilience:member_remove", args=[target.pk])).status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert team.member.is_active  # the account stays
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="member.remove").exists()


def test_a_titulaire_who_is_not_the_last_may_leave(team):
    membership(team, team.member).__class__.objects.filter(cabinet=team.cabinet, user=team.member).update(role=Role.TITULAIRE)
    client = team.client_for(team.titulaire)
    own = membership(team, team.titulaire)
    response = client.post(reverse("resilience:member_remove", args=[own.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_a_titulaire_revokes_an_invitation(team):
    from resilience.tests.factories import InvitationFactory

    invitation = InvitationFactory(cabinet=team.cabinet)
    client = team.client_for(team.titulaire)
    assert client.post(reverse("resilience:invitation_revoke", args=[invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and not invitation.is_pending


def test_the_history_lists_changes_with_who_and_when(team):
    client = team.client_for(team.titulaire)
    client.post(reverse("resilience:member_role", args=[membership(team, team.member).pk]), {"role": Role.SECRETARIAT})
    response = client.get(reverse("resilience:history"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rôle de " + team.member.email in page and team.titulaire.email in page
