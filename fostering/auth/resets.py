"""The password's life: a forgotten password reset by an emailed link, a password
changed by its owner, and a temporary one that must be changed at the next sign-in.

A reset link's token is 256 random bits; only its SHA-256 is stored. A link works once,
for ``RESET_MINUTES``, and asking again does not say whether the address has an
account: the page and the work are the same either way.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from fostering.auth.accounts import check_password_rules, find_by_email
from fostering.auth.errors import AccountCode, AccountError
from fostering.auth.passwords import hash_password, verify_password
from fostering.extensions import db
from fostering.models import PasswordReset, User
from fostering.models.types import utcnow
from fostering.services import audit, mail
from fostering.services.transactions import after_commit, transactional

RESET_MINUTES = 60


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_reset(email: str, *, locale: str) -> None:
    """Email a reset link to the account with this address, if there is one."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        _hash(secrets.token_urlsafe(32))  # the same work as making a link
        return
    send_reset(user, locale=locale, actor=user)


@transactional
def send_reset(user: User, *, locale: str, actor: User | None) -> None:
    """Make a new link for ``user`` (earlier ones stop working) and email it, in the
    language the account is written to in (an applicant's), else in ``locale``."""
    locale = user.language or locale
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + timedelta(minutes=RESET_MINUTES),
        )
    )
    audit.record(
        actor, "password_reset_sent" if actor is not user else "password_reset_requested", user
    )
    link = f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/reset-password/{token}"
    # The link goes out only once it is stored: an email for a link that failed to save
    # would not work.
    after_commit(
        lambda: mail.send_safely(
            user.email, "password_reset", locale=locale, link=link, minutes=RESET_MINUTES
        )
    )


def usable_reset(token: str) -> PasswordReset | None:
    """The unused, unexpired reset this token belongs to, or None."""
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == _hash(token)))
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    if not reset.user.is_active:
        return None
    return reset


@transactional
def reset_password(token: str, password: str) -> User:
    """Set a new password through a reset link, which then stops working."""
    reset = usable_reset(token)
    if reset is None:
        raise AccountError(AccountCode.RESET_LINK_BROKEN)
    check_password_rules(password)
    user = reset.user
    reset.used_at = utcnow()
    _set_password(user, password)
    audit.record(user, "password_reset", user)
    return user


@transactional
def change_password(user: User, current: str, password: str) -> None:
    """The owner changes their password; every other session of theirs ends."""
    if not verify_password(user.password_hash, current):
        raise AccountError(AccountCode.CURRENT_PASSWORD_WRONG, field="current_password")
    if verify_password(user.password_hash, password):
        raise AccountError(AccountCode.PASSWORD_UNCHANGED, field="password")
    check_password_rules(password)
    _set_password(user, password)
    audit.record(user, "password_changed", user)


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.must_change_password = False
    user.session_version += 1
