"""What the URPS statistics read from the restore tests: cabinets that tested a restore in a period."""

from django.utils.translation import gettext_lazy as _

from resilience.models import RestoreTest
from resilience.statistics.aggregates import Aggregate


def restore_tested(start, end):
    return RestoreTest.objects.filter(performed_on__gte=start.date(), performed_on__lt=end.date()).values("cabinet_id")


AGGREGATE = Aggregate("restore_test", _("Test de restauration d'une sauvegarde"), restore_tested, order=20)
