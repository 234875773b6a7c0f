"""The in-house foster carer register: approved households and their terms of approval.

This is the pool placement matching draws on (``matching.model.Provider`` with
``kind="carer"`` and ``in_house=True``), so the vocabularies for sexes, placement types
and skills are the matching model's.

Money is held as whole pence (``weekly_allowance_pence``) so sums never round.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from fostering.models.application import Application
    from fostering.models.user import User

MAX_PLACES = 6
MAX_AGE = 18


class ChildSex(LabelledEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"


labels_for(
    ChildSex,
    {
        ChildSex.FEMALE: _l("Girls"),
        ChildSex.MALE: _l("Boys"),
        ChildSex.OTHER: _l("Children of another gender"),
    },
)


class PlacementType(LabelledEnum):
    """The same values as an enquiry's kinds of fostering and the matching model's."""

    EMERGENCY = "emergency"
    SHORT_TERM = "short_term"
    LONG_TERM = "long_term"
    RESPITE = "respite"
    PARENT_AND_CHILD = "parent_and_child"


labels_for(
    PlacementType,
    {
        PlacementType.EMERGENCY: _l("Emergency"),
        PlacementType.SHORT_TERM: _l("Short term"),
        PlacementType.LONG_TERM: _l("Long term"),
        PlacementType.RESPITE: _l("Respite (short breaks)"),
        PlacementType.PARENT_AND_CHILD: _l("Parent and child"),
    },
)


class CarerSkill(LabelledEnum):
    """Skills a carer is approved for; a child's needs are drawn from the same list."""

    DISABILITY = "disability"
    THERAPEUTIC = "therapeutic"
    AUTISM = "autism"
    COMPLEX_HEALTH = "complex_health"
    CHALLENGING_BEHAVIOUR = "challenging_behaviour"
    SUBSTANCE_MISUSE = "substance_misuse"
    CSE_RISK = "cse_risk"
    PARENT_AND_CHILD = "parent_and_child"


labels_for(
    CarerSkill,
    {
        CarerSkill.DISABILITY: _l("Disabled children"),
        CarerSkill.THERAPEUTIC: _l("Therapeutic care"),
        CarerSkill.AUTISM: _l("Autistic children"),
        CarerSkill.COMPLEX_HEALTH: _l("Complex health needs"),
        CarerSkill.CHALLENGING_BEHAVIOUR: _l("Behaviour that challenges"),
        CarerSkill.SUBSTANCE_MISUSE: _l("Children who misuse drugs or alcohol"),
        CarerSkill.CSE_RISK: _l("Children at risk of sexual exploitation"),
        CarerSkill.PARENT_AND_CHILD: _l("Parent and child assessments"),
    },
)


class CarerStatus(LabelledEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    RESIGNED = "resigned"
    # Approval ended by the fostering service (after a review, regulation 9).
    DEREGISTERED = "deregistered"


# Households that have left fostering: never matched, no longer supervised or checked.
ENDED_STATUSES = ("resigned", "deregistered")


labels_for(
    CarerStatus,
    {
        CarerStatus.ACTIVE: _l("Active"),
        CarerStatus.ON_HOLD: _l("On hold"),
        CarerStatus.RESIGNED: _l("Resigned"),
        CarerStatus.DEREGISTERED: _l("Deregistered"),
    },
)


class TermsLabels:
    """The labels of a set of terms' sexes, placement types and skills (a carer's, or a
    version of its terms)."""

    @property
    def sex_labels(self) -> list[str]:
        return [ChildSex(value).label for value in self.sexes or []]

    @property
    def placement_type_labels(self) -> list[str]:
        return [PlacementType(value).label for value in self.placement_types or []]

    @property
    def skill_labels(self) -> list[str]:
        return [CarerSkill(value).label for value in self.skills or []]


class FosterCarer(TermsLabels, db.Model):
    """An approved in-house fostering household."""

    __tablename__ = "foster_carers"
    __table_args__ = (
        CheckConstraint(f"places >= 1 AND places <= {MAX_PLACES}", name="ck_foster_carers_places"),
        CheckConstraint(
            f"min_age >= 0 AND min_age <= max_age AND max_age <= {MAX_AGE}",
            name="ck_foster_carers_ages",
        ),
        CheckConstraint("weekly_allowance_pence >= 0", name="ck_foster_carers_allowance"),
        CheckConstraint("occupied >= 0 AND occupied <= places", name="ck_foster_carers_occupied"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    household_name: Mapped[str] = mapped_column(String(200), index=True)
    # Null for carers imported from an older system rather than approved here.
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    postcode: Mapped[str] = mapped_column(String(8), index=True)
    # Copied from the postcode directory when the postcode is saved (null if unknown then).
    easting: Mapped[int | None] = mapped_column(Integer, nullable=True)
    northing: Mapped[int | None] = mapped_column(Integer, nullable=True)
    local_authority: Mapped[str | None] = mapped_column(String(9), nullable=True)
    approved_on: Mapped[date] = mapped_column(Date)
    places: Mapped[int] = mapped_column(Integer)
    min_age: Mapped[int] = mapped_column(Integer)
    max_age: Mapped[int] = mapped_column(Integer)
    # Lists of ChildSex, PlacementType and CarerSkill values; no sexes means any.
    sexes: Mapped[list[str]] = mapped_column(JSON, default=list)
    placement_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    welsh_speaking: Mapped[bool] = mapped_column(Boolean, default=False)
    # The weekly fostering allowance for one placement, in whole pence.
    weekly_allowance_pence: Mapped[int] = mapped_column(Integer, default=0)
    # Children placed here now; the placement service keeps it, the check bounds it.
    occupied: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(16), default=CarerStatus.ACTIVE.value, index=True)
    annual_review_due: Mapped[date] = mapped_column(Date, index=True)
    # The household's supervising social worker (a team manager allocates them).
    supervising_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    application: Mapped[Application | None] = relationship()
    supervising_worker: Mapped[User | None] = relationship()

    @property
    def vacancies(self) -> int:
        return max(self.places - self.occupied, 0)

    @property
    def status_enum(self) -> CarerStatus:
        return CarerStatus(self.status)

    @property
    def has_ended(self) -> bool:
        """Resigned or deregistered: the household no longer fosters for the council."""
        return self.status in ENDED_STATUSES

    def __repr__(self) -> str:  # no personal data in reprs: they end up in logs
        return f"<FosterCarer {self.id} {self.reference} {self.status}>"
