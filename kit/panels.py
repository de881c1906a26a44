"""The kit's dashboard panel: the next kit test (due, overdue or never done) and the lines below minimum."""

from kit.summary import summarize
from kit.templatetags.kit_tags import kit_panel as write_kit_panel
from resilience.dashboard import Panel


def kit_panel(request) -> Panel:
    summary = summarize(request.tenant)
    return Panel(
        write_kit_panel,
        {"summary": summary, "below_minimum": len(summary.inventory.below_minimum)},
        order=30,
    )
