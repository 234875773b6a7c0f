"""The fostering team's assessment of an application: Stage 1 checks and decision, the
Stage 2 Form F (Wales) sections, training, the report, panel and the decision maker.

An application's stage lives on :class:`~fostering.models.application.Application`;
these tables hold the work that lets it move on. :class:`StageChange` keeps every stage
move (written automatically at flush time, see :func:`_record_stage_changes`) so
the dashboard can say how long cases spend in each stage.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from fostering.extensions import db
from fostering.models.enquiry import Enquiry
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow
from fostering.models.user import User

if TYPE_CHECKING:
    from fostering.models.application import Application, HouseholdMember, Referee
    from fostering.models.carer import FosterCarer


class CheckKind(LabelledEnum):
    DBS = "dbs"
    REFERENCE_PERSONAL = "reference_personal"
    REFERENCE_EMPLOYER = "reference_employer"
    REFERENCE_FORMER_PARTNER = "reference_former_partner"
    REFERENCE_PREVIOUS_FOSTERING = "reference_previous_fostering"
    MEDICAL = "medical"
    LA_CHECK = "la_check"
    OVERSEAS = "overseas"


labels_for(
    CheckKind,
    {
        CheckKind.DBS: _l("Enhanced DBS check"),
        CheckKind.REFERENCE_PERSONAL: _l("Personal reference"),
        CheckKind.REFERENCE_EMPLOYER: _l("Employer reference"),
        CheckKind.REFERENCE_FORMER_PARTNER: _l("Former partner reference"),
        CheckKind.REFERENCE_PREVIOUS_FOSTERING: _l("Previous fostering service reference"),
        CheckKind.MEDICAL: _l("Medical (adult health form)"),
        CheckKind.LA_CHECK: _l("Local authority checks"),
        CheckKind.OVERSEAS: _l("Overseas check (lived outside the UK)"),
    },
)


class CheckStatus(LabelledEnum):
    REQUESTED = "requested"
    RECEIVED = "received"
    CLEARED = "cleared"
    CONCERNS = "concerns"


labels_for(
    CheckStatus,
    {
        CheckStatus.REQUESTED: _l("Requested"),
        CheckStatus.RECEIVED: _l("Received"),
        CheckStatus.CLEARED: _l("Cleared"),
        CheckStatus.CONCERNS: _l("Concerns"),
    },
)

# A check in one of these states is back and raises nothing that stops Stage 2.
SATISFIED_CHECK_STATUSES = frozenset({CheckStatus.RECEIVED.value, CheckStatus.CLEARED.value})


class CheckPerson(LabelledEnum):
    """Whom a DBS check or medical is about: an applicant or another household member."""

    APPLICANT = "applicant"
    JOINT = "joint"
    MEMBER = "member"


labels_for(
    CheckPerson,
    {
        CheckPerson.APPLICANT: _l("Applicant"),
        CheckPerson.JOINT: _l("Joint applicant"),
        CheckPerson.MEMBER: _l("Household member"),
    },
)


class CheckItem(db.Model):
    """One Stage 1 check, with its due date and where it has got to."""

    __tablename__ = "check_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40), index=True)
    # Who the check is about, as it was when the check was asked for.
    subject_name: Mapped[str] = mapped_column(String(200), default="")
    person: Mapped[str | None] = mapped_column(String(16), nullable=True)
    household_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("household_members.id", ondelete="SET NULL"), nullable=True, index=True
    )
    referee_id: Mapped[int | None] = mapped_column(
        ForeignKey("referees.id", ondelete="SET NULL"), nullable=True, index=True
    )
    requested_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default=CheckStatus.REQUESTED.value, index=True)
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A DBS check's certificate: its 12-digit number and the date the DBS issued it.
    dbs_certificate_number: Mapped[str | None] = mapped_column(String(12), nullable=True)
    dbs_issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    application: Mapped[Application] = relationship()
    household_member: Mapped[HouseholdMember | None] = relationship()
    referee: Mapped[Referee | None] = relationship()

    @property
    def kind_enum(self) -> CheckKind:
        return CheckKind(self.kind)

    @property
    def status_enum(self) -> CheckStatus:
        return CheckStatus(self.status)

    @property
    def is_satisfied(self) -> bool:
        return self.status in SATISFIED_CHECK_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.status == CheckStatus.REQUESTED.value and self.due_on < today


class Stage1Outcome(LabelledEnum):
    PROCEED = "proceed"
    NOT_PROCEED = "not_proceed"


labels_for(
    Stage1Outcome,
    {
        Stage1Outcome.PROCEED: _l("Proceed to Stage 2"),
        Stage1Outcome.NOT_PROCEED: _l("Do not proceed"),
    },
)


class Stage1Decision(db.Model):
    __tablename__ = "stage1_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decided_by: Mapped[User | None] = relationship()

    @property
    def outcome_enum(self) -> Stage1Outcome:
        return Stage1Outcome(self.outcome)


class FormFSectionKey(LabelledEnum):
    """The parts of the Form F (Wales) assessment report the worker writes in Stage 2."""

    APPLICANT_DETAILS = "applicant_details"
    HOUSEHOLD = "household"
    PERSONAL_HISTORY = "personal_history"
    RELATIONSHIPS = "relationships"
    HEALTH = "health"
    EDUCATION_EMPLOYMENT = "education_employment"
    HOME_AND_COMMUNITY = "home_and_community"
    SUPPORT_NETWORK = "support_network"
    MOTIVATION_AND_EXPERIENCE = "motivation_and_experience"
    COMPETENCES = "competences"
    SAFER_CARING = "safer_caring"
    WELSH_LANGUAGE_AND_CULTURE = "welsh_language_and_culture"
    SUMMARY = "summary"


labels_for(
    FormFSectionKey,
    {
        FormFSectionKey.APPLICANT_DETAILS: _l("Applicant details"),
        FormFSectionKey.HOUSEHOLD: _l("Household and family members"),
        FormFSectionKey.PERSONAL_HISTORY: _l("Personal history"),
        FormFSectionKey.RELATIONSHIPS: _l("Relationships"),
        FormFSectionKey.HEALTH: _l("Health"),
        FormFSectionKey.EDUCATION_EMPLOYMENT: _l("Education, employment and finances"),
        FormFSectionKey.HOME_AND_COMMUNITY: _l("Home, neighbourhood and community"),
        FormFSectionKey.SUPPORT_NETWORK: _l("Support network"),
        FormFSectionKey.MOTIVATION_AND_EXPERIENCE: _l(
            "Motivation and experience of caring for children"
        ),
        FormFSectionKey.COMPETENCES: _l("Competences and capacity to foster"),
        FormFSectionKey.SAFER_CARING: _l("Safer caring and health and safety"),
        FormFSectionKey.WELSH_LANGUAGE_AND_CULTURE: _l("Welsh language, culture and identity"),
        FormFSectionKey.SUMMARY: _l("Summary, analysis and recommendation"),
    },
)


class FormFStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


labels_for(
    FormFStatus,
    {
        FormFStatus.NOT_STARTED: _l("Not started"),
        FormFStatus.IN_PROGRESS: _l("In progress"),
        FormFStatus.COMPLETED: _l("Completed"),
    },
)


class FormFSection(db.Model):
    __tablename__ = "form_f_sections"
    __table_args__ = (UniqueConstraint("application_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default=FormFStatus.NOT_STARTED.value)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    @property
    def key_enum(self) -> FormFSectionKey:
        return FormFSectionKey(self.key)

    @property
    def status_enum(self) -> FormFStatus:
        return FormFStatus(self.status)


class TrainingRecord(db.Model):
    """Preparation training an applicant attended (Skills to Foster)."""

    __tablename__ = "training_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    course: Mapped[str] = mapped_column(String(40), default="skills_to_foster")
    attended_on: Mapped[date] = mapped_column(Date)
    completed: Mapped[bool] = mapped_column(Boolean, default=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Recommendation(LabelledEnum):
    APPROVE = "approve"
    NOT_APPROVE = "not_approve"


labels_for(
    Recommendation,
    {
        Recommendation.APPROVE: _l("Approve"),
        Recommendation.NOT_APPROVE: _l("Do not approve"),
    },
)


class AssessmentReport(db.Model):
    """The assessing worker's Form F report, finished and ready for panel."""

    __tablename__ = "assessment_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    completed_on: Mapped[date] = mapped_column(Date)
    recommendation: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()

    @property
    def recommendation_enum(self) -> Recommendation:
        return Recommendation(self.recommendation)


