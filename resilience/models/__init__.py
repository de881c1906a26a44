"""Core models: people, cabinets, memberships, invitations, URPS admins, audit."""

from resilience.models.audit import AuditEvent
from resilience.models.contacts import ContactKind, EmergencyContact
from resilience.models.cabinets import Cabinet, Invitation, Membership, Profession, Role
from resilience.models.urps import UrpsAdmin
from resilience.models.users import User

__all__ = ["AuditEvent", "Cabinet", "ContactKind", "EmergencyContact", "Invitation", "Membership", "Profession", "Role", "UrpsAdmin", "User"]
