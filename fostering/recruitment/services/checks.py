"""Stage 1: the checks on a household, and the decision to proceed to Stage 2 or not.

Allocating an application generates its checks (see :func:`generate_checks`): an
enhanced DBS check for every adult in the household, a reference from each referee, a
medical for each applicant, the local authority checks, and an overseas check for each
applicant who lived outside the UK in the last 10 years, each due a set number of
working days after it was asked for.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from fostering.extensions import db
from fostering.models import Application, ApplicationStage, CheckItem, Stage1Decision, User
from fostering.models.application import RefereeKind
from fostering.models.assessment import (
    CheckKind,
    CheckPerson,
    CheckStatus,
    FormFSection,
    FormFSectionKey,
    Stage1Outcome,
)
from fostering.recruitment.services.application_stages import move_stage
from fostering.recruitment.services.casework import (
    CaseworkError,
    office_today,
    require_case_worker,
)
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.services import audit
from fostering.services.transactions import transaction, transactional
from fostering.services.working_days import add_working_days

# How long each kind of check is given, in working days from when it is asked for.
CHECK_WORKING_DAYS = {
    CheckKind.DBS: 30,
    CheckKind.REFERENCE_PERSONAL: 15,
    CheckKind.REFERENCE_EMPLOYER: 15,
    CheckKind.REFERENCE_FORMER_PARTNER: 15,
    CheckKind.REFERENCE_PREVIOUS_FOSTERING: 15,
    CheckKind.MEDICAL: 20,
    CheckKind.LA_CHECK: 10,
    # A certificate of good conduct from another country's police takes longer.
    CheckKind.OVERSEAS: 40,
}

# "Leave it as it is" for an argument whose None means "clear it".
UNCHANGED = object()

REFERENCE_KINDS = {
    RefereeKind.PERSONAL.value: CheckKind.REFERENCE_PERSONAL,
    RefereeKind.EMPLOYER.value: CheckKind.REFERENCE_EMPLOYER,
    RefereeKind.FORMER_PARTNER.value: CheckKind.REFERENCE_FORMER_PARTNER,
    RefereeKind.PREVIOUS_FOSTERING.value: CheckKind.REFERENCE_PREVIOUS_FOSTERING,
}


def checks_for(application: Application) -> list[CheckItem]:
    return list(
        db.session.scalars(
            select(CheckItem)
            .where(CheckItem.application_id == application.id)
            .order_by(CheckItem.due_on, CheckItem.id)
        )
    )


def _new_check(application, kind: CheckKind, requested_on: date, **fields) -> CheckItem:
    check = CheckItem(
        application_id=application.id,
        kind=kind.value,
        requested_on=requested_on,
        due_on=add_working_days(requested_on, CHECK_WORKING_DAYS[kind]),
        status=CheckStatus.REQUESTED.value,
        **fields,
    )
    db.session.add(check)
    return check


def generate_checks(
    application: Application, *, actor: User | None, today: date | None = None
) -> list[CheckItem]:
    """Add the Stage 1 checks for ``application`` (once: a second call adds nothing).

    Joins the caller's transaction (allocation's).
    """
    if db.session.scalar(select(CheckItem.id).where(CheckItem.application_id == application.id)):
        return []
    today = today or office_today()
    added: list[CheckItem] = []
    applicants = [(CheckPerson.APPLICANT, application.applicant_name)]
    if application.has_joint_applicant:
        applicants.append((CheckPerson.JOINT, application.joint_applicant_name or ""))
    for person, name in applicants:
        added.append(
            _new_check(application, CheckKind.DBS, today, person=person.value, subject_name=name)
        )
    for member in application.household_members:
        if member.lives_here and member.is_adult_on(today):
            added.append(
                _new_check(
                    application,
                    CheckKind.DBS,
                    today,
                    person=CheckPerson.MEMBER.value,
                    household_member_id=member.id,
                    subject_name=member.full_name,
                )
            )
    for referee in application.referees:
        kind = REFERENCE_KINDS.get(referee.kind)
        if kind is not None:
            added.append(
                _new_check(
                    application, kind, today, referee_id=referee.id, subject_name=referee.full_name
                )
            )
    for person, name in applicants:
        added.append(
            _new_check(
                application, CheckKind.MEDICAL, today, person=person.value, subject_name=name
            )
        )
    added.append(_new_check(application, CheckKind.LA_CHECK, today, subject_name=""))
    added += _overseas_checks(application, applicants, today)
    db.session.flush()
    audit.record(actor, "checks_generated", application, detail=f"count={len(added)}")
    return added


def _overseas_checks(application: Application, applicants, today: date) -> list[CheckItem]:
    """One overseas check for each applicant with an address outside the UK in the last
    10 years, naming the countries."""
    from fostering.recruitment.services.applications import overseas_addresses

    abroad = overseas_addresses(application, today)
    added = []
    for person, name in applicants:
        countries = sorted({entry.country.strip() for entry in abroad if entry.person == person})
        if countries:
            added.append(
                _new_check(
                    application,
                    CheckKind.OVERSEAS,
                    today,
                    person=person.value,
                    subject_name=name,
                    notes=", ".join(countries),
                )
            )
    return added


def start_stage_1(application: Application, *, actor: User) -> Application:
    """The assessing worker starts Stage 1 (allocated → Stage 1)."""
    require_case_worker(application, actor)
    with transaction():
        move_stage(application, ApplicationStage.STAGE_1, actor=actor)
    return application


@transactional
def update_check(
    check: CheckItem,
    *,
    actor: User,
    status: str,
    received_on: date | None = None,
    notes: str | None = None,
    dbs_certificate_number: str | None = None,
    dbs_issued_on: date | object | None = UNCHANGED,
) -> CheckItem:
    """Record where a check has got to (and, for a DBS check, its certificate: a number
    of None and an issue date of ``UNCHANGED`` leave what is recorded alone)."""
    application = check.application
    require_case_worker(application, actor)
    if application.stage_enum not in (ApplicationStage.ALLOCATED, ApplicationStage.STAGE_1):
        raise CaseworkError(RecruitmentCode.CHECKS_CLOSED)
    if check.kind == CheckKind.DBS.value:
        if dbs_certificate_number is not None:
            check.dbs_certificate_number = dbs_number(dbs_certificate_number)
        if dbs_issued_on is not UNCHANGED:
            if dbs_issued_on is not None and dbs_issued_on > office_today():
                raise CaseworkError(RecruitmentCode.DBS_ISSUED_IN_FUTURE, field="dbs_issued_on")
            check.dbs_issued_on = dbs_issued_on
    new_status = CheckStatus(status)
    if new_status is not CheckStatus.REQUESTED:
        received_on = received_on or office_today()
        if received_on < check.requested_on:
            raise CaseworkError(RecruitmentCode.RECEIVED_BEFORE_REQUESTED, field="received_on")
        if received_on > office_today():
            raise CaseworkError(RecruitmentCode.RECEIVED_IN_FUTURE, field="received_on")
    else:
        received_on = None
    old = check.status
    check.status = new_status.value
    check.received_on = received_on
    if notes is not None:
        check.notes = notes.strip() or None
    audit.record(
        actor, "check_updated", check, detail=f"kind={check.kind} from={old} to={new_status}"
    )
    return check


def dbs_number(text: str | None) -> str | None:
    """A DBS certificate number as 12 digits (spaces and dashes dropped), None if empty."""
    digits = re.sub(r"[\s-]", "", text or "")
    if not digits:
        return None
    if not re.fullmatch(r"\d{12}", digits):
        raise CaseworkError(RecruitmentCode.DBS_NUMBER, field="dbs_certificate_number")
    return digits


def outstanding_checks(application: Application) -> list[CheckItem]:
    """Checks that are not back, or came back with concerns: they stop 'proceed'."""
    return [check for check in checks_for(application) if not check.is_satisfied]


def describe_check(check: CheckItem) -> str:
    if check.subject_name:
        return f"{check.kind_enum.label} ({check.subject_name})"
    return check.kind_enum.label


def decide_stage_1(
    application: Application, *, actor: User, outcome: str, reasons: str
) -> Stage1Decision:
    """Record the Stage 1 decision and move the case on.

    Proceed needs every check received or cleared; it moves the case to Stage 2 and sets
    up the Form F sections. Not proceeding can be decided at any point of Stage 1 (for
    example when a check raises concerns) and closes the case as not approved.
    """
    require_case_worker(application, actor)
    result = Stage1Outcome(outcome)
    reasons = (reasons or "").strip()
    if not reasons:
        raise CaseworkError(RecruitmentCode.REASONS_MISSING, field="reasons")
    if application.stage_enum is not ApplicationStage.STAGE_1:
        raise CaseworkError(RecruitmentCode.NOT_IN_STAGE_1, stage=application.stage_enum.label)
    if result is Stage1Outcome.PROCEED:
        waiting = outstanding_checks(application)
        if waiting:
            raise CaseworkError(
                RecruitmentCode.CHECKS_OUTSTANDING,
                field="outcome",
                checks="; ".join(describe_check(check) for check in waiting),
            )
    with transaction():
        decision = Stage1Decision(
            application_id=application.id,
            outcome=result.value,
            reasons=reasons,
            decided_on=office_today(),
            decided_by_id=actor.id,
        )
        db.session.add(decision)
        if result is Stage1Outcome.PROCEED:
            move_stage(application, ApplicationStage.STAGE_2, actor=actor)
            for key in FormFSectionKey:
                db.session.add(FormFSection(application_id=application.id, key=key.value))
        else:
            move_stage(application, ApplicationStage.NOT_APPROVED, actor=actor)
        db.session.flush()
        audit.record(actor, "stage_1_decided", application, detail=f"outcome={result}")
    return decision
