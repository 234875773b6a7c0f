"""People who sign in: council staff in their roles, and applicants from the public."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fostering.extensions import db
from fostering.models.types import UTCDateTime, utcnow


class Role(StrEnum):
    SOCIAL_WORKER = "social_worker"
    TEAM_MANAGER = "team_manager"
    PLACEMENT_OFFICER = "placement_officer"
    COMMISSIONER = "commissioner"
    ADMINISTRATOR = "administrator"
    APPLICANT = "applicant"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])

    @property
    def is_staff(self) -> bool:
        return self is not Role.APPLICANT


ROLE_LABELS = {
    Role.SOCIAL_WORKER: _l("Social worker"),
    Role.TEAM_MANAGER: _l("Team manager"),
    Role.PLACEMENT_OFFICER: _l("Placement officer"),
    Role.COMMISSIONER: _l("Commissioner"),
    Role.ADMINISTRATOR: _l("Administrator"),
    Role.APPLICANT: _l("Applicant"),
}

STAFF_ROLES = tuple(role for role in Role if role.is_staff)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(32), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped whenever the password or role changes, so older sessions stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:  # no personal data in reprs: they end up in logs
        return f"<User {self.id} {self.role}>"
