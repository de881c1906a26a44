"""What the URPS statistics read from the kit: cabinets that tested their kit in a period."""

from django.utils.translation import gettext_lazy as _

from kit.models import KitTest
from resilience.statistics.aggregates import Aggregate


def kit_tested(start, end):
    return KitTest.objects.filter(performed_on__gte=start.date(), performed_on__lt=end.date()).values("cabinet_id")


AGGREGATE = Aggregate("kit_test", _("Test du kit « mode dégradé »"), kit_tested, order=10)
