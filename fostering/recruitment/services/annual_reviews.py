"""Reviews of a foster carer's approval, as regulation 9 of the Fostering Panels
(Establishment and Functions) (Wales) Regulations 2018 sets them, and requests to change
the terms between reviews.

- **When.** The first review no more than a year after approval, then at intervals of no
  more than a year: completing a review sets the next one due a year after the review's
  date (the day its report was written), so a review done early brings the next one
  forward and one done late never pushes it back beyond a year.
- **What.** The views of the carer, of each child placed with the household during the
  year (listed from the placements), and of the authority that placed them; then the
  reviewing officer's written report proposing the outcome.
- **Panel.** The first review goes to the fostering panel, as does any change of terms;
  the panel is a quorate meeting (``panels``), as for approvals.
- **Ending approval.** A proposal to end approval is a qualifying determination: the
  carer is given written notice with the reasons and has 28 days to make representations
  or ask the Welsh Ministers for an independent review, so the decision to end it comes
  no earlier than 28 days after the notice.
- **Decision.** The agency decision maker decides (``stage2.require_decision_maker``);
  a change of terms is dated from when it comes into force (``terms_history``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from sqlalchemy import or_, select

from fostering.extensions import db
from fostering.models import CarerReview, Child, FosterCarer, PanelMeeting, Placement, User
from fostering.models.carer import CarerStatus
from fostering.models.carer_review import ReviewKind, ReviewOutcome, ReviewStage, TermsSource
from fostering.models.placement import PlacementStage
from fostering.models.types import utcnow
from fostering.recruitment.services import carers, panels, stage2, terms_history
from fostering.recruitment.services.casework import CaseworkError, is_manager, office_today
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.recruitment.services.review_errors import ReviewCode, ReviewError
from fostering.recruitment.services.terms import Terms
from fostering.services import audit
from fostering.services.references import random_reference
from fostering.services.transactions import transactional

REFERENCE_PREFIX = "RV"
REPRESENTATION_DAYS = 28
TEXT_LIMIT = 20000
REVIEWABLE = (CarerStatus.ACTIVE.value, CarerStatus.ON_HOLD.value)


def next_due(review_date: date) -> date:
    """A year after the review's date, never later (28 February after a 29 February)."""
    return carers.annual_review_due(review_date)


def _reference() -> str:
    for _attempt in range(20):
        reference = random_reference(REFERENCE_PREFIX)
        if db.session.scalar(select(CarerReview.id).where(CarerReview.reference == reference)):
            continue
        return reference
    raise RuntimeError("could not find an unused review reference")


# --- Reading ---------------------------------------------------------------------------


def reviews_for(carer: FosterCarer) -> list[CarerReview]:
    """The carer's reviews and requests, newest first."""
    return list(
        db.session.scalars(
            select(CarerReview)
            .where(CarerReview.carer_id == carer.id)
            .order_by(CarerReview.started_on.desc(), CarerReview.id.desc())
        )
    )


def open_review(carer: FosterCarer) -> CarerReview | None:
    return db.session.scalar(
        select(CarerReview).where(
            CarerReview.carer_id == carer.id, CarerReview.stage != ReviewStage.DECIDED.value
        )
    )


def open_reviews(carer_ids: list[int]) -> dict[int, CarerReview]:
    """The open review of each of these carers (for the dashboard's links)."""
    rows = db.session.scalars(
        select(CarerReview).where(
            CarerReview.carer_id.in_(carer_ids or [-1]),
            CarerReview.stage != ReviewStage.DECIDED.value,
        )
    )
    return {review.carer_id: review for review in rows}


def reviews_heard(meeting: PanelMeeting) -> list[CarerReview]:
    """Carers' reviews and requests booked into a panel meeting, in booking order."""
    return list(
        db.session.scalars(
            select(CarerReview).where(CarerReview.meeting_id == meeting.id).order_by(CarerReview.id)
        )
    )


def is_first_review(carer: FosterCarer) -> bool:
    """No annual review decided yet, and the review due is the first anniversary."""
    decided = db.session.scalar(
        select(CarerReview.id).where(
            CarerReview.carer_id == carer.id,
            CarerReview.kind == ReviewKind.ANNUAL.value,
            CarerReview.stage == ReviewStage.DECIDED.value,
        )
    )
    return decided is None and carer.annual_review_due <= next_due(carer.approved_on)


