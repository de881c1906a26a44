"""What the URPS statistics read from the incidents: cabinets that finished a drill in a period."""

from django.utils.translation import gettext_lazy as _

from incidents.models import Drill
from resilience.statistics.aggregates import Aggregate


def drilled(start, end):
    return Drill.objects.filter(finished_at__gte=start, finished_at__lt=end).values("cabinet_id")


AGGREGATE = Aggregate("drill", _("Exercice d'incident"), drilled, order=40)
