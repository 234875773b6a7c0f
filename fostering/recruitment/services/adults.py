"""Every adult signs for themselves.

The joint applicant gets their own account, invited by the main applicant when they
complete the joint applicant section: they sign in, fill in their own sections (health
and GP, convictions and children's services, consent to checks) and sign their own
declaration. Every other adult who lives in the household gets a link to a short page
where they consent to their own enhanced DBS check and disclose any convictions.

The main applicant sends the application only when everyone has done their part;
:func:`people` says who still has what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select

from fostering.auth.accounts import normalise_email
from fostering.extensions import db
from fostering.models import Application, ApplicationSection, HouseholdMember, Role, User
from fostering.models.application import Person, SectionKey
from fostering.models.invitation import Invitation
from fostering.models.types import utcnow
from fostering.recruitment.services import invitations
from fostering.recruitment.services.applications import (
    YES,
    ApplicationError,
    NotFound,
    Problem,
    incomplete_sections,
    own_sections_incomplete,
    require_editable,
)
from fostering.services import audit, mail
from fostering.services.transactions import after_commit, transaction

# --- The joint applicant --------------------------------------------------------------


def _joint_email(values: dict) -> str:
    return normalise_email(values.get("joint_email") or "")


def _reusable(user: User) -> bool:
    """An applicant account left behind when a joint applicant was taken off an
    application, and on none now: adding them again brings it back."""
    if user.role != Role.APPLICANT.value or user.active:
        return False
    on_one = select(Application.id).where(
        or_(Application.applicant_id == user.id, Application.joint_applicant_id == user.id)
    )
    return db.session.scalar(on_one.limit(1)) is None


def joint_details_problems(application: Application, values: dict) -> list[Problem]:
    """Joint applicant details that cannot be saved at all: an email address that is
    the main applicant's or another account's, or a change to the address a joint
    applicant already signs in with."""
    if values.get("has_joint_applicant") != YES or not _joint_email(values):
        return []
    email = _joint_email(values)
    joint = application.joint_applicant
    if joint is not None and joint.password_hash is not None:
        if email != joint.email:
            return [
                Problem(
                    "joint_email",
                    _l(
                        "Your joint applicant has already set up their account with "
                        "%(email)s, so it cannot be changed here. Contact the fostering "
                        "team if it needs to change.",
                        email=joint.email,
                    ),
                )
            ]
        return []
    if email == application.applicant.email:
        return [
            Problem("joint_email", _l("Enter your joint applicant's own email address, not yours"))
        ]
    other = db.session.scalar(select(User).where(User.email == email))
    if other is not None and other is not joint and not _reusable(other):
        return [
            Problem(
                "joint_email",
                _l(
                    "This email address already has an account. Enter a different email "
                    "address for your joint applicant."
                ),
            )
        ]
    return []


def invite_joint_applicant(application: Application, *, actor: User | None) -> User:
    """Make (or bring up to date) the joint applicant's account and, until they have set
    a password, email them a link to do so: when first invited, and again when their
    email address changes. Joins the caller's transaction."""
    email = normalise_email(application.joint_email or "")
    language = application.joint_language or application.language_of(application.applicant)
    joint = application.joint_applicant
    if joint is None:
        joint = db.session.scalar(select(User).where(User.email == email))
        if joint is None:
            joint = User(email=email, role=Role.APPLICANT.value, password_hash=None)
            db.session.add(joint)
            action = "joint_applicant_created"
        else:  # taken off an application earlier, and added again (see _reusable)
            joint.active = True
            action = "joint_applicant_added_again"
        joint.name = application.joint_applicant_name or email
        joint.language = language
        db.session.flush()
        application.joint_applicant_id = joint.id
        db.session.flush()
        audit.record(actor, action, joint, detail=f"application={application.id}")
        if joint.password_hash is None:
            _send_joint_invitation(application, joint, actor)
        return joint
    joint.name = application.joint_applicant_name or joint.name
    joint.language = language
    if joint.password_hash is None and joint.email != email:
        joint.email = email
        _send_joint_invitation(application, joint, actor)
    return joint


