"""Finding invitations by their token and accepting the one opened before sign-in.

The person opens the emailed link, then signs in or creates an account; the
token waits in the session and the invitation is accepted at sign-in, if the
account's address is the invited one.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from resilience.memberships import accept_invitation
from resilience.models.cabinets import Invitation, hash_token
from resilience.tenancy import SESSION_KEY, is_urps_admin

PENDING_KEY = "pending_invitation"


def find_invitation(token: str):
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("cabinet", "invited_by").filter(token_hash=hash_token(token)).first()


def remember(request, token: str) -> None:
    request.session[PENDING_KEY] = token


def email_matches(invitation, user) -> bool:
    return invitation.email.lower() == user.email.lower()


def accept_pending_invitation(request, user):
    token = request.session.pop(PENDING_KEY, None)
    invitation = find_invitation(token) if token else None
    if invitation is None or not invitation.is_pending or is_urps_admin(user):
        return None
    if not email_matches(invitation, user):
        messages.warning(
            request,
            _("L'invitation au cabinet %(cabinet)s a été envoyée à %(email)s : connectez-vous avec cette adresse pour l'accepter.")
            % {"cabinet": invitation.cabinet.name, "email": invitation.email},
        )
        return None
    try:
        membership = accept_invitation(invitation, user)
    except ValidationError:
        return None
    request.session[SESSION_KEY] = membership.cabinet_id
    messages.success(request, _("Bienvenue au cabinet %(cabinet)s.") % {"cabinet": invitation.cabinet.name})
    return membership
