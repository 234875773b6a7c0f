"""People who sign in: council staff in their roles, and applicants from the public."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    # Set when an administrator gives a temporary password: changed at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # Two-factor sign-in (TOTP): the shared secret once enrolled, and the last time step
    # a code was accepted for, so one code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    two_factor_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The language the person is written to in, and sees after signing in when they
    # have not chosen one in this browser ("en" or "cy"; None: the browser's).
    language: Mapped[str | None] = mapped_column(String(2), nullable=True)

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


class PasswordReset(db.Model):
    """A "reset your password" link: only a hash of its token is kept; used once, and
    only within its hour."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A one-time code for signing in without the authenticator app (kept as a keyed
    hash, never as the code)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
