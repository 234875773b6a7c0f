"""Database models. Import every model here so Alembic sees the whole schema."""

from fostering.models.application import (
    AddressHistoryEntry,
    Application,
    ApplicationSection,
    ApplicationStage,
    EmploymentEntry,
    HouseholdMember,
    Referee,
)
from fostering.models.audit import AuditEvent
from fostering.models.enquiry import Enquiry, EnquiryStatus
from fostering.models.invitation import Invitation
from fostering.models.user import Role, User

__all__ = [
    "AddressHistoryEntry",
    "Application",
    "ApplicationSection",
    "ApplicationStage",
    "AuditEvent",
    "EmploymentEntry",
    "Enquiry",
    "EnquiryStatus",
    "HouseholdMember",
    "Invitation",
    "Referee",
    "Role",
    "User",
]
