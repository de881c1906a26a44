"""Recording who changed what in a cabinet.

Every change to cabinet data goes through `record`, inside the same
transaction as the change itself, so the history can't miss one.
"""

from resilience.models import AuditEvent


def record(cabinet, actor, action: str, summary: str, changes: dict | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        cabinet=cabinet,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:300],
        changes=changes or {},
    )


def diff(before: dict, after: dict) -> dict:
    """The fields whose value changed, as {field: [old, new]} (JSON-friendly)."""
    return {
        field: [_plain(before.get(field)), _plain(value)]
        for field, value in after.items()
        if before.get(field) != value
    }


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
