from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from resilience.invitations import email_matches, find_invitation, remember
from resilience.memberships import accept_invitation
from resilience.profiles import ProfileForm, needs_name
from resilience.tenancy import SESSION_KEY, is_urps_admin


def invitation_accept(request, token):
    """The page behind the emailed link: join the cabinet, signing in or up first if needed."""
    invitation = find_invitation(token)
    if invitation is None:
        return render(request, "resilience/invitation_invalid.html", {"reason": "unknown"}, status=404)
    if not invitation.is_pending:
        reason = "accepted" if invitation.accepted_at else "revoked" if invitation.revoked_at else "expired"
        return render(request, "resilience/invitation_invalid.html", {"reason": reason, "invitation": invitation}, status=410)

    user = request.user
    if not user.is_authenticated:
        remember(request, token)
        # The link proves the address: an account created with it needs no confirmation email.
        get_adapter(request).stash_verified_email(request, invitation.email)
        return render(request, "resilience/invitation_accept.html", {"invitation": invitation})

    blocked = None
    if is_urps_admin(user):
        blocked = _("Un compte URPS ne peut pas rejoindre un cabinet.")
    elif not email_matches(invitation, user):
        blocked = _(
            "Cette invitation a été envoyée à %(email)s. Déconnectez-vous puis connectez-vous ou créez un compte avec cette adresse."
        ) % {"email": invitation.email}
    # Someone joining a team is named in it: an account without a name gives it here.
    name_form = ProfileForm(request.POST or None, user=user) if blocked is None and needs_name(user) else None
    if request.method == "POST" and blocked is None and (name_form is None or name_form.is_valid()):
        if name_form is not None:
            name_form.save()
        try:
            membership = accept_invitation(invitation, user)
        except ValidationError as error:
            blocked = error.messages[0]
        else:
            request.session[SESSION_KEY] = membership.cabinet_id
            messages.success(request, _("Bienvenue au cabinet %(cabinet)s.") % {"cabinet": invitation.cabinet.name})
            return redirect("resilience:dashboard")
    return render(request, "resilience/invitation_accept.html", {"invitation": invitation, "blocked": blocked, "name_form": name_form})
