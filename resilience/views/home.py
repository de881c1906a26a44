from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect, render

from resilience import dashboard
from resilience.models import Invitation, Membership
from resilience.profiles import needs_name
from resilience.tenancy import cabinet_view, current_tenant, is_urps_admin


def home(request):
    """Send each person where they start: sign-in, their URPS page, their cabinet or its creation."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    if is_urps_admin(request.user):
        return redirect("resilience:urps_home")
    if current_tenant(request) is None:
        return redirect("resilience:cabinet_create")
    return redirect("resilience:dashboard")


@cabinet_view
def dashboard_view(request):
    tenant = request.tenant
    members = tenant.scope(Membership).select_related("user")
    pending_invitations = tenant.scope(Invitation.objects.pending()).count() if tenant.membership.is_titulaire else 0
    return render(
        request,
        "resilience/dashboard.html",
        {
            "cabinet": tenant.cabinet,
            "members": members,
            "pending_invitations": pending_invitations,
            "mfa_enabled": is_mfa_enabled(request.user),
            "needs_name": needs_name(request.user),
            "panels": dashboard.panels_for(request),
        },
    )
