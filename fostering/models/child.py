"""Looked-after children referred for a placement, their sibling groups and safeguarding.

Every view or change of a child's record is audited (``services.audit``). Grid references
are copied from the postcode directory when a postcode is saved, so building a matching
instance needs no join and a later reload of the directory cannot move a child.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
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
    from fostering.models.child_profile import ContactArrangement, LegalStatusPeriod
    from fostering.models.placement import Placement
    from fostering.models.user import User


class Setting(LabelledEnum):
    """From the care plan: a foster family or a residential home."""

    FOSTER = "foster"
    RESIDENTIAL = "residential"


labels_for(
    Setting,
    {Setting.FOSTER: _l("Foster family"), Setting.RESIDENTIAL: _l("Residential home")},
)


class Urgency(LabelledEnum):
    """How soon a placement is needed; the baseline search takes children in this order."""

    IMMEDIATE = "immediate"
    URGENT = "urgent"
    PLANNED = "planned"


labels_for(
    Urgency,
    {
        Urgency.IMMEDIATE: _l("Immediate (today)"),
        Urgency.URGENT: _l("Urgent (within 7 days)"),
        Urgency.PLANNED: _l("Planned"),
    },
)


class ChildStatus(LabelledEnum):
    AWAITING = "awaiting"  # referred, waiting for a placement
    PLANNED = "planned"  # a placement is agreed and has not started yet
    PLACED = "placed"  # has a current placement
    CLOSED = "closed"  # referral withdrawn or left care


labels_for(
    ChildStatus,
    {
        ChildStatus.AWAITING: _l("Awaiting placement"),
        ChildStatus.PLANNED: _l("Placement planned"),
        ChildStatus.PLACED: _l("Placed"),
        ChildStatus.CLOSED: _l("Closed"),
    },
)


class SiblingGroup(db.Model):
    """Brothers and sisters referred together; ``may_split`` is ``siblings_may_split``."""

    __tablename__ = "sibling_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    may_split: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    children: Mapped[list[Child]] = relationship(back_populates="sibling_group")


class Child(db.Model):
    __tablename__ = "children"
    __table_args__ = (
        CheckConstraint("setting IN ('foster', 'residential')", name="ck_children_setting"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The case system's reference (or one made here): what pages and imports show.
    reference: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100), index=True)
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))  # ChildSex value
    setting: Mapped[str] = mapped_column(String(16))  # Setting value
    placement_type: Mapped[str] = mapped_column(String(20))  # PlacementType value
    urgency: Mapped[str] = mapped_column(String(16), default=Urgency.PLANNED.value)
    date_needed: Mapped[date | None] = mapped_column(Date, nullable=True)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)  # Need codes
    welsh_speaking: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=ChildStatus.AWAITING.value, index=True)
    sibling_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("sibling_groups.id", ondelete="SET NULL"), nullable=True, index=True
    )
    home_postcode: Mapped[str] = mapped_column(String(8))
    home_easting: Mapped[int | None] = mapped_column(Integer, nullable=True)
    home_northing: Mapped[int | None] = mapped_column(Integer, nullable=True)
    home_local_authority: Mapped[str | None] = mapped_column(String(9), nullable=True)
    school_postcode: Mapped[str | None] = mapped_column(String(8), nullable=True)
    school_easting: Mapped[int | None] = mapped_column(Integer, nullable=True)
    school_northing: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The whole child (``child_profile``): s.78 of the 2014 Act and the placements standard.
    ethnicity: Mapped[str | None] = mapped_column(String(32), nullable=True)  # Ethnicity
    religion: Mapped[str | None] = mapped_column(String(16), nullable=True)  # Religion
    communication: Mapped[list[str]] = mapped_column(JSON, default=list)  # Communication
    other_languages: Mapped[str | None] = mapped_column(String(200), nullable=True)
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    health_needs: Mapped[str | None] = mapped_column(Text, nullable=True)
    learning_needs: Mapped[str | None] = mapped_column(String(16), nullable=True)
    risks: Mapped[list[str]] = mapped_column(JSON, default=list)  # Risk codes present
    risk_notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    school_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # True: the placement must let the child stay at their school; None: not said.
    keep_school: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    pets: Mapped[str | None] = mapped_column(String(12), nullable=True)  # Pets
    smoke_free: Mapped[bool] = mapped_column(Boolean, default=False)
    alongside: Mapped[str | None] = mapped_column(String(16), nullable=True)  # Alongside
    social_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    sibling_group: Mapped[SiblingGroup | None] = relationship(back_populates="children")
    social_worker: Mapped[User | None] = relationship(foreign_keys=[social_worker_id])
    placements: Mapped[list[Placement]] = relationship(
        back_populates="child", order_by="Placement.start_date.desc()"
    )
    legal_statuses: Mapped[list[LegalStatusPeriod]] = relationship(
        order_by="LegalStatusPeriod.start_date.desc(), LegalStatusPeriod.id.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    contacts: Mapped[list[ContactArrangement]] = relationship(
        order_by="ContactArrangement.id", cascade="all, delete-orphan", passive_deletes=True
    )

    def age_on(self, day: date) -> int:
        """Whole years on ``day`` (a 29 February birthday counts from 1 March)."""
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    @property
    def status_enum(self) -> ChildStatus:
        return ChildStatus(self.status)

    def __repr__(self) -> str:  # no names in reprs: they end up in logs
        return f"<Child {self.id} {self.reference} {self.status}>"


class SafeguardingExclusion(db.Model):
    """``child`` must not live with ``other`` (matching's ``avoid``; applies both ways)."""

    __tablename__ = "safeguarding_exclusions"
    __table_args__ = (
        UniqueConstraint("child_id", "other_child_id", name="uq_safeguarding_pair"),
        CheckConstraint("child_id <> other_child_id", name="ck_safeguarding_not_self"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    other_child_id: Mapped[int] = mapped_column(
        ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    child: Mapped[Child] = relationship(foreign_keys=[child_id])
    other_child: Mapped[Child] = relationship(foreign_keys=[other_child_id])