def children_placed_in_year(carer: FosterCarer, on: date) -> list[Child]:
    """Every child placed with the household at any time in the year up to ``on``."""
    year_ago = on - timedelta(days=365)
    placed = select(Placement.child_id).where(
        Placement.carer_id == carer.id,
        Placement.stage == PlacementStage.STARTED.value,
        Placement.start_date <= on,
        or_(Placement.end_date.is_(None), Placement.end_date >= year_ago),
    )
    return list(
        db.session.scalars(
            select(Child)
            .where(Child.id.in_(placed))
            .order_by(Child.given_name, Child.family_name, Child.id)
        )
    )


def review_children(review: CarerReview) -> list[Child]:
    """The children whose views the review seeks: those placed in the year up to the
    day the review started."""
    return children_placed_in_year(review.carer, review.started_on)


def needs_panel(review: CarerReview) -> bool:
    """The first review and any change of terms go to the fostering panel."""
    if review.kind == ReviewKind.TERMS_CHANGE.value:
        return True
    return review.first_review or review.outcome == ReviewOutcome.CHANGE_TERMS.value


def proposed_outcome(review: CarerReview) -> ReviewOutcome | None:
    """What the decision maker is asked to decide: the panel's recommendation, else the
    report's outcome."""
    return review.recommendation_enum or review.outcome_enum


def may_change(review: CarerReview, actor: User) -> bool:
    """The social worker doing the review, or a team manager."""
    return is_manager(actor) or (review.worker_id is not None and review.worker_id == actor.id)


def _require_reviewer(review: CarerReview, actor: User) -> None:
    if not may_change(review, actor):
        raise ReviewError(ReviewCode.NOT_REVIEWER)


def _require_stage(review: CarerReview, *stages: ReviewStage) -> None:
    if review.stage_enum not in stages:
        raise ReviewError(ReviewCode.WRONG_STAGE, stage=review.stage_enum.label)


def _text(value: str | None) -> str:
    return (value or "").strip()[:TEXT_LIMIT]


def _not_in_future(day: date, field: str) -> None:
    if day > office_today():
        raise CaseworkError(RecruitmentCode.DATE_IN_FUTURE, field=field)


def _check_new_terms(carer: FosterCarer, terms: Terms | None, on: date) -> dict:
    if terms is None:
        raise CaseworkError(RecruitmentCode.PANEL_TERMS_MISSING, field="places")
    current = terms_history.in_force(carer, on)
    if terms_history.values_of(terms) == terms_history.values_of(current or carer):
        raise ReviewError(ReviewCode.TERMS_UNCHANGED, field="places")
    if terms.places < (carer.occupied or 0):
        raise ReviewError(ReviewCode.PLACES_BELOW_CHILDREN, field="places", count=carer.occupied)
    return terms_history.values_of(terms)


# --- Starting --------------------------------------------------------------------------


def _require_reviewable(carer: FosterCarer) -> None:
    if carer.status not in REVIEWABLE:
        raise ReviewError(ReviewCode.CARER_NOT_APPROVED)
    if open_review(carer) is not None:
        raise ReviewError(ReviewCode.REVIEW_OPEN)


@transactional
def start_review(carer: FosterCarer, *, actor: User) -> CarerReview:
    """Start the carer's annual review, with the social worker starting it doing it."""
    _require_reviewable(carer)
    review = CarerReview(
        reference=_reference(),
        carer_id=carer.id,
        kind=ReviewKind.ANNUAL.value,
        stage=ReviewStage.STARTED.value,
        first_review=is_first_review(carer),
        due_on=carer.annual_review_due,
        started_on=office_today(),
        worker_id=actor.id,
    )
    db.session.add(review)
    db.session.flush()
    audit.record(actor, "carer_review_started", carer, detail=f"review={review.id}")
    return review


