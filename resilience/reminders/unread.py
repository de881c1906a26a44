"""The bell's number: a person's unread notifications in one cabinet.

Every signed-in page shows it, so it rides on the tenancy's query of the
person's memberships (`per_membership`) rather than costing a query of its own;
`count` is the same number read alone (after a cabinet switch, in tests).
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from resilience.models import DeliveryStatus, Reminder


def unread(cabinet_id, recipient_id):
    return Reminder.objects.filter(cabinet_id=cabinet_id, recipient_id=recipient_id, read_at__isnull=True).exclude(
        status=DeliveryStatus.CANCELLED
    )


def count(cabinet_id, recipient_id) -> int:
    return unread(cabinet_id, recipient_id).count()


def per_membership():
    """An annotation of a Membership query: the member's unread notifications in that membership's cabinet."""
    counted = (
        unread(OuterRef("cabinet_id"), OuterRef("user_id")).order_by().values("recipient_id").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
