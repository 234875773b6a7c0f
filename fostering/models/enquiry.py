"""A member of the public's enquiry about fostering, from the "Foster with us" pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from fostering.models.application import Application


class EnquiryStatus(LabelledEnum):
    NEW = "new"
    CONTACTED = "contacted"
    VISIT_BOOKED = "visit_booked"
    INVITED = "invited"
    CLOSED = "closed"


ENQUIRY_STATUS_LABELS = labels_for(
    EnquiryStatus,
    {
        EnquiryStatus.NEW: _l("New"),
        EnquiryStatus.CONTACTED: _l("Contacted"),
        EnquiryStatus.VISIT_BOOKED: _l("Visit booked"),
        EnquiryStatus.INVITED: _l("Invited to apply"),
        EnquiryStatus.CLOSED: _l("Closed"),
    },
)


class SpareBedroom(LabelledEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


SPARE_BEDROOM_LABELS = labels_for(
    SpareBedroom,
    {
        SpareBedroom.YES: _l("Yes"),
        SpareBedroom.NO: _l("No"),
        SpareBedroom.NOT_SURE: _l("Not sure"),
    },
)


class PlacementInterest(LabelledEnum):
    """Kinds of fostering. The carer register's placement types use the same values."""

    EMERGENCY = "emergency"
    SHORT_TERM = "short_term"
    LONG_TERM = "long_term"
    RESPITE = "respite"
    PARENT_AND_CHILD = "parent_and_child"


PLACEMENT_INTEREST_LABELS = labels_for(
    PlacementInterest,
    {
        PlacementInterest.EMERGENCY: _l("Emergency"),
        PlacementInterest.SHORT_TERM: _l("Short term"),
        PlacementInterest.LONG_TERM: _l("Long term"),
        PlacementInterest.RESPITE: _l("Respite (short breaks)"),
        PlacementInterest.PARENT_AND_CHILD: _l("Parent and child"),
    },
)


class HeardFrom(LabelledEnum):
    WEBSITE = "website"
    SOCIAL_MEDIA = "social_media"
    FRIEND_OR_FAMILY = "friend_or_family"
    EXISTING_CARER = "existing_carer"
    EVENT = "event"
    ADVERT = "advert"
    OTHER = "other"


HEARD_FROM_LABELS = labels_for(
    HeardFrom,
    {
        HeardFrom.WEBSITE: _l("The council's website"),
        HeardFrom.SOCIAL_MEDIA: _l("Social media"),
        HeardFrom.FRIEND_OR_FAMILY: _l("A friend or family member"),
        HeardFrom.EXISTING_CARER: _l("A foster carer"),
        HeardFrom.EVENT: _l("An event or talk"),
        HeardFrom.ADVERT: _l("An advert (radio, newspaper, poster)"),
        HeardFrom.OTHER: _l("Somewhere else"),
    },
)


class Enquiry(db.Model):
    __tablename__ = "enquiries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Human-friendly and random (like FE-7K3M9Q), so it can be read out on the phone
    # and cannot be guessed from another enquiry's reference.
    reference: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    postcode: Mapped[str] = mapped_column(String(8))
    household: Mapped[str] = mapped_column(Text, default="")
    adults_at_home: Mapped[int] = mapped_column(Integer, default=1)
    children_at_home: Mapped[int] = mapped_column(Integer, default=0)
    spare_bedroom: Mapped[str] = mapped_column(String(16))
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    heard_from: Mapped[str | None] = mapped_column(String(32), nullable=True)
    consent_to_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_language: Mapped[str] = mapped_column(String(2), default="en")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Computed by the fostering team's side (one working day); null until then.
    reply_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default=EnquiryStatus.NEW.value, index=True)
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    visit_outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    application: Mapped[Application | None] = relationship(back_populates="enquiry", uselist=False)

    @property
    def status_enum(self) -> EnquiryStatus:
        return EnquiryStatus(self.status)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def __repr__(self) -> str:  # no personal data in reprs: they end up in logs
        return f"<Enquiry {self.id} {self.reference} {self.status}>"
