"""An approved household's fostering life after approval: its supervising social worker,
supervisory visits, its status over time (on hold, resigned, deregistered) and the checks
that must be kept up to date (DBS for every adult, medicals, training).

The Stage 1 checks (``fostering.models.assessment``) are about an application; these are
about the approved household, and use the same words where they mean the same thing
(``dbs`` and ``medical`` are :class:`~fostering.models.assessment.CheckKind` values).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.carer import CarerStatus
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow
from fostering.models.user import User

if TYPE_CHECKING:
    from fostering.models.carer import FosterCarer


class CarerStatusChange(db.Model):
    """One change of an approved household's status, kept as its dated history.

    A hold has a reason and the date it is to be reviewed; a resignation the date it
    takes effect and the reason; a deregistration the date of the decision maker's
    decision and its reason.
    """

    __tablename__ = "carer_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carer_id: Mapped[int] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16), index=True)
    effective_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    by: Mapped[User | None] = relationship(foreign_keys=[by_id])

    @property
    def from_label(self) -> str:
        return CarerStatus(self.from_status).label

    @property
    def to_label(self) -> str:
        return CarerStatus(self.to_status).label

    def __repr__(self) -> str:
        return f"<CarerStatusChange {self.id} {self.from_status}->{self.to_status}>"


class SupervisionAllocation(db.Model):
    """One allocation of a household to its supervising social worker: the first (no
    ``from_worker``) and each reallocation by a team manager, with its reason."""

    __tablename__ = "supervision_allocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carer_id: Mapped[int] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="CASCADE"), index=True
    )
    from_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    to_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    from_worker: Mapped[User | None] = relationship(foreign_keys=[from_worker_id])
    to_worker: Mapped[User | None] = relationship(foreign_keys=[to_worker_id])
    by: Mapped[User | None] = relationship(foreign_keys=[by_id])


class ChildrenSeen(LabelledEnum):
    ALL = "all"
    SOME = "some"
    NONE = "none"
    NONE_PLACED = "none_placed"


labels_for(
    ChildrenSeen,
    {
        ChildrenSeen.ALL: _l("Every child placed was seen"),
        ChildrenSeen.SOME: _l("Some of the children placed were seen"),
        ChildrenSeen.NONE: _l("No child placed was seen"),
        ChildrenSeen.NONE_PLACED: _l("No child was placed at the time"),
    },
)


class SupervisoryVisit(db.Model):
    """A supervising social worker's visit to the household."""

    __tablename__ = "supervisory_visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carer_id: Mapped[int] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="CASCADE"), index=True
    )
    visited_on: Mapped[date] = mapped_column(Date, index=True)
    announced: Mapped[bool] = mapped_column(Boolean, default=True)
    carer_seen_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    children_seen: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User | None] = relationship()

    @property
    def children_seen_enum(self) -> ChildrenSeen:
        return ChildrenSeen(self.children_seen)


class AdultRole(LabelledEnum):
    CARER = "carer"
    OTHER = "other"


labels_for(
    AdultRole,
    {
        AdultRole.CARER: _l("Foster carer"),
        AdultRole.OTHER: _l("Other adult in the household"),
    },
)


class HouseholdAdult(db.Model):
    """An adult living in the fostering household: a carer, or another adult (a grown-up
    child, a lodger, a relative). Every one needs a current DBS check."""

    __tablename__ = "carer_household_adults"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carer_id: Mapped[int] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    carer: Mapped[FosterCarer] = relationship()

    @property
    def role_enum(self) -> AdultRole:
        return AdultRole(self.role)

    def __repr__(self) -> str:  # no names in reprs: they end up in logs
        return f"<HouseholdAdult {self.id} {self.role}>"


class CarerCheckKind(LabelledEnum):
    DBS = "dbs"  # the Stage 1 CheckKind values, where they are the same check
    MEDICAL = "medical"
    TRAINING = "training"


labels_for(
    CarerCheckKind,
    {
        CarerCheckKind.DBS: _l("Enhanced DBS check"),
        CarerCheckKind.MEDICAL: _l("Medical update"),
        CarerCheckKind.TRAINING: _l("Training"),
    },
)


class TrainingCourse(LabelledEnum):
    """The training every approved foster carer must keep up."""

    LEARNING_STANDARDS = "learning_standards"
    SAFEGUARDING = "safeguarding"
    FIRST_AID = "first_aid"


labels_for(
    TrainingCourse,
    {
        TrainingCourse.LEARNING_STANDARDS: _l(
            "Learning and Development Standards for foster carers"
        ),
        TrainingCourse.SAFEGUARDING: _l("Safeguarding children"),
        TrainingCourse.FIRST_AID: _l("Paediatric first aid"),
    },
)


class CarerCheckRecord(db.Model):
    """One check done for an adult of the household after approval (a DBS renewal, a
    medical update, a course completed), with when it runs out. The newest of each
    kind (and course) is the one in force."""

    __tablename__ = "carer_check_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carer_id: Mapped[int] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="CASCADE"), index=True
    )
    adult_id: Mapped[int] = mapped_column(
        ForeignKey("carer_household_adults.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), index=True)
    course: Mapped[str | None] = mapped_column(String(32), nullable=True)
    completed_on: Mapped[date] = mapped_column(Date)
    # Null: it does not run out (the Learning and Development Standards, once met).
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    dbs_certificate_number: Mapped[str | None] = mapped_column(String(12), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    adult: Mapped[HouseholdAdult] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    @property
    def kind_enum(self) -> CarerCheckKind:
        return CarerCheckKind(self.kind)

    @property
    def course_enum(self) -> TrainingCourse | None:
        return TrainingCourse(self.course) if self.course else None