def _send_joint_invitation(application: Application, joint: User, actor: User | None) -> None:
    invitation, token = invitations.new_invitation(application, user=joint)
    db.session.flush()
    audit.record(actor, "joint_applicant_invited", application, detail=f"user={joint.id}")
    after_commit(
        lambda: mail.send_safely(
            joint.email,
            "joint_invitation",
            locale=application.language_of(joint),
            application=application,
            name=application.joint_first_name or joint.name,
            applicant_name=application.applicant_name,
            link=invitations.invitation_link(token),
            expires_at=invitation.expires_at,
        )
    )


def _expire_links(application: Application, *, user_id: int | None = None, member_id=None):
    now = utcnow()
    for invitation in application.invitations:
        if invitation.used_at is not None or invitation.expires_at <= now:
            continue
        if (user_id is not None and invitation.user_id == user_id) or (
            member_id is not None and invitation.household_member_id == member_id
        ):
            invitation.expires_at = now


def remove_joint_applicant(application: Application, *, actor: User | None) -> None:
    """Take the joint applicant off the application: their links stop working, their
    account is closed (and their sessions ended), and their own answers and declaration
    are deleted. Joins the caller's transaction."""
    joint = application.joint_applicant
    joint_keys = [key.value for key in SectionKey if key.owner is Person.JOINT]
    db.session.execute(
        delete(ApplicationSection).where(
            ApplicationSection.application_id == application.id,
            ApplicationSection.key.in_(joint_keys),
        )
    )
    db.session.expire(application, ["sections"])
    application.joint_declaration_agreed_at = None
    application.joint_language = None
    if joint is None:
        return
    _expire_links(application, user_id=joint.id)
    joint.active = False
    joint.session_version = (joint.session_version or 1) + 1
    application.joint_applicant_id = None
    db.session.flush()
    audit.record(actor, "joint_applicant_removed", application, detail=f"user={joint.id}")


# --- Adults in the household: their own consent to a DBS check -------------------------


def member_problems(application: Application, values: dict, today: date) -> list[Problem]:
    """An adult who lives here needs their own email address, for their consent link."""
    born = values.get("date_of_birth")
    lives_here = values.get("lives_here")
    if not born or lives_here is False or born > today:
        return []
    adult = HouseholdMember(date_of_birth=born, lives_here=True).needs_dbs_on(today)
    email = normalise_email(values.get("email") or "")
    if adult and not email:
        return [
            Problem(
                "email",
                _l(
                    "Enter their email address: everyone aged 18 or over who lives with "
                    "you consents to their own DBS check"
                ),
            )
        ]
    applicants = {application.applicant.email, normalise_email(application.joint_email or "")}
    if email and email in applicants:
        return [
            Problem(
                "email",
                _l("Enter their own email address, not yours or your joint applicant's"),
            )
        ]
    return []


def adults_in_household(application: Application, today: date) -> list[HouseholdMember]:
    return [m for m in application.household_members if m.needs_dbs_on(today)]


def household_problems(application: Application, today: date) -> list[Problem]:
    return [
        Problem(
            None,
            _l(
                "Add an email address for %(name)s: everyone aged 18 or over who lives "
                "with you consents to their own DBS check.",
                name=member.full_name,
            ),
        )
        for member in adults_in_household(application, today)
        if not member.email
    ]


def member_saved(
    member: HouseholdMember, before: dict | None, actor: User | None, today: date
) -> None:
    """After a household member is added (``before`` None) or changed: a new name or
    date of birth asks for their consent again; an adult who lives here and has not
    consented gets a link when first added or when their email address changes."""
    if before is not None and (
        before.get("full_name") != member.full_name
        or before.get("date_of_birth") != member.date_of_birth
    ):
        member.dbs_consent_at = None
        member.has_convictions = None
        member.convictions_details = None
    if not member.needs_dbs_on(today) or not member.email or member.dbs_consent_at:
        return
    if before is None or before.get("email") != member.email or _no_live_link(member):
        send_consent_link(member, actor)