@transactional
def request_terms_change(
    carer: FosterCarer, terms: Terms | None, *, reason: str, actor: User
) -> CarerReview:
    """The carer asks to change their terms between reviews (from two places to three,
    say): the request goes to panel and then to the decision maker."""
    _require_reviewable(carer)
    today = office_today()
    values = _check_new_terms(carer, terms, today)
    reason = _text(reason)
    if not reason:
        raise ReviewError(ReviewCode.REQUEST_REASON_MISSING, field="reason")
    review = CarerReview(
        reference=_reference(),
        carer_id=carer.id,
        kind=ReviewKind.TERMS_CHANGE.value,
        stage=ReviewStage.REPORT_WRITTEN.value,
        started_on=today,
        worker_id=actor.id,
        request_reason=reason,
        report=reason,
        report_on=today,
        outcome=ReviewOutcome.CHANGE_TERMS.value,
        proposed_terms=values,
    )
    db.session.add(review)
    db.session.flush()
    audit.record(actor, "carer_terms_change_requested", carer, detail=f"review={review.id}")
    return review


# --- Views and report ------------------------------------------------------------------


@dataclass(frozen=True)
class Views:
    carer: str
    children: dict[int, str]  # child id -> views (or why they were not sought)
    authority: str = ""


@transactional
def record_views(review: CarerReview, views: Views, *, actor: User) -> CarerReview:
    """The views the review must seek and take into account (regulation 9(3)(b))."""
    _require_reviewer(review, actor)
    _require_stage(review, ReviewStage.STARTED, ReviewStage.VIEWS_GATHERED)
    if review.kind != ReviewKind.ANNUAL.value:
        raise ReviewError(ReviewCode.WRONG_STAGE, stage=review.stage_enum.label)
    carer_views = _text(views.carer)
    if not carer_views:
        raise ReviewError(ReviewCode.CARER_VIEWS_MISSING, field="carer_views")
    children = review_children(review)
    child_views = []
    for child in children:
        text = _text(views.children.get(child.id))
        if not text:
            raise ReviewError(
                ReviewCode.CHILD_VIEWS_MISSING,
                field=f"child-{child.id}",
                name=f"{child.given_name} {child.family_name}",
            )
        child_views.append({"child_id": child.id, "views": text})
    authority = _text(views.authority)
    if children and not authority:
        raise ReviewError(ReviewCode.AUTHORITY_VIEWS_MISSING, field="authority_views")
    review.carer_views = carer_views
    review.child_views = child_views
    review.authority_views = authority or None
    review.stage = ReviewStage.VIEWS_GATHERED.value
    audit.record(actor, "carer_review_views_recorded", review.carer, detail=f"review={review.id}")
    return review


@transactional
def write_report(
    review: CarerReview,
    *,
    actor: User,
    report: str,
    outcome: str | None,
    terms: Terms | None,
    report_on: date,
) -> CarerReview:
    """The reviewing officer's written report: whether the household is still suitable
    and the terms still right, and the outcome it proposes (regulation 9(4))."""
    _require_reviewer(review, actor)
    _require_stage(review, ReviewStage.VIEWS_GATHERED, ReviewStage.REPORT_WRITTEN)
    report = _text(report)
    if not report:
        raise ReviewError(ReviewCode.REPORT_MISSING, field="report")
    if not outcome or outcome not in {member.value for member in ReviewOutcome}:
        raise ReviewError(ReviewCode.OUTCOME_MISSING, field="outcome")
    _not_in_future(report_on, "report_on")
    if report_on < review.started_on:
        raise ReviewError(ReviewCode.REPORT_BEFORE_START, field="report_on")
    result = ReviewOutcome(outcome)
    values = None
    if result is ReviewOutcome.CHANGE_TERMS:
        values = _check_new_terms(review.carer, terms, report_on)
    review.report = report
    review.report_on = report_on
    review.outcome = result.value
    review.proposed_terms = values
    review.stage = ReviewStage.REPORT_WRITTEN.value
    audit.record(actor, "carer_review_report_written", review.carer, detail=f"review={review.id}")
    return review


# --- Panel -----------------------------------------------------------------------------


