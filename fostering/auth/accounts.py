"""Signing in, lock-out, and the administrator's management of staff accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from fostering.auth.errors import AccountCode, AccountError
from fostering.auth.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from fostering.extensions import db
from fostering.models import Role, User
from fostering.models.types import utcnow
from fostering.services import audit
from fostering.services.transactions import transactional


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@transactional
def authenticate(email: str, password: str) -> SignInResult:
    """Check a sign-in. Repeated failures lock the account for a while.

    A locked account is refused even with the right password, and the result says until
    when, so the page can tell the person.
    """
    user = find_by_email(email)
    now = utcnow()
    if user is None:
        verify_password(None, password)  # same work as a real check
        return SignInResult(None)
    if user.locked_until and user.locked_until > now:
        audit.record(user, "sign_in_refused_locked", user)
        return SignInResult(None, locked_until=user.locked_until)
    if not user.is_active or not verify_password(user.password_hash, password):
        user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
        locked = None
        if user.failed_sign_ins >= current_app.config["LOCKOUT_THRESHOLD"]:
            locked = now + timedelta(minutes=current_app.config["LOCKOUT_MINUTES"])
            user.locked_until = locked
            user.failed_sign_ins = 0
            audit.record(user, "account_locked", user)
        audit.record(user, "sign_in_failed", user)
        return SignInResult(None, locked_until=locked)
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_sign_in_at = now
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(user, "signed_in", user)
    return SignInResult(user)


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the id carries a version so old sessions die on changes."""
    try:
        raw_id, raw_version = session_id.split(":", 1)
        user = db.session.get(User, int(raw_id))
        version = int(raw_version)
    except (ValueError, TypeError):
        return None
    if user is None or user.session_version != version or not user.is_active:
        return None
    return user


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            AccountCode.PASSWORD_TOO_SHORT, field="password", count=MIN_PASSWORD_LENGTH
        )


@transactional
def create_staff(actor: User | None, *, name: str, email: str, role: Role, password: str) -> User:
    """Add a staff account. Applicants are never created here."""
    if not role.is_staff:
        raise AccountError(AccountCode.CHOOSE_STAFF_ROLE, field="role")
    email = normalise_email(email)
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise AccountError(AccountCode.EMAIL_TAKEN, field="email")
    check_password_rules(password)
    user = User(
        name=name.strip(), email=email, role=role.value, password_hash=hash_password(password)
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "staff_created", user, detail=f"role={role.value}")
    return user


@transactional
def change_role(actor: User, user: User, role: Role) -> User:
    if not role.is_staff or not user.role_enum.is_staff:
        raise AccountError(AccountCode.ROLE_STAFF_ONLY, field="role")
    if user.id == actor.id and role is not Role.ADMINISTRATOR:
        raise AccountError(AccountCode.OWN_ADMIN_ROLE, field="role")
    old = user.role
    if old == role.value:
        return user
    user.role = role.value
    user.session_version += 1
    audit.record(actor, "role_changed", user, detail=f"from={old} to={role.value}")
    return user


@transactional
def set_active(actor: User, user: User, active: bool) -> User:
    if user.id == actor.id and not active:
        raise AccountError(AccountCode.OWN_ACCOUNT_ACTIVE, field="active")
    if user.active == active:
        return user
    user.active = active
    user.session_version += 1
    audit.record(actor, "account_activated" if active else "account_deactivated", user)
    return user


@transactional
def unlock(actor: User, user: User) -> User:
    user.locked_until = None
    user.failed_sign_ins = 0
    audit.record(actor, "account_unlocked", user)
    return user


@transactional
def record_sign_out(user: User) -> None:
    audit.record(user, "signed_out", user)
