"""The fostering team's enquiries inbox: replying, the initial visit and its outcome.

An enquiry is overdue when it is still new (nobody has contacted the household) after
its reply due time, one working day after it arrived (see ``working_days.reply_due``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select

from fostering.extensions import db
from fostering.models import Enquiry, EnquiryStatus, User
from fostering.models.types import utcnow
from fostering.recruitment.services.casework import CaseworkError
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.services import audit
from fostering.services.transactions import transactional

OPEN_STATUSES = (
    EnquiryStatus.NEW.value,
    EnquiryStatus.CONTACTED.value,
    EnquiryStatus.VISIT_BOOKED.value,
)
# Filter values besides the statuses themselves.
FILTER_OPEN = "open"
FILTER_OVERDUE = "overdue"
FILTER_ALL = "all"


class VisitOutcome:
    INVITE = "invite"
    CLOSE = "close"


def is_overdue(enquiry: Enquiry, now: datetime | None = None) -> bool:
    return (
        enquiry.status == EnquiryStatus.NEW.value
        and enquiry.reply_due_at is not None
        and enquiry.reply_due_at < (now or utcnow())
    )


@dataclass(frozen=True)
class InboxQuery:
    text: str = ""
    show: str = FILTER_OPEN


def inbox_statement(query: InboxQuery, now: datetime | None = None) -> Select:
    """Enquiries matching the search, the ones whose reply is due soonest first."""
    now = now or utcnow()
    stmt = select(Enquiry)
    text = query.text.strip()
    if text:
        like = f"%{text.lower()}%"
        compact = text.replace(" ", "").upper()
        full_name = func.lower(Enquiry.first_name + " " + Enquiry.last_name)
        stmt = stmt.where(
            or_(
                full_name.like(like),
                func.lower(Enquiry.email).like(like),
                Enquiry.reference == text.upper(),
                Enquiry.reference == f"{compact[:2]}-{compact[2:]}",
                func.replace(Enquiry.postcode, " ", "").like(f"{compact}%"),
            )
        )
    if query.show == FILTER_OPEN:
        stmt = stmt.where(Enquiry.status.in_(OPEN_STATUSES))
    elif query.show == FILTER_OVERDUE:
        stmt = stmt.where(Enquiry.status == EnquiryStatus.NEW.value, Enquiry.reply_due_at < now)
    elif query.show in {status.value for status in EnquiryStatus}:
        stmt = stmt.where(Enquiry.status == query.show)
    # New ones first by when the reply is due; the rest newest first.
    is_new = func.coalesce(func.nullif(Enquiry.status, EnquiryStatus.NEW.value), "")
    return stmt.order_by(is_new, Enquiry.reply_due_at, Enquiry.received_at.desc(), Enquiry.id)


def overdue_count(now: datetime | None = None) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Enquiry)
        .where(Enquiry.status == EnquiryStatus.NEW.value, Enquiry.reply_due_at < (now or utcnow()))
    )


def _require_status(enquiry: Enquiry, allowed: tuple[str, ...], code: RecruitmentCode) -> None:
    if enquiry.status not in allowed:
        raise CaseworkError(code)


@transactional
def record_contact(enquiry: Enquiry, *, actor: User, at: datetime | None = None) -> Enquiry:
    """Someone from the team has replied to the household."""
    _require_status(enquiry, (EnquiryStatus.NEW.value,), RecruitmentCode.CONTACT_ALREADY_RECORDED)
    enquiry.status = EnquiryStatus.CONTACTED.value
    enquiry.contacted_at = at or utcnow()
    audit.record(actor, "enquiry_contacted", enquiry)
    return enquiry


@transactional
def book_visit(enquiry: Enquiry, visit_at: datetime, *, actor: User) -> Enquiry:
    """Book (or re-book) the initial home visit."""
    _require_status(enquiry, OPEN_STATUSES, RecruitmentCode.VISIT_ONLY_WHEN_OPEN)
    if enquiry.status == EnquiryStatus.VISIT_BOOKED.value and enquiry.visit_at == visit_at:
        return enquiry
    if visit_at < (enquiry.received_at or utcnow()):
        raise CaseworkError(RecruitmentCode.VISIT_BEFORE_RECEIVED, field="visit_date")
    if enquiry.contacted_at is None:
        enquiry.contacted_at = utcnow()
    rebooked = enquiry.status == EnquiryStatus.VISIT_BOOKED.value
    enquiry.status = EnquiryStatus.VISIT_BOOKED.value
    enquiry.visit_at = visit_at
    audit.record(actor, "visit_rebooked" if rebooked else "visit_booked", enquiry)
    return enquiry


@transactional
def record_visit_outcome(
    enquiry: Enquiry, *, actor: User, outcome: str, reason: str = "", now: datetime | None = None
) -> Enquiry:
    """After the initial visit: invite the household to apply, or close the enquiry."""
    _require_status(enquiry, (EnquiryStatus.VISIT_BOOKED.value,), RecruitmentCode.BOOK_VISIT_FIRST)
    if enquiry.visit_at is None or enquiry.visit_at > (now or utcnow()):
        raise CaseworkError(RecruitmentCode.VISIT_NOT_HAPPENED)
    if outcome == VisitOutcome.INVITE:
        from fostering.recruitment.services.invitations import invite_to_apply

        enquiry.visit_outcome = VisitOutcome.INVITE
        invite_to_apply(enquiry, actor)  # emails the link once this has committed
        return enquiry
    if outcome != VisitOutcome.CLOSE:
        raise CaseworkError(RecruitmentCode.CHOOSE_NEXT_STEP, field="outcome")
    enquiry.visit_outcome = VisitOutcome.CLOSE
    return close_enquiry(enquiry, actor=actor, reason=reason)


@transactional
def close_enquiry(enquiry: Enquiry, *, actor: User, reason: str) -> Enquiry:
    _require_status(enquiry, OPEN_STATUSES, RecruitmentCode.ENQUIRY_ALREADY_CLOSED)
    reason = (reason or "").strip()
    if not reason:
        raise CaseworkError(RecruitmentCode.CLOSE_REASON_MISSING, field="reason")
    enquiry.status = EnquiryStatus.CLOSED.value
    enquiry.closed_reason = reason
    enquiry.closed_at = utcnow()
    audit.record(actor, "enquiry_closed", enquiry)
    return enquiry
