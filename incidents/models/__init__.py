"""Incidents, their playbook steps and timeline, the paper catch-up, and drills."""

from incidents.models.catchup import CatchUpDay, Counter, PaperSheet
from incidents.models.drills import Drill, DrillStep
from incidents.models.incidents import EntryKind, Incident, Scenario, Status, StepMark, TimelineEntry

__all__ = [
    "CatchUpDay",
    "Counter",
    "Drill",
    "DrillStep",
    "EntryKind",
    "Incident",
    "PaperSheet",
    "Scenario",
    "Status",
    "StepMark",
    "TimelineEntry",
]
