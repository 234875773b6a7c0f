"""What-if scenarios: a commissioner's named set of changes, re-matched over today's data.

A scenario holds its changes (open council homes, recruit carers, close providers, use
not-for-profit agencies only, change rates) as a JSON list, and, once run, the summary of
two matching runs over the same children: "today" (no changes) and the scenario. The
job writes only this row: real placements, vacancies and providers never change.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from fostering.models.user import User


class ScenarioStatus(LabelledEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"


labels_for(
    ScenarioStatus,
    {
        ScenarioStatus.DRAFT: _l("Not run yet"),
        ScenarioStatus.QUEUED: _l("Waiting to start"),
        ScenarioStatus.RUNNING: _l("Running"),
        ScenarioStatus.COMPLETED: _l("Finished"),
        ScenarioStatus.CANCELLED: _l("Cancelled"),
        ScenarioStatus.FAILED: _l("Failed"),
    },
)

SCENARIO_UNFINISHED = (ScenarioStatus.QUEUED.value, ScenarioStatus.RUNNING.value)


class Scenario(db.Model):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Also re-match children placed out of county or with agencies, as if they could move.
    include_placed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The changes, in order: dicts checked by ``commissioning.scenarios.changes``.
    changes: Mapped[list[dict]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=ScenarioStatus.DRAFT.value, index=True)
    job_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    time_limit_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    run_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # Progress: which of the two runs is solving ("today" or "scenario"), best so far.
    progress_stage: Mapped[str | None] = mapped_column(String(16), nullable=True)
    progress_placed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    children_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The comparison (``commissioning.scenarios.summary``): figures, moves, new places.
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # A ``ScenarioFailure`` code when it failed (never personal data).
    error: Mapped[str | None] = mapped_column(String(32), nullable=True)

    created_by: Mapped[User | None] = relationship()

    @property
    def status_enum(self) -> ScenarioStatus:
        return ScenarioStatus(self.status)

    @property
    def unfinished(self) -> bool:
        return self.status in SCENARIO_UNFINISHED

    def __repr__(self) -> str:
        return f"<Scenario {self.id} {self.status}>"
