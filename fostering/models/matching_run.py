"""Matching runs, the council's default policy, and each child's outcome in a run.

A run stores the instance it solved (the JSON of ``matching/SPEC.md``) and the
result, so both can be downloaded and checked with ``python -m matching validate``. The
worker writes progress to the run row as it solves; a run whose heartbeat stops is
marked failed rather than left running.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from fostering.models.carer import FosterCarer
    from fostering.models.child import Child
    from fostering.models.provider import Agency, ChildrensHome
    from fostering.models.user import User


class MatchingSettings(db.Model):
    """The council's default policy for a run (one row, set by the administrator)."""

    __tablename__ = "matching_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    weight_weekly_cost: Mapped[float] = mapped_column(Float, default=1.0)
    weight_km: Mapped[float] = mapped_column(Float, default=10.0)
    weight_school_move: Mapped[float] = mapped_column(Float, default=500.0)
    weight_welsh_mismatch: Mapped[float] = mapped_column(Float, default=200.0)
    weight_sibling_split: Mapped[float] = mapped_column(Float, default=2000.0)
    school_radius_km: Mapped[float] = mapped_column(Float, default=15.0)
    max_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    not_for_profit_only: Mapped[bool] = mapped_column(Boolean, default=False)
    time_limit_seconds: Mapped[int] = mapped_column(Integer, default=30)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class RunStatus(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"


labels_for(
    RunStatus,
    {
        RunStatus.QUEUED: _l("Waiting to start"),
        RunStatus.RUNNING: _l("Running"),
        RunStatus.COMPLETED: _l("Finished"),
        RunStatus.CANCELLED: _l("Cancelled"),
        RunStatus.FAILED: _l("Failed"),
    },
)

FINISHED_STATUSES = (RunStatus.COMPLETED.value, RunStatus.CANCELLED.value, RunStatus.FAILED.value)


class MatchingRun(db.Model):
    __tablename__ = "matching_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.QUEUED.value, index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    # The run this one was started from ("run again"): its decisions became fixed/forbidden.
    previous_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("matching_runs.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Written by the worker while it solves; a stale heartbeat means the worker died.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    job_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    time_limit_seconds: Mapped[int] = mapped_column(Integer, default=30)
    policy: Mapped[dict] = mapped_column(JSON, default=dict)
    # The instance and result as JSON text (spec format), for download and validation.
    instance_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    result_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    children_count: Mapped[int] = mapped_column(Integer, default=0)
    # Progress: the level being solved ("placed", "in_house", "cost"), best so far, gap.
    progress_level: Mapped[str | None] = mapped_column(String(16), nullable=True)
    progress_placed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    progress_gap: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Outcome totals: the optimiser's and the baseline search's.
    solver_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    placed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    in_house: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cost: Mapped[int | None] = mapped_column(Integer, nullable=True)
    gap: Mapped[float | None] = mapped_column(Float, nullable=True)
    weekly_cost_pence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    baseline_placed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    baseline_in_house: Mapped[int | None] = mapped_column(Integer, nullable=True)
    baseline_weekly_cost_pence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # A sentence for the officer when the run failed (never personal data).
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)

    created_by: Mapped[User | None] = relationship()
    outcomes: Mapped[list[MatchingOutcome]] = relationship(
        back_populates="run", cascade="all, delete-orphan"
    )

    @property
    def status_enum(self) -> RunStatus:
        return RunStatus(self.status)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    def __repr__(self) -> str:
        return f"<MatchingRun {self.id} {self.status}>"


class Decision(LabelledEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


labels_for(
    Decision,
    {
        Decision.PENDING: _l("Not decided"),
        Decision.ACCEPTED: _l("Accepted"),
        Decision.REJECTED: _l("Rejected"),
    },
)


class RejectReason(LabelledEnum):
    """Why an officer rejected a proposal."""

    NEEDS = "needs"
    DISTANCE = "distance"
    SCHOOL = "school"
    OTHER_CHILDREN = "other_children"
    CARER_DECLINED = "carer_declined"
    CHILD_VIEWS = "child_views"
    COST = "cost"
    OTHER = "other"


labels_for(
    RejectReason,
    {
        RejectReason.NEEDS: _l("The provider cannot meet the child's needs"),
        RejectReason.DISTANCE: _l("Too far from the child's family or community"),
        RejectReason.SCHOOL: _l("The child would have to change school"),
        RejectReason.OTHER_CHILDREN: _l("Other children living there"),
        RejectReason.CARER_DECLINED: _l("The carer or provider declined"),
        RejectReason.CHILD_VIEWS: _l("The child's wishes and feelings"),
        RejectReason.COST: _l("The cost"),
        RejectReason.OTHER: _l("Another reason"),
    },
)


class MatchingOutcome(db.Model):
    """One child in one run: the proposal (a provider) or, when unplaced, the reasons.

    The child's age, needs, placement type and area are copied as they were on the run
    date, so the sufficiency report still reads right after the referral changes.
    """

    __tablename__ = "matching_outcomes"
    __table_args__ = (
        UniqueConstraint("run_id", "child_id", name="uq_matching_outcomes_child"),
        CheckConstraint(
            "(CASE WHEN carer_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN home_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN agency_id IS NULL THEN 0 ELSE 1 END) <= 1",
            name="ck_matching_outcomes_one_provider",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("matching_runs.id", ondelete="CASCADE"), index=True
    )
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    # Snapshot of the child on the run date.
    age: Mapped[int] = mapped_column(Integer)
    setting: Mapped[str] = mapped_column(String(16))
    placement_type: Mapped[str] = mapped_column(String(20))
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    area: Mapped[str | None] = mapped_column(String(9), nullable=True)  # home local authority
    # The proposal; all null when the child is unplaced.
    carer_id: Mapped[int | None] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="SET NULL"), nullable=True
    )
    home_id: Mapped[int | None] = mapped_column(
        ForeignKey("childrens_homes.id", ondelete="SET NULL"), nullable=True
    )
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="SET NULL"), nullable=True
    )
    in_house: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    weekly_cost_pence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    arc: Mapped[int | None] = mapped_column(Integer, nullable=True)
    km: Mapped[float | None] = mapped_column(Float, nullable=True)
    school_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    school_move: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    welsh_match: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # Why chosen (for a proposal) or why unplaced: sentences from the solver's reasons.
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What the baseline search would have done for this child, for "what matching saved".
    baseline_in_house: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    baseline_weekly_cost_pence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Whether the baseline search would have moved the child's school (null: no school
    # recorded or no baseline place), for "children who keep their school".
    baseline_school_move: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    reject_reason: Mapped[str | None] = mapped_column(String(24), nullable=True)  # RejectReason
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    run: Mapped[MatchingRun] = relationship(back_populates="outcomes")
    child: Mapped[Child] = relationship()
    carer: Mapped[FosterCarer | None] = relationship()
    home: Mapped[ChildrensHome | None] = relationship()
    agency: Mapped[Agency | None] = relationship()

    @property
    def provider(self):
        return self.carer or self.home or self.agency

    @property
    def placed(self) -> bool:
        return self.provider is not None