@transactional
def book_panel(review: CarerReview, meeting_id: int | None, *, actor: User) -> CarerReview:
    """Book the review into a panel meeting that has not yet sat (or move it before the
    panel has recommended)."""
    _require_reviewer(review, actor)
    _require_stage(review, ReviewStage.REPORT_WRITTEN, ReviewStage.PANEL)
    if not needs_panel(review):
        raise ReviewError(ReviewCode.NO_PANEL_NEEDED)
    if review.panel_recommendation is not None:
        raise ReviewError(ReviewCode.WRONG_STAGE, stage=review.stage_enum.label)
    meeting = db.session.get(PanelMeeting, meeting_id) if meeting_id else None
    if meeting is None:
        raise CaseworkError(RecruitmentCode.CHOOSE_MEETING, field="meeting")
    if meeting.meeting_date < office_today():
        raise CaseworkError(RecruitmentCode.PANEL_DATE_PAST, field="meeting")
    review.meeting_id = meeting.id
    review.stage = ReviewStage.PANEL.value
    audit.record(actor, "carer_review_panel_booked", review.carer, detail=f"meeting={meeting.id}")
    return review


@transactional
def record_panel(
    review: CarerReview,
    *,
    actor: User,
    recommendation: str,
    terms: Terms | None,
    minutes: str,
    reasons: str = "",
) -> CarerReview:
    """The panel's recommendation at a quorate meeting that has sat, with its minutes."""
    _require_reviewer(review, actor)
    _require_stage(review, ReviewStage.PANEL)
    meeting = review.meeting
    if meeting is None:
        raise CaseworkError(RecruitmentCode.PANEL_MEETING_MISSING)
    if meeting.meeting_date > office_today():
        raise CaseworkError(RecruitmentCode.PANEL_NOT_SAT)
    if not panels.is_quorate(meeting):
        raise CaseworkError(
            RecruitmentCode.PANEL_NOT_QUORATE, count=meeting.attendance, quorum=panels.quorum()
        )
    result = _outcome(review, recommendation, "recommendation")
    minutes = _text(minutes)
    if not minutes:
        raise CaseworkError(RecruitmentCode.MINUTES_MISSING, field="minutes")
    values = None
    if result is ReviewOutcome.CHANGE_TERMS:
        values = _check_new_terms(review.carer, terms, meeting.meeting_date)
    review.panel_recommendation = result.value
    review.panel_terms = values
    review.panel_minutes = minutes
    review.panel_reasons = _text(reasons) or None
    review.panel_recorded_at = utcnow()
    audit.record(actor, "carer_review_panel_recorded", review.carer, detail=f"result={result}")
    return review


def _outcome(review: CarerReview, value: str | None, field: str) -> ReviewOutcome:
    if not value or value not in {member.value for member in ReviewOutcome}:
        raise ReviewError(ReviewCode.OUTCOME_MISSING, field=field)
    result = ReviewOutcome(value)
    if result is ReviewOutcome.TERMINATE and review.kind == ReviewKind.TERMS_CHANGE.value:
        raise ReviewError(ReviewCode.TERMINATE_NOT_OPTION, field=field)
    return result


# --- Ending approval: the notice -------------------------------------------------------


def representations_close(review: CarerReview) -> date | None:
    """The first day approval can end: 28 days after the notice."""
    if review.notice_sent_on is None:
        return None
    return review.notice_sent_on + timedelta(days=REPRESENTATION_DAYS)


@transactional
def give_notice(review: CarerReview, *, actor: User, sent_on: date, reasons: str) -> CarerReview:
    """The written notice of the proposal to end approval, with its reasons (a
    qualifying determination: 28 days for representations or an independent review)."""
    _require_reviewer(review, actor)
    if needs_panel(review):
        _require_stage(review, ReviewStage.PANEL)
        if review.panel_recommendation is None:
            raise ReviewError(ReviewCode.PANEL_BEFORE_DECISION)
    else:
        _require_stage(review, ReviewStage.REPORT_WRITTEN)
    if proposed_outcome(review) is not ReviewOutcome.TERMINATE:
        raise ReviewError(ReviewCode.NOTICE_NOT_NEEDED)
    _not_in_future(sent_on, "sent_on")
    reasons = _text(reasons)
    if not reasons:
        raise ReviewError(ReviewCode.NOTICE_REASONS_MISSING, field="reasons")
    review.notice_sent_on = sent_on
    review.notice_reasons = reasons
    review.stage = ReviewStage.NOTICE_GIVEN.value
    audit.record(actor, "carer_review_notice_given", review.carer, detail=f"review={review.id}")
    return review


