"""Two-factor sign-in for staff: a time-based code from an authenticator app (TOTP, with
pyotp), or one of ten single-use recovery codes.

Required for every member of staff when ``STAFF_TWO_FACTOR`` is on (the default in
production); once someone has set it up it is always asked of them. A code is accepted
for the 30-second step it belongs to and the one either side (clocks drift), and never
twice: the last step used is kept. Recovery codes are kept as keyed hashes (HMAC with the
app's secret key), so a copy of the database alone does not reveal them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import delete, select

from fostering.extensions import db
from fostering.models import RecoveryCode, User
from fostering.models.types import utcnow
from fostering.services import audit
from fostering.services.transactions import transactional

RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
STEP_SECONDS = 30


def required_for(user: User) -> bool:
    if not user.role_enum.is_staff:
        return False
    return bool(current_app.config["STAFF_TWO_FACTOR"] or user.two_factor_enrolled_at)


def is_enrolled(user: User) -> bool:
    return bool(user.totp_secret and user.two_factor_enrolled_at)


def new_secret() -> str:
    return pyotp.random_base32()


def qr_code(user: User, secret: str) -> Markup:
    """The authenticator app's set-up link as an inline SVG QR code."""
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=str(current_app.config["SERVICE_NAME"])
    )
    svg = segno.make(uri, error="m").svg_inline(scale=4, svgclass="app-qr")
    return Markup(svg)  # noqa: S704 - segno's own SVG of a URI we built: no user HTML


def _matching_step(secret: str, code: str, after: int | None) -> int | None:
    """The time step ``code`` belongs to (this one or either side), if not used yet."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // STEP_SECONDS
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code) and (
            after is None or step > after
        ):
            return step
    return None


@transactional
def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Finish setting up: the first code proves the app has the secret. Returns the new
    recovery codes (shown once), or None when the code is wrong."""
    step = _matching_step(secret, code, None)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    user.two_factor_enrolled_at = utcnow()
    codes = _new_recovery_codes(user)
    audit.record(user, "two_factor_enrolled", user)
    return codes


@transactional
def verify(user: User, code: str) -> bool:
    """Check a sign-in's second step: an app code, or an unused recovery code."""
    if not is_enrolled(user):
        return False
    step = _matching_step(user.totp_secret or "", code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return True
    recovery = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _recovery_hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is not None:
        recovery.used_at = utcnow()
        audit.record(user, "recovery_code_used", user)
        return True
    audit.record(user, "sign_in_code_failed", user)
    return False


@transactional
def reset(actor: User, user: User) -> None:
    """An administrator clears someone's two-factor set-up (a lost phone): they set it
    up again at their next sign-in, and every session they have ends now."""
    user.totp_secret = None
    user.totp_last_step = None
    user.two_factor_enrolled_at = None
    user.session_version += 1
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record(actor, "two_factor_reset", user)


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(raw)))
    return codes


def _recovery_hash(code: str) -> str:
    normal = "".join(char for char in code.upper() if char.isalnum())
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, normal.encode(), hashlib.sha256).hexdigest()
