"""The restore tests' panel on the dashboard (one query)."""

from django.utils import timezone

from resilience.dashboard import Panel
from resilience.restores import services

ORDER = 40


def restore_panel(request) -> Panel:
    return Panel("resilience/restores/_dashboard_panel.html", {"restore": services.status(request.tenant, timezone.localdate())}, order=ORDER)