def _no_live_link(member: HouseholdMember) -> bool:
    now = utcnow()
    return not any(
        invitation.household_member_id == member.id
        and invitation.used_at is None
        and invitation.expires_at > now
        for invitation in member.application.invitations
    )


def send_consent_link(member: HouseholdMember, actor: User | None) -> Invitation:
    """Email ``member`` a new link to their consent page (earlier ones stop working), in
    the main applicant's language. Joins the caller's transaction."""
    application = member.application
    invitation, token = invitations.new_invitation(application, member=member)
    db.session.flush()
    audit.record(actor, "dbs_consent_requested", member, detail=f"application={application.id}")
    email = member.email
    after_commit(
        lambda: mail.send_safely(
            email,
            "dbs_consent_request",
            locale=application.language_of(application.applicant),
            application=application,
            name=member.full_name,
            applicant_name=application.applicant_name,
            link=invitations.invitation_link(token, consent=True),
            expires_at=invitation.expires_at,
        )
    )
    return invitation


@dataclass(frozen=True)
class ConsentAnswers:
    agreed: bool
    has_convictions: str | None
    convictions_details: str | None


def give_consent(token: str, answers: ConsentAnswers) -> HouseholdMember:
    """A household member's consent to their DBS check, with what they disclose. Once
    per link; the application must still be open to changes.

    Raises :class:`ApplicationError` with what to fix, or
    :class:`invitations.InvitationError` (``LINK_NOT_WORKING``) for a link that is
    unknown, used or expired."""
    checked = invitations.check_token(token, consent=True)
    if not checked.ok:
        raise invitations.InvitationError(invitations.RecruitmentCode.LINK_NOT_WORKING)
    invitation = checked.invitation
    member = invitation.household_member
    require_editable(invitation.application)
    details = (answers.convictions_details or "").strip()
    problems = []
    if answers.has_convictions not in ("yes", "no"):
        problems.append(
            Problem(
                "has_convictions",
                _l(
                    "Select yes if you have ever been convicted of an offence or received a caution"
                ),
            )
        )
    elif answers.has_convictions == "yes" and not details:
        problems.append(
            Problem(
                "convictions_details",
                _l("Tell us about each conviction or caution, and when it was"),
            )
        )
    if not answers.agreed:
        problems.append(Problem("agree", _l("Confirm that you agree to an enhanced DBS check")))
    if problems:
        raise ApplicationError(problems)
    now = utcnow()
    with transaction():
        invitation.used_at = now
        member.dbs_consent_at = now
        member.has_convictions = answers.has_convictions == "yes"
        member.convictions_details = details if member.has_convictions else None
        audit.record(
            None, "dbs_consent_given", member, detail=f"application={member.application_id}"
        )
    return member


# --- Sending a link again -----------------------------------------------------------


def resend_link(application: Application, *, actor: User, member_id: int | None = None):
    """A fresh link for the joint applicant (``member_id`` None) or a household member,
    who has not done their part yet. Only the main applicant asks for one."""
    require_editable(application)
    if application.applicant_id != actor.id:
        raise NotFound(application.id)
    with transaction():
        if member_id is None:
            joint = application.joint_applicant
            if joint is None or joint.password_hash is not None:
                raise NotFound("joint")
            _send_joint_invitation(application, joint, actor)
            return joint
        member = next((m for m in application.household_members if m.id == member_id), None)
        if member is None or not member.email or member.dbs_consent_at is not None:
            raise NotFound(member_id)
        return send_consent_link(member, actor)


# --- Who still has what to do -------------------------------------------------------


def format_day(value: datetime) -> str:
    return format_date(value, "d MMMM yyyy")


@dataclass
class AdultProgress:
    """One adult's part, for the task list: who they are, where they have got to, and
    what they still have to do."""

    name: str
    role: object
    status: object
    done: bool
    to_do: list = field(default_factory=list)
    # The person the main applicant can send a link to again: "joint" or a member id.
    resend: str | int | None = None


