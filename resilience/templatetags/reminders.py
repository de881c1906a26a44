from django import template

from resilience.models import DeliveryStatus, Reminder

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The bell's number: one COUNT query, this person's unread notifications in the current cabinet."""
    request, tenant = context.get("request"), context.get("tenant")
    if request is None or tenant is None:
        return 0
    if not hasattr(request, "_unread_notifications"):  # the menu shows it twice (burger and bell): count once
        request._unread_notifications = (
            Reminder.objects.filter(
                cabinet_id=tenant.membership.cabinet_id, recipient_id=request.user.pk, read_at__isnull=True
            )
            .exclude(status=DeliveryStatus.CANCELLED)
            .count()
        )
    return request._unread_notifications
