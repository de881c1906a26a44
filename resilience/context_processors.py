from resilience import navigation
from resilience.tenancy import current_tenant, is_urps_admin, memberships_of


def navigation_context(request):
    """The menu of the current cabinet and the person's other cabinets."""
    if not hasattr(request, "user") or not request.user.is_authenticated:
        return {}
    if is_urps_admin(request.user):
        return {"is_urps_admin": True}
    tenant = current_tenant(request)
    if tenant is None:
        return {}
    return {
        "tenant": tenant,
        "nav_items": navigation.items_for(tenant.role),
        "cabinet_nav_items": navigation.items_for(tenant.role, group="cabinet"),
        "urgent_items": navigation.urgent_for(tenant.role),
        "other_memberships": sorted(
            (m for m in _memberships(request) if m.cabinet_id != tenant.cabinet.pk), key=lambda m: (m.role, m.cabinet.name)
        ),
    }


def _memberships(request):
    """The person's memberships, as current_tenant loaded them (or once more after a cabinet switch)."""
    memberships = getattr(request, "_memberships", None)
    return memberships if memberships is not None else memberships_of(request.user)