class PanelRecord(db.Model):
    """The fostering panel: its date, then its recommendation and recommended terms."""

    __tablename__ = "panel_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    panel_date: Mapped[date] = mapped_column(Date, index=True)
    recommendation: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # The recommended terms of approval (see fostering.recruitment.services.terms.Terms).
    terms: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    @property
    def recommendation_enum(self) -> Recommendation | None:
        return Recommendation(self.recommendation) if self.recommendation else None


class ApprovalDecision(db.Model):
    """The agency decision maker's decision after panel."""

    __tablename__ = "approval_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    decision: Mapped[str] = mapped_column(String(16))
    decided_on: Mapped[date] = mapped_column(Date, index=True)
    decision_maker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    terms: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    carer_id: Mapped[int | None] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision_maker: Mapped[User | None] = relationship()
    carer: Mapped[FosterCarer | None] = relationship()

    @property
    def decision_enum(self) -> Recommendation:
        return Recommendation(self.decision)


class StageChange(db.Model):
    """One move of an application from a stage to another, for timescales."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_stage: Mapped[str] = mapped_column(String(20), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    application: Mapped[Application] = relationship()


def _record_stage_changes(session: Session, flush_context, instances) -> None:
    """Before each flush, add a :class:`StageChange` for every application whose stage
    is new or has changed, however it was changed (the stage service, the applicant's
    side, demo data or a test factory)."""
    from fostering.models.application import Application

    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, Application) or obj.stage is None:
            continue
        history = inspect(obj).attrs.stage.history
        if not history.added:
            continue
        previous = history.deleted[0] if history.deleted else None
        if previous == obj.stage:
            continue
        change = StageChange(
            from_stage=previous, to_stage=obj.stage, at=obj.stage_changed_at or utcnow()
        )
        if obj.id is None:
            change.application = obj
        else:
            change.application_id = obj.id
        session.add(change)


event.listen(Session, "before_flush", _record_stage_changes)


@event.listens_for(Enquiry, "before_insert")
def _set_reply_due(mapper, connection, enquiry: Enquiry) -> None:
    """Every new enquiry gets its reply due time (one working day), however it was made."""
    from fostering.services.working_days import reply_due

    if enquiry.received_at is None:
        enquiry.received_at = utcnow()
    if enquiry.reply_due_at is None:
        enquiry.reply_due_at = reply_due(enquiry.received_at)
