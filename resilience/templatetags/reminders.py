from django import template

from resilience.reminders import unread

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The bell's number: this person's unread notifications in the current cabinet.

    Read with the tenancy's query of the memberships (no query of its own), or counted once after a
    cabinet switch; the menu shows it twice (burger and bell).
    """
    request, tenant = context.get("request"), context.get("tenant")
    if request is None or tenant is None:
        return 0
    known = getattr(tenant.membership, "unread_notifications", None)
    if known is not None:
        return known
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread.count(tenant.membership.cabinet_id, request.user.pk)
    return request._unread_notifications
