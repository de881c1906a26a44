"""The dashboard panel: the open incident with its countdowns, and the last drill."""

from django.db.models import Count, Window
from django.utils import timezone

from incidents import summary
from incidents.models import Drill, Incident, Status
from incidents.templatetags.incident_panel import incident_panel as write_incident_panel
from resilience.dashboard import Panel
from resilience.tenancy import compiled_once

# Open incidents shown with their countdowns, the most recent first; the incident list has the others.
SHOWN = 3

# Built once per process: the dashboard runs them on every visit. The open incidents shown, each with how
# many are open in all (a window over the rows before the limit): the others are counted, not read.
OPEN_INCIDENTS = compiled_once(
    lambda tenant: tenant.scope(Incident)
    .exclude(status=Status.CLOSED)
    .annotate(open_count=Window(Count("pk")))
    .order_by("-aware_at")[:SHOWN]
)
LAST_DRILL = compiled_once(lambda tenant: tenant.scope(Drill).filter(finished_at__isnull=False).order_by("-finished_at")[:1])


def incident_panel(request):
    tenant = request.tenant
    now = timezone.now()
    open_incidents = tenant.fetch(OPEN_INCIDENTS)
    last_drill = next(iter(tenant.fetch(LAST_DRILL)), None)
    return Panel(
        write_incident_panel,
        {
            "open_incidents": [(incident, summary.clock_views(incident, now)) for incident in open_incidents],
            "more_open": max(open_incidents[0].open_count - SHOWN, 0) if open_incidents else 0,
            "last_drill": last_drill,
            "drill_due": _drill_due(last_drill, now),
        },
        order=5,
    )


def _drill_due(last_drill, now) -> bool:
    """A drill every 6 months is what the guide recommends."""
    return last_drill is None or (now - last_drill.finished_at).days > 183
