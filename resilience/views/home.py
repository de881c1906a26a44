from datetime import datetime

from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone

from resilience import dashboard
from resilience.memberships import TEAM
from resilience.models import Invitation, Membership
from resilience.profiles import needs_name
from resilience.tenancy import cabinet_view, compiled_once, current_tenant, is_urps_admin


def home(request):
    """Send each person where they start: sign-in, their URPS page, their cabinet or its creation."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    if is_urps_admin(request.user):
        return redirect("resilience:urps_home")
    if current_tenant(request) is None:
        return redirect("resilience:cabinet_create")
    return redirect("resilience:dashboard")


def _mfa_enabled(user) -> bool:
    known = getattr(user, "has_authenticator", None)  # annotated by the user manager
    return known if known is not None else is_mfa_enabled(user)


def _members_with_pending_invitations(tenant, now):
    # The count of pending invitations rides on the members' query: one query less on every dashboard.
    pending = (
        Invitation.objects.pending(now)
        .filter(cabinet=OuterRef("cabinet"))
        .order_by()
        .values("cabinet")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return tenant.scope(Membership).select_related("user").annotate(pending_invitations=Subquery(pending))


# Built once per process: the dashboard reads the team on every visit.
MEMBERS_WITH_PENDING_INVITATIONS = compiled_once(_members_with_pending_invitations, datetime)


@cabinet_view
def dashboard_view(request):
    tenant = request.tenant
    if tenant.membership.is_titulaire:
        members = tenant.fetch(MEMBERS_WITH_PENDING_INVITATIONS, timezone.now())
        pending_invitations = (members[0].pending_invitations or 0) if members else 0
    else:
        members, pending_invitations = tenant.fetch(TEAM), 0
    return render(
        request,
        "resilience/dashboard.html",
        {
            "cabinet": tenant.cabinet,
            "members": members,
            "pending_invitations": pending_invitations,
            "mfa_enabled": _mfa_enabled(request.user),
            "needs_name": needs_name(request.user),
            "panels": dashboard.panels_for(request),
        },
    )