# --- The decision ----------------------------------------------------------------------


def ready_for_decision(review: CarerReview) -> bool:
    if review.stage == ReviewStage.NOTICE_GIVEN.value:
        return True
    if needs_panel(review):
        return review.stage == ReviewStage.PANEL.value and review.panel_recommendation is not None
    return review.stage == ReviewStage.REPORT_WRITTEN.value


def suggested_terms(review: CarerReview) -> dict | None:
    return review.panel_terms or review.proposed_terms


@transactional
def decide(
    review: CarerReview,
    *,
    actor: User,
    decision: str | None,
    terms: Terms | None,
    decided_on: date,
    effective_from: date | None = None,
    reasons: str = "",
) -> CarerReview:
    """The decision maker's decision. An annual review sets the next one due; a change
    of terms is recorded from ``effective_from``; ending approval takes the carer off
    the register that matching uses."""
    stage2.require_decision_maker(actor)
    if not ready_for_decision(review):
        if needs_panel(review) and review.stage == ReviewStage.PANEL.value:
            raise ReviewError(ReviewCode.PANEL_BEFORE_DECISION)
        raise ReviewError(ReviewCode.WRONG_STAGE, stage=review.stage_enum.label)
    if review.meeting is not None and stage2._sat_on(review.meeting, actor):
        raise CaseworkError(RecruitmentCode.DECISION_MAKER_SAT_ON_PANEL, name=actor.name)
    result = _outcome(review, decision, "decision")
    _not_in_future(decided_on, "decided_on")
    if review.meeting is not None and decided_on < review.meeting.meeting_date:
        raise CaseworkError(RecruitmentCode.DECIDED_BEFORE_PANEL_DATE, field="decided_on")
    if review.report_on and decided_on < review.report_on:
        raise CaseworkError(
            RecruitmentCode.DECIDED_BEFORE_RECOMMENDATION,
            field="decided_on",
            date=format_date(review.report_on, "d MMMM yyyy"),
        )
    reasons = _text(reasons)
    if result is not proposed_outcome(review) and not reasons:
        raise CaseworkError(RecruitmentCode.REASONS_TO_DIFFER, field="reasons")
    carer = review.carer
    values = None
    if result is ReviewOutcome.TERMINATE:
        closes = representations_close(review)
        if closes is None:
            raise ReviewError(ReviewCode.NOTICE_NEEDED)
        if decided_on < closes:
            raise ReviewError(
                ReviewCode.REPRESENTATIONS_OPEN,
                field="decided_on",
                date=format_date(closes, "d MMMM yyyy"),
            )
    if result is ReviewOutcome.CHANGE_TERMS:
        values = _check_new_terms(carer, terms, decided_on)
        effective_from = effective_from or decided_on
        if effective_from < decided_on:
            raise ReviewError(ReviewCode.EFFECTIVE_BEFORE_DECISION, field="effective_from")
    review.decision = result.value
    review.decided_on = decided_on
    review.decision_terms = values
    review.effective_from = effective_from if values else None
    review.decision_reasons = reasons or None
    review.decision_maker_id = actor.id
    review.stage = ReviewStage.DECIDED.value
    annual = review.kind == ReviewKind.ANNUAL.value
    if annual:
        carer.annual_review_due = next_due(review.report_on or decided_on)
    if values is not None:
        terms_history.record_change(
            carer,
            terms,
            effective_from=effective_from,
            source=TermsSource.ANNUAL_REVIEW if annual else TermsSource.CHANGE_REQUEST,
            actor=actor,
            review_id=review.id,
            decision_ref=review.reference,
        )
    if result is ReviewOutcome.TERMINATE:
        from fostering.recruitment.services import deregistration

        deregistration.end_approval(carer, actor=actor, review=review)
    audit.record(actor, "carer_review_decided", carer, detail=f"decision={result}")
    return review


@transactional
def view_review(review: CarerReview, *, actor: User) -> CarerReview:
    """Every look at a review (it holds children's views) is audited."""
    audit.record(actor, "carer_review_viewed", review.carer, detail=f"review={review.id}")
    return review
