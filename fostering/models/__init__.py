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
from fostering.models.carer_life import (
    CarerCheckRecord,
    CarerStatusChange,
    HouseholdAdult,
    SupervisionAllocation,
    SupervisoryVisit,
)
from fostering.models.carer_review import CarerReview, CarerTerms
from fostering.models.casework import (
    CaseAllocation,
    CaseLetter,
    PanelMeeting,
    Stage1Recommendation,
)
from fostering.models.child import Child, SafeguardingExclusion, SiblingGroup
from fostering.models.child_profile import ContactArrangement, LegalStatusPeriod
from fostering.models.connected import ConnectedCase
from fostering.models.enquiry import Enquiry, EnquiryStatus
from fostering.models.evidence import EvidenceDocument, EvidenceKind
from fostering.models.import_batch import ImportBatch, ImportedPlacement
from fostering.models.invitation import Invitation
from fostering.models.matching_run import MatchingOutcome, MatchingRun, MatchingSettings
from fostering.models.needs import Need
from fostering.models.payments import (
    CarerPaymentTerms,
    PaymentTable,
    PaymentTableRevision,
    PlacementExtra,
)
from fostering.models.placement import Placement, PlacementRate
from fostering.models.postcode import Postcode
from fostering.models.provider import Agency, ChildrensHome
from fostering.models.scenario import Scenario
from fostering.models.sufficiency_plan import SufficiencyPlanDraft
from fostering.models.user import PasswordReset, RecoveryCode, Role, User

__all__ = [
    "AddressHistoryEntry",
    "Agency",
    "Application",
    "ApplicationSection",
    "ApplicationStage",
    "ApprovalDecision",
    "AssessmentReport",
    "AuditEvent",
    "CarerCheckRecord",
    "CarerPaymentTerms",
    "CarerReview",
    "CarerStatusChange",
    "CarerTerms",
    "CaseAllocation",
    "CaseLetter",
    "CheckItem",
    "Child",
    "ChildrensHome",
    "ConnectedCase",
    "ContactArrangement",
    "EmploymentEntry",
    "Enquiry",
    "EnquiryStatus",
    "EvidenceDocument",
    "EvidenceKind",
    "FormFSection",
    "FosterCarer",
    "HouseholdAdult",
    "HouseholdMember",
    "ImportBatch",
    "ImportedPlacement",
    "Invitation",
    "LegalStatusPeriod",
    "MatchingOutcome",
    "MatchingRun",
    "MatchingSettings",
    "Need",
    "PanelMeeting",
    "PanelRecord",
    "PasswordReset",
    "PaymentTable",
    "PaymentTableRevision",
    "Placement",
    "PlacementExtra",
    "PlacementRate",
    "Postcode",
    "RecoveryCode",
    "Referee",
    "Role",
    "SafeguardingExclusion",
    "Scenario",
    "SiblingGroup",
    "Stage1Decision",
    "Stage1Recommendation",
    "StageChange",
    "SufficiencyPlanDraft",
    "SupervisionAllocation",
    "SupervisoryVisit",
    "TrainingRecord",
    "User",
]
