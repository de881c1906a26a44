"""Rules about who belongs to a cabinet, with which role.

A cabinet always keeps at least one titulaire: changing the role of, or
removing, the last one is refused. The check locks the cabinet's titulaire
rows, so two titulaires demoting each other at the same moment cannot leave
the cabinet without one.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resilience import audit
from resilience.models import Invitation, Membership, Role
from resilience.tenancy import compiled_once

# The team as the pages list it (the dashboard; who did a restore test; an action's owner, by e-mail),
# read by queries built once per process.
TEAM = compiled_once(lambda tenant: tenant.scope(Membership).select_related("user"))
TEAM_BY_EMAIL = compiled_once(lambda tenant: tenant.scope(Membership).select_related("user").order_by("user__email"))


class LastTitulaireError(ValidationError):
    pass


def _ensure_another_titulaire(membership):
    titulaires = list(
        Membership.objects.select_for_update()
        .filter(cabinet_id=membership.cabinet_id, role=Role.TITULAIRE)
        .values_list("pk", flat=True)
    )
    if membership.role == Role.TITULAIRE and titulaires == [membership.pk]:
        raise LastTitulaireError(
            _("Le cabinet doit garder au moins un titulaire. Nommez d'abord un autre titulaire.")
        )


@transaction.atomic
def change_role(membership, new_role, actor):
    membership = Membership.objects.select_for_update().select_related("user", "cabinet").get(pk=membership.pk)
    if membership.role == new_role:
        return membership
    if new_role != Role.TITULAIRE:
        _ensure_another_titulaire(membership)
    old_label = membership.get_role_display()
    old_role, membership.role = membership.role, new_role
    membership.save(update_fields=["role"])
    audit.record(
        membership.cabinet,
        actor,
        "member.role",
        _("Rôle de %(person)s : %(old)s → %(new)s")
        % {"person": membership.user.email, "old": old_label, "new": membership.get_role_display()},
        {"role": [old_role, new_role]},
    )
    return membership


@transaction.atomic
def remove_member(membership, actor):
    membership = Membership.objects.select_for_update().select_related("user", "cabinet").get(pk=membership.pk)
    _ensure_another_titulaire(membership)
    membership.delete()
    audit.record(
        membership.cabinet,
        actor,
        "member.remove",
        _("%(person)s a été retiré(e) du cabinet") % {"person": membership.user.email},
        {"email": membership.user.email, "role": membership.role},
    )


@transaction.atomic
def create_invitation(cabinet, email, role, actor, validity):
    """Create an invitation and return it with its clear token (sent by email only)."""
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        cabinet=cabinet,
        email=email.lower(),
        role=role,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=timezone.now() + validity,
    )
    audit.record(
        cabinet,
        actor,
        "invitation.create",
        _("Invitation envoyée à %(email)s (%(role)s)") % {"email": invitation.email, "role": invitation.get_role_display()},
        {"email": invitation.email, "role": role},
    )
    return invitation, token


@transaction.atomic
def revoke_invitation(invitation, actor):
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        invitation.cabinet,
        actor,
        "invitation.revoke",
        _("Invitation de %(email)s annulée") % {"email": invitation.email},
    )


@transaction.atomic
def accept_invitation(invitation, user):
    """Join the cabinet; an existing membership keeps its role (no silent change)."""
    invitation = Invitation.objects.select_for_update().select_related("cabinet").get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("Cette invitation n'est plus valable."))
    membership, created = Membership.objects.get_or_create(
        cabinet=invitation.cabinet, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if created:
        audit.record(
            invitation.cabinet,
            user,
            "member.join",
            _("%(person)s a rejoint le cabinet (%(role)s)")
            % {"person": user.email, "role": membership.get_role_display()},
            {"email": user.email, "role": membership.role},
        )
    return membership
