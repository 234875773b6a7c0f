"""Stage 1: the checks on a household, and the decision to proceed to Stage 2 or not:
the assessing worker recommends, and a team manager (never the one who recommended)
signs the recommendation off, which makes it the decision, or returns it.

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
from fostering.models import (
    Application,
    ApplicationStage,
    CheckItem,
    Stage1Decision,
    Stage1Recommendation,
    User,
)
from fostering.models.application import RefereeKind
from fostering.models.assessment import (
    CheckKind,
    CheckPerson,
    CheckStatus,
    FormFSection,
    FormFSectionKey,
    Stage1Outcome,
)
from fostering.models.casework import RecommendationStatus
from fostering.models.types import utcnow
from fostering.recruitment.services.application_stages import move_stage
from fostering.recruitment.services.casework import (
    CaseworkError,
    office_today,
    require_case_worker,
    require_manager,
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


def stage_1_recommendations(application: Application) -> list[Stage1Recommendation]:
    """Every Stage 1 recommendation made on the case, newest first."""
    return list(
        db.session.scalars(
            select(Stage1Recommendation)
            .where(Stage1Recommendation.application_id == application.id)
            .order_by(Stage1Recommendation.recommended_at.desc(), Stage1Recommendation.id.desc())
        )
    )


def pending_recommendation(application: Application) -> Stage1Recommendation | None:
    return db.session.scalar(
        select(Stage1Recommendation).where(
            Stage1Recommendation.application_id == application.id,
            Stage1Recommendation.status == RecommendationStatus.PENDING.value,
        )
    )


def _require_stage_1(application: Application) -> None:
    if application.stage_enum is not ApplicationStage.STAGE_1:
        raise CaseworkError(RecruitmentCode.NOT_IN_STAGE_1, stage=application.stage_enum.label)


def _require_checks_back(application: Application, outcome: Stage1Outcome) -> None:
    """Proceeding needs every check received or cleared."""
    if outcome is not Stage1Outcome.PROCEED:
        return
    waiting = outstanding_checks(application)
    if waiting:
        raise CaseworkError(
            RecruitmentCode.CHECKS_OUTSTANDING,
            field="outcome",
            checks="; ".join(describe_check(check) for check in waiting),
        )


@transactional
def recommend_stage_1(
    application: Application, *, actor: User, outcome: str, reasons: str
) -> Stage1Recommendation:
    """The assessing worker's Stage 1 recommendation, for a team manager to sign off.

    Proceeding needs every check received or cleared. Not proceeding can be recommended
    at any point of Stage 1 (for example when a check raises concerns).
    """
    require_case_worker(application, actor)
    result = Stage1Outcome(outcome)
    reasons = (reasons or "").strip()
    if not reasons:
        raise CaseworkError(RecruitmentCode.REASONS_MISSING, field="reasons")
    _require_stage_1(application)
    if pending_recommendation(application) is not None:
        raise CaseworkError(RecruitmentCode.RECOMMENDATION_PENDING)
    _require_checks_back(application, result)
    recommendation = Stage1Recommendation(
        application_id=application.id,
        outcome=result.value,
        reasons=reasons,
        recommended_by_id=actor.id,
        recommended_at=utcnow(),
        status=RecommendationStatus.PENDING.value,
    )
    db.session.add(recommendation)
    db.session.flush()
    audit.record(actor, "stage_1_recommended", application, detail=f"outcome={result}")
    return recommendation


def _pending_for_manager(application: Application, actor: User) -> Stage1Recommendation:
    require_manager(actor, RecruitmentCode.MANAGER_SIGNS_OFF)
    _require_stage_1(application)
    recommendation = pending_recommendation(application)
    if recommendation is None:
        raise CaseworkError(RecruitmentCode.NOTHING_TO_SIGN_OFF)
    return recommendation


def sign_off_stage_1(application: Application, *, actor: User) -> Stage1Decision:
    """A team manager signs off the worker's recommendation: it becomes the Stage 1
    decision and the case moves on (to Stage 2 and its Form F sections, or closes as not
    approved). Nobody signs off their own recommendation."""
    with transaction():
        recommendation = _pending_for_manager(application, actor)
        if recommendation.recommended_by_id == actor.id:
            raise CaseworkError(RecruitmentCode.OWN_RECOMMENDATION, field="decision")
        result = recommendation.outcome_enum
        # A check may have changed since the recommendation was made.
        _require_checks_back(application, result)
        recommendation.status = RecommendationStatus.SIGNED_OFF.value
        recommendation.reviewed_by_id = actor.id
        recommendation.reviewed_at = utcnow()
        decision = Stage1Decision(
            application_id=application.id,
            outcome=result.value,
            reasons=recommendation.reasons,
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


@transactional
def return_stage_1(application: Application, *, actor: User, reason: str) -> Stage1Recommendation:
    """A team manager sends the recommendation back to the worker, saying why; the
    worker can then make another."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseworkError(RecruitmentCode.RETURN_REASON_MISSING, field="return_reason")
    recommendation = _pending_for_manager(application, actor)
    recommendation.status = RecommendationStatus.RETURNED.value
    recommendation.reviewed_by_id = actor.id
    recommendation.reviewed_at = utcnow()
    recommendation.return_reason = reason
    audit.record(actor, "stage_1_returned", application)
    return recommendation


def waiting_for_sign_off() -> list[Stage1Recommendation]:
    """Every Stage 1 recommendation waiting for a team manager, the oldest first."""
    return list(
        db.session.scalars(
            select(Stage1Recommendation)
            .where(Stage1Recommendation.status == RecommendationStatus.PENDING.value)
            .order_by(Stage1Recommendation.recommended_at, Stage1Recommendation.id)
        )
    )
