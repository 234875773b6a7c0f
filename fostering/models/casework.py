"""The fostering team's records about who holds a case and how it was decided: the
history of allocations, the Stage 1 recommendation and its sign-off, fostering panel
meetings, and the letters sent to the household.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.assessment import Stage1Outcome
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow
from fostering.models.user import User

if TYPE_CHECKING:
    from fostering.models.application import Application


class CaseAllocation(db.Model):
    """One allocation of a case to an assessing social worker: the first (no
    ``from_worker``) and every reallocation after it, with its reason."""

    __tablename__ = "case_allocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    to_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    from_worker: Mapped[User | None] = relationship(foreign_keys=[from_worker_id])
    to_worker: Mapped[User | None] = relationship(foreign_keys=[to_worker_id])
    by: Mapped[User | None] = relationship(foreign_keys=[by_id])


class RecommendationStatus(LabelledEnum):
    PENDING = "pending"
    SIGNED_OFF = "signed_off"
    RETURNED = "returned"


labels_for(
    RecommendationStatus,
    {
        RecommendationStatus.PENDING: _l("Waiting for a team manager"),
        RecommendationStatus.SIGNED_OFF: _l("Signed off"),
        RecommendationStatus.RETURNED: _l("Returned"),
    },
)


class Stage1Recommendation(db.Model):
    """The assessing worker's Stage 1 recommendation, for a team manager to sign off
    (which makes the :class:`~fostering.models.assessment.Stage1Decision`) or return.
    Every one is kept: a returned recommendation stays beside the one that followed."""

    __tablename__ = "stage1_recommendations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[str] = mapped_column(Text)
    recommended_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    recommended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(
        String(16), default=RecommendationStatus.PENDING.value, index=True
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    return_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    recommended_by: Mapped[User | None] = relationship(foreign_keys=[recommended_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    application: Mapped[Application] = relationship()

    @property
    def outcome_enum(self) -> Stage1Outcome:
        return Stage1Outcome(self.outcome)

    @property
    def status_enum(self) -> RecommendationStatus:
        return RecommendationStatus(self.status)


class PanelMeeting(db.Model):
    """A sitting of the fostering panel: when and where, who chaired it and which
    members sat. The cases it heard are the panel records that name it."""

    __tablename__ = "panel_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_date: Mapped[date] = mapped_column(Date, index=True)
    # "14:30", in the office's time.
    starts_at: Mapped[str] = mapped_column(String(5))
    venue: Mapped[str] = mapped_column(String(200))
    chair: Mapped[str] = mapped_column(String(200))
    # The other members who sat, by name (panels include people who are not staff).
    members: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def attendance(self) -> int:
        """The chair and every member who sat."""
        return 1 + len(self.members or [])

    def __repr__(self) -> str:
        return f"<PanelMeeting {self.id} {self.meeting_date}>"


class LetterKind(LabelledEnum):
    PANEL_INVITATION = "panel_invitation"
    DECISION = "decision"


labels_for(
    LetterKind,
    {
        LetterKind.PANEL_INVITATION: _l("Invitation to the fostering panel"),
        LetterKind.DECISION: _l("Decision letter"),
    },
)


class CaseLetter(db.Model):
    """A letter sent to the household, in the language it was written in."""

    __tablename__ = "case_letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(2))
    recipients: Mapped[int] = mapped_column(Integer, default=1)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    sent_by: Mapped[User | None] = relationship()

    @property
    def kind_enum(self) -> LetterKind:
        return LetterKind(self.kind)
