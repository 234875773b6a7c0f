"""Personal data kept no longer than it should be, and everything held about one person.

The council sets how long each kind of record is kept (``RETENTION_*`` in the config).
``run`` finds what has expired and, unless it is a dry run, removes it in one
transaction and records in the audit trail that it did:

- an enquiry that went no further (closed, with no application) is deleted;
- an application that was withdrawn or not approved is anonymised: the household's
  answers, evidence and check notes are deleted (the evidence documents' stored files
  too, in the same run: if the store cannot delete one, the whole run rolls back and
  the next run tries again), names and contact details are cleared, and the
  applicant's account is closed. The bare record stays (its stage and
  dates), so the team's figures over past years still add up;
- audit entries older than their period are deleted.

``subject_access`` gathers everything held about one email address, for a subject
access request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, inspect, or_, select

from fostering.extensions import db
from fostering.models import AuditEvent, Enquiry, User
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
    AssessmentReport,
    CheckItem,
    FormFSection,
    PanelRecord,
    Stage1Decision,
)
from fostering.models.enquiry import EnquiryStatus
from fostering.models.evidence import EvidenceDocument
from fostering.models.invitation import Invitation
from fostering.models.types import utcnow
from fostering.services import audit
from fostering.services.storage import evidence_storage
from fostering.services.transactions import transaction

ENDED_STAGES = (ApplicationStage.WITHDRAWN.value, ApplicationStage.NOT_APPROVED.value)
REMOVED = "Removed"  # what an anonymised name reads as
# The household's own words and the evidence gathered about them, deleted outright.
EVIDENCE = (
    ApplicationSection,
    HouseholdMember,
    AddressHistoryEntry,
    EmploymentEntry,
    Referee,
    FormFSection,
    AssessmentReport,
    Invitation,
)
# The applicant's details on the application itself.
APPLICATION_FIELDS = (
    "other_names",
    "date_of_birth",
    "phone",
    "national_insurance_number",
    "joint_first_name",
    "joint_last_name",
    "joint_other_names",
    "joint_date_of_birth",
    "joint_email",
    "joint_phone",
    "joint_relationship",
    "joint_language",
    "withdrawn_reason",
)


@dataclass(frozen=True)
class Periods:
    enquiry_days: int
    application_days: int
    audit_days: int

    @classmethod
    def from_config(cls) -> Periods:
        config = current_app.config
        return cls(
            enquiry_days=config["RETENTION_ENQUIRY_DAYS"],
            application_days=config["RETENTION_APPLICATION_DAYS"],
            audit_days=config["RETENTION_AUDIT_DAYS"],
        )


@dataclass
class Outcome:
    """What a run removed (or, in a dry run, would remove)."""

    dry_run: bool
    enquiries: list[str] = field(default_factory=list)  # references
    applications: list[str] = field(default_factory=list)  # references
    documents: int = 0  # evidence documents of those applications, files and all
    audit_entries: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.enquiries or self.applications or self.audit_entries)

    def summary(self) -> str:
        return (
            f"enquiries deleted: {len(self.enquiries)}; applications anonymised: "
            f"{len(self.applications)}; documents deleted: {self.documents}; "
            f"audit entries deleted: {self.audit_entries}"
        )


def run(*, dry_run: bool, now: datetime | None = None, periods: Periods | None = None) -> Outcome:
    """Remove what has passed its retention period; a dry run only says what it would."""
    now = now or utcnow()
    periods = periods or Periods.from_config()
    enquiries = _expired_enquiries(now - timedelta(days=periods.enquiry_days))
    applications = _expired_applications(now - timedelta(days=periods.application_days))
    audit_cutoff = now - timedelta(days=periods.audit_days)
    outcome = Outcome(
        dry_run=dry_run,
        enquiries=[enquiry.reference for enquiry in enquiries],
        applications=[application.reference for application in applications],
        documents=len(_documents_of([application.id for application in applications])),
        audit_entries=len(
            db.session.scalars(select(AuditEvent.id).where(AuditEvent.at < audit_cutoff)).all()
        ),
    )
    if dry_run or not outcome.anything:
        return outcome
    with transaction():
        for enquiry in enquiries:
            db.session.delete(enquiry)
        for application in applications:
            _anonymise(application)
        db.session.execute(delete(AuditEvent).where(AuditEvent.at < audit_cutoff))
        audit.record(None, "retention_run", "retention", detail=outcome.summary())
    return outcome


def _expired_enquiries(cutoff: datetime) -> list[Enquiry]:
    return list(
        db.session.scalars(
            select(Enquiry)
            .outerjoin(Application, Application.enquiry_id == Enquiry.id)
            .where(
                Enquiry.status == EnquiryStatus.CLOSED.value,
                Enquiry.closed_at < cutoff,
                Application.id.is_(None),
            )
            .order_by(Enquiry.id)
        )
    )


def _expired_applications(cutoff: datetime) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(
                Application.stage.in_(ENDED_STAGES),
                Application.stage_changed_at < cutoff,
                # Already anonymised: nothing left to remove.
                or_(Application.first_name.is_(None), Application.first_name != REMOVED),
            )
            .order_by(Application.id)
        )
    )


def _documents_of(application_ids: list[int]) -> list[EvidenceDocument]:
    if not application_ids:
        return []
    return list(
        db.session.scalars(
            select(EvidenceDocument).where(EvidenceDocument.application_id.in_(application_ids))
        )
    )


def _delete_documents(application: Application) -> None:
    """The case's documents: their rows, then their stored files (a failure raises, so
    the run rolls back with every row still pointing at its file)."""
    documents = _documents_of([application.id])
    db.session.execute(
        delete(EvidenceDocument).where(EvidenceDocument.application_id == application.id)
    )
    storage = evidence_storage() if documents else None
    for document in documents:
        storage.delete(document.storage_key)


def _anonymise(application: Application) -> None:
    _delete_documents(application)
    for model in EVIDENCE:
        db.session.execute(delete(model).where(model.application_id == application.id))
    for model in (CheckItem, Stage1Decision, PanelRecord):
        _clear_text(model, application.id)
    application.first_name = application.last_name = REMOVED
    for name in APPLICATION_FIELDS:
        setattr(application, name, None)
    enquiry = application.enquiry
    enquiry.first_name = enquiry.last_name = REMOVED
    enquiry.email = enquiry.phone = None
    enquiry.household = ""
    enquiry.closed_reason = None
    for applicant in (application.applicant, application.joint_applicant):
        if applicant is None:
            continue
        applicant.name = REMOVED
        applicant.email = f"removed-{applicant.id}@removed.invalid"
        applicant.password_hash = None
        applicant.active = False
        applicant.session_version = (applicant.session_version or 1) + 1


def _clear_text(model: Any, application_id: int) -> None:
    """Blank the free text (notes, reasons, names) of the team's records about a case."""
    columns = {
        column.key: ("" if not column.nullable else None)
        for column in inspect(model).columns
        if column.key in ("notes", "reasons", "summary", "subject_name")
    }
    if columns:
        db.session.execute(
            model.__table__.update()
            .where(model.__table__.c.application_id == application_id)
            .values(**columns)
        )


