"""The restore tests' panel on the dashboard (one query)."""

from django.utils import timezone

from resilience.dashboard import Panel
from resilience.restores import services
from resilience.templatetags.restore_tags import restore_panel as write_restore_panel

ORDER = 40


def restore_panel(request) -> Panel:
    return Panel(write_restore_panel, {"restore": services.status(request.tenant, timezone.localdate())}, order=ORDER)
