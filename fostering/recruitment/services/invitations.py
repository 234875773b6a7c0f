"""Inviting a household to apply, and an applicant accepting by setting a password.

The main applicant is invited by the fostering team; a joint applicant by the main
applicant (:mod:`.adults`), each to their own account. Adults in the household get a
link of the same kind to consent to their DBS check. Each link carries a random token
(``secrets.token_urlsafe(32)``); only its SHA-256 is stored. A link works once, and
for ``INVITATION_DAYS`` (7) days; a consent link works only on the consent page, and
an account link only on the set-up page.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import func, select, update

from fostering.auth.accounts import check_password_rules, normalise_email
from fostering.auth.passwords import hash_password
from fostering.extensions import db
from fostering.models import (
    Application,
    ApplicationStage,
    Enquiry,
    EnquiryStatus,
    Invitation,
    Role,
    User,
)
from fostering.models.types import utcnow
from fostering.recruitment.services.application_stages import move_stage
from fostering.recruitment.services.errors import RecruitmentCode, RecruitmentError
from fostering.services import audit, mail
from fostering.services.references import new_application_reference
from fostering.services.transactions import after_commit, transaction, transactional


class InvitationError(RecruitmentError):
    """An invitation that cannot be made or accepted."""


class TokenState(StrEnum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TokenCheck:
    state: TokenState
    invitation: Invitation | None = None

    @property
    def ok(self) -> bool:
        return self.state is TokenState.VALID


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_link(token: str, *, consent: bool = False) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/apply/{'consent' if consent else 'start'}/{token}"


def new_invitation(
    application: Application, *, user: User | None = None, member=None
) -> tuple[Invitation, str]:
    """A new link for ``user`` (an applicant's account) or ``member`` (a household
    member's consent); the earlier unused links of the same person stop working."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    for old in application.invitations:
        same = (
            old.household_member_id == member.id
            if member is not None
            else old.household_member_id is None
            and (old.user_id or application.applicant_id) == user.id
        )
        if same and old.used_at is None and old.expires_at > now:
            old.expires_at = now
    invitation = Invitation(
        application=application,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"]),
        user_id=user.id if user is not None else None,
        household_member_id=member.id if member is not None else None,
    )
    db.session.add(invitation)
    return invitation, token


def _send_invitation(application: Application, token: str, invitation: Invitation) -> None:
    """Email the link once the invitation is committed (a link to no row helps nobody)."""
    after_commit(lambda: _email_invitation(application, token, invitation))


def _email_invitation(application: Application, token: str, invitation: Invitation) -> None:
    applicant = application.applicant
    mail.send_safely(
        applicant.email,
        "invitation",
        locale=application.language_of(applicant),
        application=application,
        name=application.enquiry.first_name,
        link=invitation_link(token),
        expires_at=invitation.expires_at,
    )


@transactional
def invite_to_apply(enquiry: Enquiry, actor: User | None) -> Application:
    """Create the application (stage ``invited``), the applicant's account (no password
    yet) and a single-use invitation, mark the enquiry invited, and email the link.

    Refused with :class:`InvitationError` when the enquiry has no email address, already
    has an application, or is closed, or when the email address already has an account.
    """
    if enquiry.application is not None:
        raise InvitationError(RecruitmentCode.ALREADY_INVITED)
    if enquiry.status == EnquiryStatus.CLOSED.value:
        raise InvitationError(RecruitmentCode.ENQUIRY_CLOSED)
    if not enquiry.email:
        raise InvitationError(RecruitmentCode.EMAIL_NEEDED, field="email")
    email = normalise_email(enquiry.email)
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise InvitationError(RecruitmentCode.EMAIL_TAKEN, field="email")
    now = utcnow()
    applicant = User(
        email=email,
        name=enquiry.full_name,
        role=Role.APPLICANT.value,
        password_hash=None,
        # Written to, and shown the service, in the language they made their enquiry in.
        language=enquiry.preferred_language,
    )
    db.session.add(applicant)
    db.session.flush()
    application = Application(
        enquiry=enquiry,
        reference=new_application_reference(),
        stage=ApplicationStage.INVITED.value,
        stage_changed_at=now,
        invited_at=now,
        applicant_id=applicant.id,
        first_name=enquiry.first_name,
        last_name=enquiry.last_name,
        phone=enquiry.phone,
    )
    db.session.add(application)
    enquiry.status = EnquiryStatus.INVITED.value
    db.session.flush()
    invitation, token = new_invitation(application, user=applicant)
    db.session.flush()
    audit.record(actor, "applicant_created", applicant)
    audit.record(actor, "invited_to_apply", application, detail=f"enquiry={enquiry.id}")
    _send_invitation(application, token, invitation)
    return application


@transactional
def resend_invitation(application: Application, actor: User | None) -> Invitation:
    """A fresh link (the old ones stop working), for an applicant who has not yet set
    a password, for example because the first link expired."""
    if application.stage != ApplicationStage.INVITED.value:
        raise InvitationError(RecruitmentCode.INVITATION_ACCEPTED)
    invitation, token = new_invitation(application, user=application.applicant)
    db.session.flush()
    audit.record(actor, "invitation_resent", application)
    _send_invitation(application, token, invitation)
    return invitation


def check_token(token: str, *, consent: bool = False) -> TokenCheck:
    """Where the link stands. An account link is unknown on the consent page, and a
    consent link on the account set-up page."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token or ""))
    )
    if invitation is None or invitation.is_consent_link is not consent:
        return TokenCheck(TokenState.UNKNOWN)
    if invitation.used_at is not None:
        return TokenCheck(TokenState.USED, invitation)
    if invitation.expires_at <= utcnow():
        return TokenCheck(TokenState.EXPIRED, invitation)
    return TokenCheck(TokenState.VALID, invitation)


def invited_person(invitation: Invitation) -> User:
    """Whose account an account link sets up (links from before joint applicants had
    their own name no one: they are the main applicant's)."""
    return invitation.user or invitation.application.applicant


def accept_invitation(token: str, password: str) -> User:
    """Set the applicant's (main or joint) password and start their part of the
    application. Works once per link.

    Raises ``AccountError`` for a weak password (``field="password"``), and
    :class:`InvitationError` (``LINK_NOT_WORKING``) for a link that is unknown, used or
    expired.
    """
    check_password_rules(password)
    checked = check_token(token)
    if not checked.ok:
        raise InvitationError(RecruitmentCode.LINK_NOT_WORKING)
    invitation = checked.invitation
    now = utcnow()
    with transaction():
        # Claim the link in one statement, so two requests with it cannot both succeed.
        claimed = db.session.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
            .values(used_at=now)
        ).rowcount
        if claimed != 1:
            raise InvitationError(RecruitmentCode.LINK_NOT_WORKING)
        application = invitation.application
        applicant = invited_person(invitation)
        applicant.password_hash = hash_password(password)
        applicant.session_version = (applicant.session_version or 1) + 1
        applicant.failed_sign_ins = 0
        applicant.locked_until = None
        applicant.last_sign_in_at = now
        audit.record(applicant, "invitation_accepted", application)
        if (
            application.stage == ApplicationStage.INVITED.value
            and applicant.id == application.applicant_id
        ):
            move_stage(application, ApplicationStage.IN_PROGRESS, actor=applicant)
    return applicant
