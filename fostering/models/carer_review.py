"""A carer's approval over time: reviews of approval (regulation 9 of the Fostering Panels
(Establishment and Functions) (Wales) Regulations 2018), changes of terms asked for
between reviews, and the dated history of the terms of approval.

``carer_terms`` holds every version of a carer's terms with the date it comes into
force. The terms columns of ``foster_carers`` are the row in force today, brought up to
date by :mod:`fostering.recruitment.services.terms_history`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.carer import TermsLabels
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from fostering.models.carer import FosterCarer
    from fostering.models.casework import PanelMeeting
    from fostering.models.user import User


class TermsSource(LabelledEnum):
    APPROVAL = "approval"
    ANNUAL_REVIEW = "annual_review"
    CHANGE_REQUEST = "change_request"
    # Terms a carer already had when history began (imported, or approved before).
    REGISTER = "register"


labels_for(
    TermsSource,
    {
        TermsSource.APPROVAL: _l("Approval"),
        TermsSource.ANNUAL_REVIEW: _l("Annual review"),
        TermsSource.CHANGE_REQUEST: _l("Request to change the terms"),
        TermsSource.REGISTER: _l("Carer register"),
    },
)


class ReviewKind(LabelledEnum):
    ANNUAL = "annual"
    TERMS_CHANGE = "terms_change"


labels_for(
    ReviewKind,
    {
        ReviewKind.ANNUAL: _l("Annual review"),
        ReviewKind.TERMS_CHANGE: _l("Request to change the terms"),
    },
)


class ReviewStage(LabelledEnum):
    STARTED = "started"
    VIEWS_GATHERED = "views_gathered"
    REPORT_WRITTEN = "report_written"
    PANEL = "panel"
    NOTICE_GIVEN = "notice_given"
    DECIDED = "decided"


labels_for(
    ReviewStage,
    {
        ReviewStage.STARTED: _l("Started"),
        ReviewStage.VIEWS_GATHERED: _l("Views gathered"),
        ReviewStage.REPORT_WRITTEN: _l("Report written"),
        ReviewStage.PANEL: _l("At panel"),
        ReviewStage.NOTICE_GIVEN: _l("Notice of termination given"),
        ReviewStage.DECIDED: _l("Decided"),
    },
)


class ReviewOutcome(LabelledEnum):
    CONTINUE = "continue"
    CHANGE_TERMS = "change_terms"
    TERMINATE = "terminate"


labels_for(
    ReviewOutcome,
    {
        ReviewOutcome.CONTINUE: _l("Approval continues on the same terms"),
        ReviewOutcome.CHANGE_TERMS: _l("Change the terms of approval"),
        ReviewOutcome.TERMINATE: _l("End the approval"),
    },
)


class _TermsColumns(TermsLabels):
    """The terms of approval matching reads (the household's postcode is not one)."""

    places: Mapped[int] = mapped_column(Integer)
    min_age: Mapped[int] = mapped_column(Integer)
    max_age: Mapped[int] = mapped_column(Integer)
    sexes: Mapped[list[str]] = mapped_column(JSON, default=list)
    placement_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    welsh_speaking: Mapped[bool] = mapped_column(Boolean, default=False)


class TermsValues(TermsLabels):
    """Stored terms (a dict of the seven) read like a carer's: for pages."""

    def __init__(self, values: dict) -> None:
        self.places = values["places"]
        self.min_age = values["min_age"]
        self.max_age = values["max_age"]
        self.sexes = list(values.get("sexes") or [])
        self.placement_types = list(values.get("placement_types") or [])
        self.skills = list(values.get("skills") or [])
        self.welsh_speaking = bool(values.get("welsh_speaking"))


def terms_values(values: dict | None) -> TermsValues | None:
    return None if values is None else TermsValues(values)


class CarerTerms(_TermsColumns, db.Model):
    """One version of a carer's terms of approval, in force from ``effective_from``
    until the next version's date."""

    __tablename__ = "carer_terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carer_id: Mapped[int] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="CASCADE"), index=True
    )
    effective_from: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(24))
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("carer_reviews.id", ondelete="SET NULL"), nullable=True
    )
    # The decision the change rests on: an application's or a review's reference.
    decision_ref: Mapped[str | None] = mapped_column(String(40), nullable=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the carer's columns were brought up to date with this version (null: not yet).
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    recorded_by: Mapped[User | None] = relationship()

    @property
    def source_enum(self) -> TermsSource:
        return TermsSource(self.source)

    def __repr__(self) -> str:
        return f"<CarerTerms {self.id} carer={self.carer_id} from={self.effective_from}>"


class CarerReview(db.Model):
    """A review of a carer's approval, or a request to change its terms, as a staged
    case: started, views gathered, report written, panel, notice, decided."""

    __tablename__ = "carer_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    carer_id: Mapped[int] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default=ReviewKind.ANNUAL.value)
    stage: Mapped[str] = mapped_column(String(16), default=ReviewStage.STARTED.value, index=True)
    # The first review after approval goes to panel (regulation 9).
    first_review: Mapped[bool] = mapped_column(Boolean, default=False)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    started_on: Mapped[date] = mapped_column(Date)
    worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # Why the carer asks for a change of terms (a request between reviews).
    request_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Views: the carer's; each child placed in the year ([{"child_id", "views"}]); the
    # placing authority's.
    carer_views: Mapped[str | None] = mapped_column(Text, nullable=True)
    child_views: Mapped[list[dict] | None] = mapped_column(JSON, nullable=True)
    authority_views: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The reviewing officer's written report and the outcome it proposes.
    report: Mapped[str | None] = mapped_column(Text, nullable=True)
    report_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    proposed_terms: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # The fostering panel: the meeting, its recommendation, terms and minutes.
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_meetings.id", ondelete="SET NULL"), nullable=True, index=True
    )
    panel_recommendation: Mapped[str | None] = mapped_column(String(16), nullable=True)
    panel_terms: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    panel_minutes: Mapped[str | None] = mapped_column(Text, nullable=True)
    panel_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    panel_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # A proposed termination: the written notice of the qualifying determination.
    notice_sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notice_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The decision maker's decision.
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    decision_terms: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    effective_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    decision_maker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    carer: Mapped[FosterCarer] = relationship()
    worker: Mapped[User | None] = relationship(foreign_keys=[worker_id])
    decision_maker: Mapped[User | None] = relationship(foreign_keys=[decision_maker_id])
    meeting: Mapped[PanelMeeting | None] = relationship()

    @property
    def kind_enum(self) -> ReviewKind:
        return ReviewKind(self.kind)

    @property
    def stage_enum(self) -> ReviewStage:
        return ReviewStage(self.stage)

    @property
    def outcome_enum(self) -> ReviewOutcome | None:
        return ReviewOutcome(self.outcome) if self.outcome else None

    @property
    def recommendation_enum(self) -> ReviewOutcome | None:
        return ReviewOutcome(self.panel_recommendation) if self.panel_recommendation else None

    @property
    def decision_enum(self) -> ReviewOutcome | None:
        return ReviewOutcome(self.decision) if self.decision else None

    @property
    def proposed(self) -> TermsValues | None:
        return terms_values(self.proposed_terms)

    @property
    def recommended(self) -> TermsValues | None:
        return terms_values(self.panel_terms)

    @property
    def decided(self) -> TermsValues | None:
        return terms_values(self.decision_terms)

    @property
    def is_open(self) -> bool:
        return self.stage != ReviewStage.DECIDED.value

    def __repr__(self) -> str:  # no personal data: reprs end up in logs
        return f"<CarerReview {self.id} {self.kind} {self.stage}>"
