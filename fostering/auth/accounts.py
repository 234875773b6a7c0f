"""Signing in, lock-out, and the administrator's management of staff accounts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from fostering.auth.errors import AccountCode, AccountError
from fostering.auth.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    is_common,
    needs_rehash,
    verify_password,
)
from fostering.extensions import db
from fostering.models import Role, User
from fostering.models.types import utcnow
from fostering.services import audit
from fostering.services.transactions import transactional

# The roles that can be assessing social worker of a case.
CASE_HOLDING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})


@dataclass(frozen=True)
class SignInResult:
    user: User | None

    @property
    def ok(self) -> bool:
        return self.user is not None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@transactional
def authenticate(email: str, password: str) -> SignInResult:
    """Check a sign-in: the same answer, after the same work, for an unknown address.

    Nothing here locks an account: anyone who knows a colleague's address could lock
    them out with a few tries, and a "locked" message would say the address exists.
    Guessing is slowed instead by the back-off on each address and account together
    (``sign_in_backoff_limit``), which the sign-in page applies to failed attempts.
    """
    user = find_by_email(email)
    now = utcnow()
    if user is None:
        verify_password(None, password)  # same work as a real check
        return SignInResult(None)
    if not user.is_active or not verify_password(user.password_hash, password):
        user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
        audit.record(user, "sign_in_failed", user)
        return SignInResult(None)
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_sign_in_at = now
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(user, "signed_in", user)
    return SignInResult(user)


def sign_in_backoff_limit() -> str:
    """Failed attempts allowed for one account from one address before a wait."""
    config = current_app.config
    return f"{config['LOCKOUT_THRESHOLD']} per {config['LOCKOUT_MINUTES']} minutes"


def backoff_key(address: str, email: str) -> str:
    """The back-off's key: the address and the account, the email hashed (keys are
    kept in Redis, which should hold no personal data)."""
    digest = hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]
    return f"sign-in:{address}:{digest}"


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
    if is_common(password):
        raise AccountError(AccountCode.PASSWORD_COMMON, field="password")


@transactional
def create_staff(actor: User | None, *, name: str, email: str, role: Role, password: str) -> User:
    """Add a staff account. Applicants are never created here."""
    if not role.is_staff:
        raise AccountError(AccountCode.CHOOSE_STAFF_ROLE, field="role")
    email = normalise_email(email)
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise AccountError(AccountCode.EMAIL_TAKEN, field="email")
    check_password_rules(password)
    # The administrator's password is temporary: the member of staff replaces it the
    # first time they sign in, so no administrator knows a password that lasts.
    user = User(
        name=name.strip(),
        email=email,
        role=role.value,
        password_hash=hash_password(password),
        must_change_password=True,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "staff_created", user, detail=f"role={role.value}")
    return user


def live_cases(user: User) -> int:
    """How many live fostering cases (allocated to panel) the user is assessing."""
    from fostering.recruitment.services.allocation import active_caseload

    return active_caseload(user.id)


@transactional
def change_role(actor: User, user: User, role: Role) -> User:
    if not role.is_staff or not user.role_enum.is_staff:
        raise AccountError(AccountCode.ROLE_STAFF_ONLY, field="role")
    if user.id == actor.id and role is not Role.ADMINISTRATOR:
        raise AccountError(AccountCode.OWN_ADMIN_ROLE, field="role")
    old = user.role
    if old == role.value:
        return user
    if role not in CASE_HOLDING_ROLES and (count := live_cases(user)):
        raise AccountError(
            AccountCode.ROLE_HOLDS_LIVE_CASES, field="role", name=user.name, count=count
        )
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
    if not active and (count := live_cases(user)):
        raise AccountError(
            AccountCode.HOLDS_LIVE_CASES, field="active", name=user.name, count=count
        )
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
def sign_out(user: User) -> None:
    """End every session of this account, not only this browser's: a copy of the cookie
    taken before sign-out must not work after it."""
    user.session_version += 1
    audit.record(user, "signed_out", user)
