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
from fostering.models.assessment import (
    ApprovalDecision,
    AssessmentReport,
    CheckItem,
    FormFSection,
    PanelRecord,
    Stage1Decision,
    StageChange,
    TrainingRecord,
)
from fostering.models.audit import AuditEvent
from fostering.models.carer import FosterCarer
from fostering.models.enquiry import Enquiry, EnquiryStatus
from fostering.models.invitation import Invitation
from fostering.models.postcode import Postcode
from fostering.models.user import Role, User

__all__ = [
    "AddressHistoryEntry",
    "Application",
    "ApplicationSection",
    "ApplicationStage",
    "ApprovalDecision",
    "AssessmentReport",
    "AuditEvent",
    "CheckItem",
    "EmploymentEntry",
    "Enquiry",
    "EnquiryStatus",
    "FormFSection",
    "FosterCarer",
    "HouseholdMember",
    "Invitation",
    "PanelRecord",
    "Postcode",
    "Referee",
    "Role",
    "Stage1Decision",
    "StageChange",
    "TrainingRecord",
    "User",
]