def _latest_link(application: Application, *, user_id=None, member_id=None) -> datetime | None:
    times = [
        invitation.created_at
        for invitation in application.invitations
        if (user_id is not None and invitation.user_id == user_id)
        or (member_id is not None and invitation.household_member_id == member_id)
    ]
    return max(times) if times else None


def people(application: Application, viewer: Person, today: date | None = None):
    """Each adult's part: for the main applicant everyone; for the joint applicant only
    their own."""
    today = today or date.today()
    rows: list[AdultProgress] = []
    main_to_do = [
        key.label for key in incomplete_sections(application) if key.owner is not Person.JOINT
    ]
    if viewer is Person.APPLICANT:
        if main_to_do:
            status = _l("Still to do")
        elif waiting_for_others(application, today):
            status = _l(
                "Your sections are complete. You can send the application once everyone "
                "else has done their part."
            )
        else:
            status = _l("Ready to send")
        rows.append(
            AdultProgress(
                name=application.applicant_name,
                role=_l("You"),
                status=status,
                done=False,
                to_do=[*main_to_do, _l("Sign the declaration and send the application")],
            )
        )
    if application.has_joint_applicant:
        rows.append(_joint_progress(application, viewer))
    if viewer is Person.APPLICANT:
        rows += [
            _member_progress(application, member)
            for member in adults_in_household(application, today)
        ]
    return rows


def _joint_progress(application: Application, viewer: Person) -> AdultProgress:
    joint = application.joint_applicant
    name = application.joint_applicant_name or ""
    role = _l("You") if viewer is Person.JOINT else _l("Joint applicant")
    if joint is None:
        return AdultProgress(
            name,
            role,
            _l("We will invite them once you complete the joint applicant section"),
            False,
        )
    if joint.password_hash is None:
        sent = _latest_link(application, user_id=joint.id)
        return AdultProgress(
            name,
            role,
            _l(
                "Invitation sent to %(email)s on %(date)s. They have not set up their account yet.",
                email=joint.email,
                date=format_day(sent) if sent else "",
            ),
            False,
            resend="joint",
        )
    to_do = [key.own_version.label for key in own_sections_incomplete(application, Person.JOINT)]
    if application.joint_declaration_agreed_at is not None:
        return AdultProgress(
            name,
            role,
            _l(
                "Declaration signed on %(date)s",
                date=format_day(application.joint_declaration_agreed_at),
            ),
            True,
        )
    return AdultProgress(
        name, role, _l("Still to do"), False, [*to_do, _l("Sign their own declaration")]
    )


def _member_progress(application, member: HouseholdMember) -> AdultProgress:
    role = _l("Lives with you")
    if member.dbs_consent_at is not None:
        return AdultProgress(
            member.full_name,
            role,
            _l("Consented to their DBS check on %(date)s", date=format_day(member.dbs_consent_at)),
            True,
        )
    if not member.email:
        return AdultProgress(
            member.full_name,
            role,
            _l("Add their email address so we can send them a link to consent to their DBS check"),
            False,
        )
    sent = _latest_link(application, member_id=member.id)
    return AdultProgress(
        member.full_name,
        role,
        _l(
            "Link to consent to their DBS check sent to %(email)s on %(date)s. They have "
            "not consented yet.",
            email=member.email,
            date=format_day(sent) if sent else "",
        ),
        False,
        resend=member.id,
    )


def waiting_for_others(application: Application, today: date | None = None) -> list:
    """Why the main applicant cannot send the application yet because of another adult."""
    today = today or date.today()
    messages = []
    if application.has_joint_applicant and application.joint_declaration_agreed_at is None:
        messages.append(
            _l(
                "%(name)s, your joint applicant, has not finished their part and signed "
                "their declaration yet.",
                name=application.joint_applicant_name or "",
            )
        )
    messages += [
        _l("%(name)s has not consented to their DBS check yet.", name=member.full_name)
        for member in adults_in_household(application, today)
        if member.dbs_consent_at is None
    ]
    return messages
