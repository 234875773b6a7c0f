"""Connected persons (kinship) cases: a looked-after child's relative or friend assessed
to foster that one child.

A social worker starts a case from the child's record. The household has a viability
(initial) assessment; a positive one leads to the full assessment, during which the
council may approve the household temporarily for the named child (Care Planning,
Placement and Case Review (Wales) Regulations 2015, regulation 26: at most 16 weeks,
extendable once by up to 8 weeks by the nominated officer, regulation 27). The full
assessment goes to the fostering panel (the same meetings as every other household) and
the decision maker; approval puts the household on the carer register as a connected
carer, whom matching offers only the named child and their brothers and sisters.

Dates are inclusive: ``temporary_until`` is the last day of temporary approval.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from fostering.models.carer import FosterCarer
    from fostering.models.casework import PanelMeeting
    from fostering.models.child import Child
    from fostering.models.user import User


class ConnectedStage(LabelledEnum):
    VIABILITY = "viability"  # the initial assessment is being done
    NOT_VIABLE = "not_viable"  # the initial assessment was negative: the case ends
    ASSESSMENT = "assessment"  # the full assessment (temporary approval may be given)
    PANEL = "panel"  # booked into a fostering panel meeting
    APPROVED = "approved"  # on the carer register as a connected carer
    REFUSED = "refused"  # not approved: the child's placement there must end


labels_for(
    ConnectedStage,
    {
        ConnectedStage.VIABILITY: _l("Viability assessment"),
        ConnectedStage.NOT_VIABLE: _l("Not viable"),
        ConnectedStage.ASSESSMENT: _l("Full assessment"),
        ConnectedStage.PANEL: _l("Fostering panel"),
        ConnectedStage.APPROVED: _l("Approved"),
        ConnectedStage.REFUSED: _l("Not approved"),
    },
)

OPEN_STAGES = (ConnectedStage.VIABILITY, ConnectedStage.ASSESSMENT, ConnectedStage.PANEL)
# Stages in which a temporary approval can be running (given, no decision yet).
UNDECIDED_STAGES = (ConnectedStage.ASSESSMENT, ConnectedStage.PANEL)


class ConnectedOutcome(LabelledEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


labels_for(
    ConnectedOutcome,
    {
        ConnectedOutcome.POSITIVE: _l("Positive: go on to the full assessment"),
        ConnectedOutcome.NEGATIVE: _l("Negative: the assessment ends"),
    },
)


class ConnectedCase(db.Model):
    """One connected person (or couple) assessed for one named child."""

    __tablename__ = "connected_cases"
    __table_args__ = (
        CheckConstraint(
            "temporary_until IS NULL OR temporary_from IS NULL "
            "OR temporary_until >= temporary_from",
            name="ck_connected_cases_temporary_dates",
        ),
        CheckConstraint(
            "extended_until IS NULL OR (temporary_until IS NOT NULL "
            "AND extended_until > temporary_until)",
            name="ck_connected_cases_extension",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    # The social worker whose case it is (who started it, unless a manager moves it).
    social_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    stage: Mapped[str] = mapped_column(
        String(16), default=ConnectedStage.VIABILITY.value, index=True
    )
    # The connected person or people, as the child's worker records them.
    names: Mapped[str] = mapped_column(String(200), index=True)
    relation: Mapped[str] = mapped_column(String(100))  # to the child: "Grandmother"
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(8))
    # Everyone else aged 18 or over in the household, one a line (may be empty).
    household_adults: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date] = mapped_column(Date)
    viability_due: Mapped[date] = mapped_column(Date, index=True)
    # The viability (initial) assessment.
    viability_outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    viability_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    viability_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Temporary approval for the named child (regulation 26) and its one extension.
    temporary_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    temporary_until: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    temporary_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    extended_until: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    extension_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    extended_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    extended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The full assessment's report.
    report_summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    report_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The fostering panel (a meeting of the same panel that hears every household).
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_meetings.id", ondelete="SET NULL"), nullable=True, index=True
    )
    panel_recommendation: Mapped[str | None] = mapped_column(String(16), nullable=True)
    panel_minutes: Mapped[str | None] = mapped_column(Text, nullable=True)
    panel_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The decision maker's decision.
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    carer_id: Mapped[int | None] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    # Not approved (or temporary approval ended without a decision): the child's
    # placement with the household must end, and a move be planned.
    move_needed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    child: Mapped[Child] = relationship()
    social_worker: Mapped[User | None] = relationship(foreign_keys=[social_worker_id])
    temporary_by: Mapped[User | None] = relationship(foreign_keys=[temporary_by_id])
    extended_by: Mapped[User | None] = relationship(foreign_keys=[extended_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    meeting: Mapped[PanelMeeting | None] = relationship()
    carer: Mapped[FosterCarer | None] = relationship()

    @property
    def stage_enum(self) -> ConnectedStage:
        return ConnectedStage(self.stage)

    @property
    def approval_ends(self) -> date | None:
        """The last day of temporary approval, the extension included."""
        return self.extended_until or self.temporary_until

    @property
    def adults(self) -> list[str]:
        return [line for line in (self.household_adults or "").splitlines() if line.strip()]

    def __repr__(self) -> str:  # no names in reprs: they end up in logs
        return f"<ConnectedCase {self.id} {self.reference} {self.stage}>"
