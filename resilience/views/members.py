from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from resilience import mail, memberships
from resilience.forms import InvitationForm, RoleForm
from resilience.models import Invitation, Membership, Role
from resilience.tenancy import cabinet_view

TITULAIRE_ONLY = {Role.TITULAIRE}


@cabinet_view
def member_list(request):
    tenant = request.tenant
    return render(
        request,
        "resilience/members.html",
        {
            "members": tenant.scope(Membership).select_related("user").order_by("user__last_name", "user__first_name", "user__email"),
            "invitations": tenant.scope(Invitation.objects.pending()).select_related("invited_by"),
            "can_manage": tenant.membership.is_titulaire,
        },
    )


@cabinet_view(roles=TITULAIRE_ONLY)
def member_invite(request):
    cabinet = request.tenant.cabinet
    form = InvitationForm(request.POST or None, cabinet=cabinet)
    if request.method == "POST" and form.is_valid():
        invitation, token = memberships.create_invitation(
            cabinet, form.cleaned_data["email"], form.cleaned_data["role"], request.user, settings.INVITATION_VALIDITY
        )
        mail.send_template(
            "invitation",
            [invitation.email],
            {
                "invitation": invitation,
                "cabinet": cabinet,
                "inviter": request.user,
                "accept_url": settings.SITE_URL + reverse("resilience:invitation_accept", args=[token]),
            },
        )
        messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email})
        return redirect("resilience:members")
    return render(request, "resilience/member_invite.html", {"form": form})


@cabinet_view(roles=TITULAIRE_ONLY)
def member_role(request, member_id):
    membership = request.tenant.get(Membership.objects.select_related("user"), pk=member_id)
    form = RoleForm(request.POST or None, instance=Membership(pk=membership.pk, role=membership.role))
    if request.method == "POST" and form.is_valid():
        try:
            memberships.change_role(membership, form.cleaned_data["role"], request.user)
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, _("Le rôle de %(name)s est modifié.") % {"name": membership.user.display_name})
            return redirect("resilience:members")
    return render(request, "resilience/member_role.html", {"form": form, "membership": membership})


@cabinet_view(roles=TITULAIRE_ONLY)
def member_remove(request, member_id):
    membership = request.tenant.get(Membership.objects.select_related("user"), pk=member_id)
    error = None
    if request.method == "POST":
        try:
            memberships.remove_member(membership, request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("%(name)s ne fait plus partie du cabinet.") % {"name": membership.user.display_name})
            if membership.user_id == request.user.pk:
                request.session.pop("cabinet_id", None)
                return redirect("resilience:home")
            return redirect("resilience:members")
    return render(request, "resilience/member_remove.html", {"membership": membership, "error": error})


@cabinet_view(roles=TITULAIRE_ONLY)
def invitation_revoke(request, invitation_id):
    invitation = request.tenant.get(Invitation.objects.pending(), pk=invitation_id)
    if request.method == "POST":
        memberships.revoke_invitation(invitation, request.user)
        messages.success(request, _("L'invitation de %(email)s est annulée.") % {"email": invitation.email})
        return redirect("resilience:members")
    return render(request, "resilience/invitation_revoke.html", {"invitation": invitation})
