"""The placement ledger: who lives where, from when, and what it costs each week.

A placement has exactly one provider (an in-house carer, a council home or an independent
provider). Its weekly cost is a series of ``PlacementRate`` rows, each in force from its
date until the next: a rate change adds a row and never overwrites one, so spend over any
past range can be recomputed. Money is whole pence.

Each rate also stores where its days end (``effective_to``: the day before the next
rate, or the placement's last day, or null while open) and its first and last days and
months as plain integers, so the commissioning sums need no window function and no date
functions per row. Every writer of rates sets them with ``rate_records`` (bulk inserts) or
``Placement.retile_rates`` (the ORM); tests/commissioning/test_rate_spans.py checks each.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
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


class ProviderType(LabelledEnum):
    IN_HOUSE_FOSTER = "in_house_foster"
    COUNCIL_HOME = "council_home"
    FOSTERING_AGENCY = "ifa"
    PRIVATE_RESIDENTIAL = "private_residential"
    OTHER = "other"


labels_for(
    ProviderType,
    {
        ProviderType.IN_HOUSE_FOSTER: _l("In-house foster care"),
        ProviderType.COUNCIL_HOME: _l("Council children's home"),
        ProviderType.FOSTERING_AGENCY: _l("Independent fostering agency"),
        ProviderType.PRIVATE_RESIDENTIAL: _l("Private residential care"),
        ProviderType.OTHER: _l("Other"),
    },
)

IN_HOUSE_TYPES = (ProviderType.IN_HOUSE_FOSTER.value, ProviderType.COUNCIL_HOME.value)


class PlacementStage(LabelledEnum):
    """Where a placement is in its life. A planned placement holds its place but has no
    weekly cost yet; starting it adds the first rate; a cancelled one never started (its
    end date is its planned start, so every "current" query, ``end_date IS NULL``, leaves
    it out). A started placement with an end date has ended."""

    PLANNED = "planned"
    STARTED = "started"
    CANCELLED = "cancelled"


labels_for(
    PlacementStage,
    {
        PlacementStage.PLANNED: _l("Planned"),
        PlacementStage.STARTED: _l("Started"),
        PlacementStage.CANCELLED: _l("Cancelled"),
    },
)


class EndReason(LabelledEnum):
    """Why a placement ended (recorded by the officer who ends it)."""

    PLANNED_MOVE = "planned_move"
    CARER_REQUEST = "carer_request"
    CHILD_REQUEST = "child_request"
    ALLEGATION = "allegation"
    DISRUPTION = "disruption"
    RETURNED_HOME = "returned_home"
    ADOPTION = "adoption"
    SPECIAL_GUARDIANSHIP = "special_guardianship"
    LEAVING_CARE = "leaving_care"
    OTHER = "other"


labels_for(
    EndReason,
    {
        EndReason.PLANNED_MOVE: _l("A planned move to another placement"),
        EndReason.CARER_REQUEST: _l("The carer or provider asked for the child to move"),
        EndReason.CHILD_REQUEST: _l("The child asked to move"),
        EndReason.ALLEGATION: _l("An allegation against the carer or provider"),
        EndReason.DISRUPTION: _l("The placement broke down"),
        EndReason.RETURNED_HOME: _l("Returned home to their family"),
        EndReason.ADOPTION: _l("Adopted"),
        EndReason.SPECIAL_GUARDIANSHIP: _l("A special guardianship order"),
        EndReason.LEAVING_CARE: _l("Left care (18 or over)"),
        EndReason.OTHER: _l("Another reason"),
    },
)


class Placement(db.Model):
    __tablename__ = "placements"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN carer_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN home_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN agency_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="ck_placements_one_provider",
        ),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ck_placements_dates"),
        Index("ix_placements_dates", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    carer_id: Mapped[int | None] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    home_id: Mapped[int | None] = mapped_column(
        ForeignKey("childrens_homes.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    # Denormalised from the provider when the placement is made, for the ledger's sums.
    provider_type: Mapped[str] = mapped_column(String(24), index=True)
    not_for_profit: Mapped[bool] = mapped_column(Boolean, default=True)
    out_of_county: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    distance_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # null: current
    stage: Mapped[str] = mapped_column(
        String(12), default=PlacementStage.STARTED.value, server_default="started", index=True
    )
    # The placement agreement: when it was agreed, and with whom at the carer or provider.
    agreed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    agreed_with: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # What was shared with the carer or provider about the child, and when.
    information_shared: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    information_shared_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # A planned placement's weekly cost: it becomes the first rate when it starts.
    planned_weekly_cost_pence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # A supplementary placement's approval reference (s.81B of the 2014 Act, added by the
    # Health and Social Care (Wales) Act 2025): a for-profit provider's placement needs the
    # Welsh Ministers' approval from the date in fostering/services/profit_act.py.
    approval_reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(24), nullable=True)  # EndReason
    end_planned: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # The school the child went to from this placement, and whether it was a change.
    school_postcode: Mapped[str | None] = mapped_column(String(8), nullable=True)
    school_changed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # Set when the placement came from accepting a matching proposal.
    matching_outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("matching_outcomes.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    child: Mapped[Child] = relationship(back_populates="placements")
    carer: Mapped[FosterCarer | None] = relationship()
    home: Mapped[ChildrensHome | None] = relationship()
    agency: Mapped[Agency | None] = relationship()
    rates: Mapped[list[PlacementRate]] = relationship(
        back_populates="placement",
        order_by="PlacementRate.effective_from",
        cascade="all, delete-orphan",
    )

    @property
    def provider(self):
        return self.carer or self.home or self.agency

    @property
    def stage_enum(self) -> PlacementStage:
        return PlacementStage(self.stage)

    @property
    def end_reason_label(self) -> str | None:
        return None if self.end_reason is None else str(EndReason(self.end_reason).label)

    @property
    def provider_type_enum(self) -> ProviderType:
        return ProviderType(self.provider_type)

    @property
    def current_weekly_cost_pence(self) -> int | None:
        """The weekly cost in force today (rates derived from the payment tables may
        already be set for later dates: a birthday, next April)."""
        return self.weekly_cost_on(date.today())

    def weekly_cost_on(self, day: date) -> int | None:
        """The rate in force on ``day``, or the first one if none has started yet."""
        if not self.rates:
            return None
        ordered = sorted(self.rates, key=_from)
        started = [rate for rate in ordered if rate.effective_from <= day]
        return (started[-1] if started else ordered[0]).weekly_cost_pence

    def retile_rates(self) -> None:
        """Set every rate's span from the rates' dates and the end date (after a rate is
        added or the placement ends)."""
        ordered = sorted(self.rates, key=_from)
        spans = rate_spans([rate.effective_from for rate in ordered], self.end_date)
        for rate, span in zip(ordered, spans, strict=True):
            for key, value in span.items():
                setattr(rate, key, value)

    def __repr__(self) -> str:
        return f"<Placement {self.id} {self.provider_type} {self.start_date}>"


class PlacementRate(db.Model):
    """A weekly cost in force from ``effective_from`` to ``effective_to`` (inclusive)."""

    __tablename__ = "placement_rates"
    __table_args__ = (
        UniqueConstraint("placement_id", "effective_from", name="uq_placement_rates_from"),
        CheckConstraint("weekly_cost_pence >= 0", name="ck_placement_rates_cost"),
        # The spans' shape: open in every form or in none, and never ending more than a
        # day before they start (a day before: a rate from after the placement ended).
        CheckConstraint(
            "(effective_to IS NULL) = (to_day IS NULL) AND (to_day IS NULL) = (to_month IS NULL)"
            " AND (to_day IS NULL OR (to_day >= from_day - 1 AND to_month >= from_month - 1))",
            name="ck_placement_rates_span",
        ),
        # The commissioning sums read rates by placement from this index alone.
        Index(
            "ix_placement_rates_spans",
            "placement_id",
            "from_day",
            "to_day",
            "weekly_cost_pence",
            "from_month",
            "to_month",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    effective_from: Mapped[date] = mapped_column(Date)
    # The last day in force: the day before the next rate, or the placement's end date,
    # or null while open. A rate from after the placement ended has no days: it ends
    # the day before it starts.
    effective_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The same span as day numbers (days since 1970-01-01) and months (year * 12 +
    # month - 1), for the commissioning sums.
    from_day: Mapped[int] = mapped_column(Integer)
    to_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    from_month: Mapped[int] = mapped_column(Integer)
    to_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    weekly_cost_pence: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    placement: Mapped[Placement] = relationship(back_populates="rates")


EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


def month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _from(rate: PlacementRate) -> date:
    return rate.effective_from


def rate_spans(starts: Iterable[date], end_date: date | None) -> list[dict]:
    """The span columns of a placement's rates, given their dates in order and the
    placement's end date: each runs to the day before the next, the last to the end."""
    starts = list(starts)
    spans = []
    for index, start in enumerate(starts):
        ends = [starts[index + 1] - timedelta(days=1)] if index + 1 < len(starts) else []
        if end_date is not None:
            ends.append(end_date)
        to = max(min(ends), start - timedelta(days=1)) if ends else None
        spans.append(
            {
                "effective_to": to,
                "from_day": day_number(start),
                "to_day": None if to is None else day_number(to),
                "from_month": month_number(start),
                "to_month": None if to is None else month_number(to),
            }
        )
    return spans


def rate_records(placement_id: int, rates: Iterable[tuple[date, int]], end_date: date | None):
    """Rows for a bulk insert of one placement's rates, ``(effective_from, pence)`` each,
    with their spans."""
    ordered = sorted(rates)
    spans = rate_spans([start for start, _pence in ordered], end_date)
    return [
        {"placement_id": placement_id, "effective_from": start, "weekly_cost_pence": pence, **span}
        for (start, pence), span in zip(ordered, spans, strict=True)
    ]
