"""What the URPS statistics read from the contracts: cabinets that reviewed an IT contract in a period."""

from django.utils.translation import gettext_lazy as _

from contracts.models import ContractReview
from resilience.statistics.aggregates import Aggregate


def reviewed(start, end):
    return ContractReview.objects.filter(created_at__gte=start, created_at__lt=end).values("cabinet_id")


AGGREGATE = Aggregate("contract_review", _("Contrat informatique relu"), reviewed, order=30)
