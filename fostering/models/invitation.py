"""A single-use, expiring link: to the main or joint applicant, to set a password and
start their part of the application; or to an adult in the household, to consent to
their DBS check.

Only a SHA-256 of the token is stored, so a copy of the database does not hold links
anyone could use.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from fostering.models.application import Application, HouseholdMember
    from fostering.models.user import User


class Invitation(db.Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Whose link this is: an applicant's account (None on links made before joint
    # applicants had their own: the main applicant's), or a household member's.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    household_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("household_members.id", ondelete="CASCADE"), nullable=True, index=True
    )

    application: Mapped[Application] = relationship(back_populates="invitations")
    user: Mapped[User | None] = relationship()
    household_member: Mapped[HouseholdMember | None] = relationship()

    @property
    def is_consent_link(self) -> bool:
        return self.household_member_id is not None

    def usable_at(self, now: datetime) -> bool:
        return self.used_at is None and self.expires_at > now