# --- Subject access ----------------------------------------------------------------------


def subject_access(email: str) -> dict[str, Any]:
    """Everything held about the person with this email address, as plain data."""
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(User.email == email))
    enquiries = list(db.session.scalars(select(Enquiry).where(Enquiry.email == email)))
    applications = list(
        db.session.scalars(
            select(Application).where(
                or_(
                    Application.joint_email == email,
                    Application.applicant_id == (user.id if user else -1),
                    Application.joint_applicant_id == (user.id if user else -1),
                    Application.enquiry_id.in_([enquiry.id for enquiry in enquiries] or [-1]),
                )
            )
        )
    )
    objects = [("application", str(a.id)) for a in applications] + [
        ("enquiry", str(e.id)) for e in enquiries
    ]
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.user_id == (user.id if user else -1),
                *(
                    (AuditEvent.object_type == kind) & (AuditEvent.object_id == ident)
                    for kind, ident in objects
                ),
            )
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return {
        "email": email,
        "account": _row(user, leave_out={"password_hash", "session_version"}) if user else None,
        "enquiries": [_row(enquiry) for enquiry in enquiries],
        "applications": [_application(application) for application in applications],
        "audit_trail": [_row(event, leave_out={"user_id"}) for event in events],
    }


def _application(application: Application) -> dict[str, Any]:
    record = _row(application, leave_out={"version"})
    for model in (*EVIDENCE, CheckItem, Stage1Decision, PanelRecord, EvidenceDocument):
        if model is Invitation:
            continue  # only a hashed token: nothing about the person
        rows = db.session.scalars(select(model).where(model.application_id == application.id))
        record[model.__tablename__] = [_row(row, leave_out={"application_id"}) for row in rows]
    return record


def _row(obj: Any, leave_out: set[str] = frozenset()) -> dict[str, Any]:
    return {
        column.key: _plain(getattr(obj, column.key))
        for column in inspect(type(obj)).columns
        if column.key not in leave_out
    }


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
