"""Core models: people, cabinets, memberships, invitations, URPS admins, audit, self-assessments."""

from resilience.models.scoped import CabinetQuerySet, CabinetScopedModel
from resilience.models.assessment import OPEN_STATUSES, ActionItem, ActionStatus, Answer, AnswerCode, Assessment
from resilience.models.audit import AuditEvent
from resilience.models.statistics import AssessmentSummary, SummaryAnswer, SummaryTheme, UrpsCube, UrpsCubeBuild
from resilience.models.contacts import ContactKind, EmergencyContact
from resilience.models.cabinets import Cabinet, Invitation, Membership, PractitionerCount, Profession, Role
from resilience.models.urps import UrpsAdmin
from resilience.portability.models import CabinetExport, ExportPart, ExportStatus  # noqa: E402
from resilience.models.users import User
from resilience.models.reminders import (  # noqa: E402
    BackupMedium,
    CalendarFeed,
    DeliveryStatus,
    Digest,
    Reminder,
    ReminderProfile,
    ReminderSettings,
    RestoreResult,
    RestoreTarget,
    RestoreTest,
)

__all__ = [
    "CabinetQuerySet",
    "CabinetScopedModel",
    "OPEN_STATUSES",
    "ActionItem",
    "ActionStatus",
    "Answer",
    "AnswerCode",
    "Assessment",
    "AssessmentSummary",
    "AuditEvent",
    "CabinetExport",
    "Cabinet",
    "ContactKind",
    "EmergencyContact",
    "ExportPart",
    "ExportStatus",
    "Invitation",
    "Membership",
    "PractitionerCount",
    "Profession",
    "Role",
    "SummaryAnswer",
    "SummaryTheme",
    "UrpsCube",
    "UrpsCubeBuild",
    "UrpsAdmin",
    "User",
    "BackupMedium",
    "CalendarFeed",
    "DeliveryStatus",
    "Digest",
    "Reminder",
    "ReminderProfile",
    "ReminderSettings",
    "RestoreResult",
    "RestoreTarget",
    "RestoreTest",
]
