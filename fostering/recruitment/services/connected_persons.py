"""Connected persons (kinship) assessments: a named child's relative or friend, from the
child's record to the viability assessment, temporary approval, the full assessment,
the fostering panel and the decision (``fostering.models.connected``).

Temporary approval follows regulations 26 and 27 of the Care Planning, Placement and
Case Review (Wales) Regulations 2015: at most 16 weeks from the day it starts, and, when
the full assessment will not be finished in time and it is in the child's interests,
one extension of up to 8 weeks approved by the nominated officer (a team manager here),
with the reason recorded. The panel and the decision maker are the fostering panel's
(``panels``, ``stage2``); approval adds the household to the carer register as a
connected carer for the named child (``carers.add_carer``).

Who may do what: the case's social worker or a team manager changes a case; a team
manager extends temporary approval; the agency decision maker decides. Every look at a
case and every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import Child, PanelMeeting, Role, User
from fostering.models.assessment import Recommendation
from fostering.models.carer import MAX_AGE, MAX_PLACES
from fostering.models.child import ChildStatus
from fostering.models.connected import ConnectedCase, ConnectedOutcome, ConnectedStage
from fostering.models.types import utcnow
from fostering.recruitment.services import carers, panels, stage2
from fostering.recruitment.services.casework import is_manager, office_today
from fostering.recruitment.services.terms import Terms
from fostering.services import audit, postcodes
from fostering.services.contact import normalise_postcode
from fostering.services.errors import ServiceError
from fostering.services.references import _unused
from fostering.services.transactions import transactional
from fostering.services.working_days import add_working_days

REFERENCE_PREFIX = "CP"
TEMPORARY_WEEKS = 16  # regulation 26(1)
EXTENSION_WEEKS = 8  # regulation 27: once, by the nominated officer
VIABILITY_WORKING_DAYS = 10  # the team's target for the initial assessment
NAMES_LIMIT = 200
RELATION_LIMIT = 100
TEXT_LIMIT = 5000


class ConnectedCode(StrEnum):
    NOT_CASE_WORKER = "not_case_worker"
    NOT_CHILDS_WORKER = "not_childs_worker"
    CHILD_CLOSED = "child_closed"
    NAMES_MISSING = "names_missing"
    RELATION_MISSING = "relation_missing"
    ADDRESS_MISSING = "address_missing"
    POSTCODE_INVALID = "postcode_invalid"
    TOO_LONG = "too_long"
    NOT_IN_VIABILITY = "not_in_viability"
    VIABILITY_REASONS_MISSING = "viability_reasons_missing"
    DATE_IN_FUTURE = "date_in_future"
    BEFORE_START = "before_start"
    BEFORE_VIABILITY = "before_viability"
    NOT_IN_ASSESSMENT = "not_in_assessment"
    TEMPORARY_ALREADY = "temporary_already"
    NO_TEMPORARY = "no_temporary"
    MANAGER_EXTENDS = "manager_extends"
    EXTENSION_USED = "extension_used"
    EXTENSION_AFTER_EXPIRY = "extension_after_expiry"
    EXTENSION_NOT_LATER = "extension_not_later"
    EXTENSION_TOO_LONG = "extension_too_long"
    EXTENSION_REASON_MISSING = "extension_reason_missing"
    SUMMARY_MISSING = "summary_missing"
    REPORT_BEFORE_PANEL = "report_before_panel"
    CHOOSE_MEETING = "choose_meeting"
    PANEL_DATE_PAST = "panel_date_past"
    PANEL_NOT_BOOKED = "panel_not_booked"
    PANEL_NOT_SAT = "panel_not_sat"
    PANEL_NOT_QUORATE = "panel_not_quorate"
    MINUTES_MISSING = "minutes_missing"
    RECOMMENDATION_MISSING = "recommendation_missing"
    DECISION_MAKER_SAT = "decision_maker_sat"
    DECIDED_BEFORE_PANEL = "decided_before_panel"
    DECISION_REASONS_MISSING = "decision_reasons_missing"
    REASONS_TO_DIFFER = "reasons_to_differ"
    POSTCODE_NOT_FOUND = "postcode_not_found"
    PLACES_RANGE = "places_range"


C = ConnectedCode
SENTENCES = {
    C.NOT_CASE_WORKER: _l(
        "Only the case's social worker or a team manager can change a connected persons case."
    ),
    C.NOT_CHILDS_WORKER: _l(
        "Only the child's social worker can start a connected persons assessment for them."
    ),
    C.CHILD_CLOSED: _l("The child's record is closed, so no assessment can be started."),
    C.NAMES_MISSING: _l("Enter the name of the connected person or people"),
    C.RELATION_MISSING: _l("Enter their relationship to the child"),
    C.ADDRESS_MISSING: _l("Enter their address"),
    C.POSTCODE_INVALID: _l("Enter a real postcode, like CF10 1AA"),
    C.TOO_LONG: _l("This must be %(count)d characters or fewer"),
    C.NOT_IN_VIABILITY: _l("The viability assessment has already been recorded."),
    C.VIABILITY_REASONS_MISSING: _l("Enter the reasons for a negative viability assessment"),
    C.DATE_IN_FUTURE: _l("The date must be today or in the past"),
    C.BEFORE_START: _l("The date must be on or after the day the case was started"),
    C.BEFORE_VIABILITY: _l("The date must be on or after the viability assessment"),
    C.NOT_IN_ASSESSMENT: _l(
        "This can only be done after a positive viability assessment and before the decision."
    ),
    C.TEMPORARY_ALREADY: _l("Temporary approval has already been given for this case."),
    C.NO_TEMPORARY: _l("Temporary approval has not been given, so it cannot be extended."),
    C.MANAGER_EXTENDS: _l(
        "Only a team manager, as the nominated officer, can extend temporary approval."
    ),
    C.EXTENSION_USED: _l(
        "Temporary approval has already been extended once. It cannot be extended again."
    ),
    C.EXTENSION_AFTER_EXPIRY: _l(
        "Temporary approval ended on %(date)s. It can only be extended before it ends."
    ),
    C.EXTENSION_NOT_LATER: _l("The new end date must be after %(date)s"),
    C.EXTENSION_TOO_LONG: _l(
        "The extension can be at most 8 weeks: the new end date must be %(date)s or earlier"
    ),
    C.EXTENSION_REASON_MISSING: _l(
        "Enter why the extension is in the child's interests and why the assessment is not finished"
    ),
    C.SUMMARY_MISSING: _l("Enter a summary of the full assessment"),
    C.REPORT_BEFORE_PANEL: _l("Complete the full assessment before booking the panel."),
    C.CHOOSE_MEETING: _l("Choose a panel meeting from the list"),
    C.PANEL_DATE_PAST: _l("That panel meeting has already taken place. Choose a later one."),
    C.PANEL_NOT_BOOKED: _l("Book the case into a panel meeting first."),
    C.PANEL_NOT_SAT: _l("The panel has not met yet. Record its recommendation afterwards."),
    C.PANEL_NOT_QUORATE: _l(
        "Only %(count)d sat on the panel; at least %(quorum)d must sit for it to recommend."
    ),
    C.MINUTES_MISSING: _l("Enter the panel's minutes for this case"),
    C.RECOMMENDATION_MISSING: _l("Record the panel's recommendation before the decision."),
    C.DECISION_MAKER_SAT: _l(
        "%(name)s sat on the panel that heard this case, so cannot make the decision."
    ),
    C.DECIDED_BEFORE_PANEL: _l("The decision must be on or after the panel meeting"),
    C.DECISION_REASONS_MISSING: _l("Enter the reasons the household is not approved"),
    C.REASONS_TO_DIFFER: _l("Enter your reasons for deciding differently from the panel"),
    C.POSTCODE_NOT_FOUND: _l(
        "The postcode %(postcode)s is not in the postcode directory, so matching could not "
        "place the household. Correct the case's address first."
    ),
    C.PLACES_RANGE: _l("Number of places must be between 1 and %(most)d"),
}


class ConnectedError(ServiceError):
    """A step of a connected persons case that cannot be taken."""

    sentences = SENTENCES


# --- Dates ---------------------------------------------------------------------------


def temporary_end(starts_on: date) -> date:
    """The last day of a temporary approval starting ``starts_on``: 16 weeks, inclusive."""
    return starts_on + timedelta(weeks=TEMPORARY_WEEKS) - timedelta(days=1)


def latest_extension(case: ConnectedCase) -> date | None:
    """The latest day an extension may run to: 8 weeks after the first period's end."""
    if case.temporary_until is None:
        return None
    return case.temporary_until + timedelta(weeks=EXTENSION_WEEKS)


def temporary_running(case: ConnectedCase) -> bool:
    """Temporary approval given and no decision yet."""
    return case.temporary_from is not None and case.stage_enum in (
        ConnectedStage.ASSESSMENT,
        ConnectedStage.PANEL,
    )


def in_breach(case: ConnectedCase, today: date) -> bool:
    """Temporary approval (with any extension) has ended without a decision: regulation
    27 requires the placement to end once other arrangements are made for the child."""
    ends = case.approval_ends
    return temporary_running(case) and ends is not None and ends < today


def may_extend(case: ConnectedCase, today: date) -> bool:
    return temporary_running(case) and case.extended_until is None and not in_breach(case, today)


# --- Who may see and change a case -------------------------------------------------


def may_view(case: ConnectedCase, user: User) -> bool:
    """Social workers see their own cases, team managers every case."""
    return is_manager(user) or (
        user.role == Role.SOCIAL_WORKER.value and case.social_worker_id == user.id
    )


def require_case_worker(case: ConnectedCase, actor: User) -> None:
    if not may_view(case, actor):
        raise ConnectedError(ConnectedCode.NOT_CASE_WORKER)


@transactional
def view_case(case: ConnectedCase, *, actor: User, detail: str | None = None) -> None:
    """Every look at a case (its page, or a form that shows it) is audited."""
    audit.record(actor, "connected_case_viewed", case, detail=detail)


def cases_for_child(child: Child) -> list[ConnectedCase]:
    return list(
        db.session.scalars(
            select(ConnectedCase)
            .where(ConnectedCase.child_id == child.id)
            .order_by(ConnectedCase.started_on.desc(), ConnectedCase.id.desc())
        )
    )


def cases_at_meeting(meeting: PanelMeeting, user: User) -> list[ConnectedCase]:
    """The connected persons cases booked into a panel meeting that ``user`` may see."""
    cases = db.session.scalars(
        select(ConnectedCase)
        .where(ConnectedCase.meeting_id == meeting.id)
        .order_by(ConnectedCase.id)
    )
    return [case for case in cases if may_view(case, user)]


def connected_carer_ids(carer_ids: list[int]) -> set[int]:
    """Which of these carers on the register are connected carers (approved for a child)."""
    if not carer_ids:
        return set()
    return set(
        db.session.scalars(
            select(ConnectedCase.carer_id).where(ConnectedCase.carer_id.in_(carer_ids))
        )
    )


def case_for_carer(carer_id: int) -> ConnectedCase | None:
    return db.session.scalar(select(ConnectedCase).where(ConnectedCase.carer_id == carer_id))


# --- Starting a case -------------------------------------------------------------------


@dataclass(frozen=True)
class Household:
    """The connected person or people, as the child's social worker records them."""

    names: str
    relation: str
    address: str
    postcode: str
    household_adults: str = ""


def _text(value: str | None, code: ConnectedCode, field: str, limit: int) -> str:
    text = " ".join((value or "").split()) if limit <= NAMES_LIMIT else (value or "").strip()
    if not text:
        raise ConnectedError(code, field=field)
    if len(text) > limit:
        raise ConnectedError(ConnectedCode.TOO_LONG, field=field, count=limit)
    return text


def _clean_household(household: Household) -> dict:
    postcode = normalise_postcode(household.postcode or "")
    if postcode is None:
        raise ConnectedError(ConnectedCode.POSTCODE_INVALID, field="postcode")
    adults = "\n".join(
        " ".join(line.split()) for line in (household.household_adults or "").splitlines()
    ).strip()
    if len(adults) > TEXT_LIMIT:
        raise ConnectedError(ConnectedCode.TOO_LONG, field="household_adults", count=TEXT_LIMIT)
    return {
        "names": _text(household.names, ConnectedCode.NAMES_MISSING, "names", NAMES_LIMIT),
        "relation": _text(
            household.relation, ConnectedCode.RELATION_MISSING, "relation", RELATION_LIMIT
        ),
        "address": _text(household.address, ConnectedCode.ADDRESS_MISSING, "address", 1000),
        "postcode": postcode,
        "household_adults": adults,
    }


@transactional
def start_case(child: Child, household: Household, *, actor: User) -> ConnectedCase:
    """The child's social worker starts an assessment of the child's relative or friend;
    the viability assessment falls due in 10 working days."""
    if actor.role != Role.SOCIAL_WORKER.value or child.social_worker_id != actor.id:
        raise ConnectedError(ConnectedCode.NOT_CHILDS_WORKER)
    if child.status == ChildStatus.CLOSED.value:
        raise ConnectedError(ConnectedCode.CHILD_CLOSED)
    today = office_today()
    case = ConnectedCase(
        reference=_unused(REFERENCE_PREFIX, ConnectedCase.reference),
        child_id=child.id,
        social_worker_id=actor.id,
        stage=ConnectedStage.VIABILITY.value,
        started_on=today,
        viability_due=add_working_days(today, VIABILITY_WORKING_DAYS),
        **_clean_household(household),
    )
    db.session.add(case)
    db.session.flush()
    audit.record(actor, "connected_case_started", case, detail=f"child={child.id}")
    return case


# --- Viability -------------------------------------------------------------------------


def _not_in_future(day: date, field: str) -> None:
    if day > office_today():
        raise ConnectedError(ConnectedCode.DATE_IN_FUTURE, field=field)


@transactional
def record_viability(
    case: ConnectedCase, *, actor: User, outcome: str, reasons: str, assessed_on: date
) -> ConnectedCase:
    """The initial assessment: positive goes on to the full assessment, negative ends
    the case with its reasons."""
    require_case_worker(case, actor)
    if case.stage_enum is not ConnectedStage.VIABILITY:
        raise ConnectedError(ConnectedCode.NOT_IN_VIABILITY)
    result = ConnectedOutcome(outcome)
    reasons = (reasons or "").strip()
    if result is ConnectedOutcome.NEGATIVE and not reasons:
        raise ConnectedError(ConnectedCode.VIABILITY_REASONS_MISSING, field="reasons")
    if len(reasons) > TEXT_LIMIT:
        raise ConnectedError(ConnectedCode.TOO_LONG, field="reasons", count=TEXT_LIMIT)
    _not_in_future(assessed_on, "assessed_on")
    if assessed_on < case.started_on:
        raise ConnectedError(ConnectedCode.BEFORE_START, field="assessed_on")
    case.viability_outcome = result.value
    case.viability_reasons = reasons or None
    case.viability_on = assessed_on
    case.stage = (
        ConnectedStage.ASSESSMENT if result is ConnectedOutcome.POSITIVE
        else ConnectedStage.NOT_VIABLE
    ).value  # fmt: skip
    audit.record(actor, "connected_viability_recorded", case, detail=f"outcome={result}")
    return case


# --- Temporary approval and its one extension ----------------------------------------


def _require_undecided(case: ConnectedCase) -> None:
    if case.stage_enum not in (ConnectedStage.ASSESSMENT, ConnectedStage.PANEL):
        raise ConnectedError(ConnectedCode.NOT_IN_ASSESSMENT)


@transactional
def grant_temporary_approval(case: ConnectedCase, *, actor: User, starts_on: date) -> ConnectedCase:
    """Approve the household temporarily as foster carers for the named child, for 16
    weeks from ``starts_on`` while the full assessment is done (regulation 26)."""
    require_case_worker(case, actor)
    _require_undecided(case)
    if case.temporary_from is not None:
        raise ConnectedError(ConnectedCode.TEMPORARY_ALREADY)
    _not_in_future(starts_on, "starts_on")
    if case.viability_on is not None and starts_on < case.viability_on:
        raise ConnectedError(ConnectedCode.BEFORE_VIABILITY, field="starts_on")
    case.temporary_from = starts_on
    case.temporary_until = temporary_end(starts_on)
    case.temporary_by_id = actor.id
    audit.record(actor, "connected_temporary_approved", case)
    return case


@transactional
def extend_temporary_approval(
    case: ConnectedCase, *, actor: User, until: date, reason: str
) -> ConnectedCase:
    """The nominated officer's one extension of up to 8 weeks, before the approval ends,
    when the full assessment will not be finished in time (regulation 27)."""
    if not is_manager(actor):
        raise ConnectedError(ConnectedCode.MANAGER_EXTENDS)
    _require_undecided(case)
    if case.temporary_until is None:
        raise ConnectedError(ConnectedCode.NO_TEMPORARY)
    if case.extended_until is not None:
        raise ConnectedError(ConnectedCode.EXTENSION_USED)
    today = office_today()
    if case.temporary_until < today:
        raise ConnectedError(
            ConnectedCode.EXTENSION_AFTER_EXPIRY,
            date=format_date(case.temporary_until, "d MMMM yyyy"),
        )
    if until <= case.temporary_until:
        raise ConnectedError(
            ConnectedCode.EXTENSION_NOT_LATER,
            field="until",
            date=format_date(case.temporary_until, "d MMMM yyyy"),
        )
    latest = latest_extension(case)
    if until > latest:
        raise ConnectedError(
            ConnectedCode.EXTENSION_TOO_LONG, field="until", date=format_date(latest, "d MMMM yyyy")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ConnectedError(ConnectedCode.EXTENSION_REASON_MISSING, field="reason")
    if len(reason) > TEXT_LIMIT:
        raise ConnectedError(ConnectedCode.TOO_LONG, field="reason", count=TEXT_LIMIT)
    case.extended_until = until
    case.extension_reason = reason
    case.extended_by_id = actor.id
    case.extended_on = today
    audit.record(actor, "connected_temporary_extended", case)
    return case


# --- The full assessment and the fostering panel -------------------------------------


@transactional
def complete_assessment(
    case: ConnectedCase, *, actor: User, summary: str, completed_on: date
) -> ConnectedCase:
    require_case_worker(case, actor)
    if case.stage_enum is not ConnectedStage.ASSESSMENT:
        raise ConnectedError(ConnectedCode.NOT_IN_ASSESSMENT)
    summary = (summary or "").strip()
    if not summary:
        raise ConnectedError(ConnectedCode.SUMMARY_MISSING, field="summary")
    if len(summary) > TEXT_LIMIT:
        raise ConnectedError(ConnectedCode.TOO_LONG, field="summary", count=TEXT_LIMIT)
    _not_in_future(completed_on, "completed_on")
    if case.viability_on is not None and completed_on < case.viability_on:
        raise ConnectedError(ConnectedCode.BEFORE_VIABILITY, field="completed_on")
    case.report_summary = summary
    case.report_on = completed_on
    audit.record(actor, "connected_assessment_completed", case)
    return case


@transactional
def book_panel(case: ConnectedCase, meeting_id: int | None, *, actor: User) -> ConnectedCase:
    """Book the case into a fostering panel meeting that has not yet sat (or move it to
    another before the panel has recommended)."""
    require_case_worker(case, actor)
    meeting = db.session.get(PanelMeeting, meeting_id) if meeting_id else None
    if meeting is None:
        raise ConnectedError(ConnectedCode.CHOOSE_MEETING, field="meeting")
    if meeting.meeting_date < office_today():
        raise ConnectedError(ConnectedCode.PANEL_DATE_PAST, field="meeting")
    stage = case.stage_enum
    if stage is ConnectedStage.PANEL and case.panel_recommendation is None:
        pass  # re-booking before the panel has sat
    elif stage is ConnectedStage.ASSESSMENT:
        if case.report_on is None:
            raise ConnectedError(ConnectedCode.REPORT_BEFORE_PANEL)
    else:
        raise ConnectedError(ConnectedCode.NOT_IN_ASSESSMENT)
    case.meeting_id = meeting.id
    case.stage = ConnectedStage.PANEL.value
    audit.record(actor, "connected_panel_booked", case, detail=f"meeting={meeting.id}")
    return case


@transactional
def record_panel_recommendation(
    case: ConnectedCase, *, actor: User, recommendation: str, minutes: str
) -> ConnectedCase:
    """What a quorate panel recommended, once it has met, with its minutes."""
    require_case_worker(case, actor)
    meeting = case.meeting
    if case.stage_enum is not ConnectedStage.PANEL or meeting is None:
        raise ConnectedError(ConnectedCode.PANEL_NOT_BOOKED)
    if meeting.meeting_date > office_today():
        raise ConnectedError(ConnectedCode.PANEL_NOT_SAT)
    if not panels.is_quorate(meeting):
        raise ConnectedError(
            ConnectedCode.PANEL_NOT_QUORATE, count=meeting.attendance, quorum=panels.quorum()
        )
    result = Recommendation(recommendation)
    minutes = (minutes or "").strip()
    if not minutes:
        raise ConnectedError(ConnectedCode.MINUTES_MISSING, field="minutes")
    if len(minutes) > 4 * TEXT_LIMIT:
        raise ConnectedError(ConnectedCode.TOO_LONG, field="minutes", count=4 * TEXT_LIMIT)
    case.panel_recommendation = result.value
    case.panel_minutes = minutes
    case.panel_recorded_at = utcnow()
    audit.record(actor, "connected_panel_recorded", case, detail=f"result={result}")
    return case


# --- The decision ---------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    decision: str  # Recommendation value
    decided_on: date
    reasons: str = ""
    places: int = 1
    weekly_allowance_pence: int = 0
    welsh_speaking: bool = False


def siblings_of(child: Child) -> list[Child]:
    if child.sibling_group_id is None:
        return [child]
    return list(
        db.session.scalars(
            select(Child).where(Child.sibling_group_id == child.sibling_group_id).order_by(Child.id)
        )
    )


def _terms(case: ConnectedCase, decision: Decision, postcode: str) -> Terms:
    if not 1 <= decision.places <= MAX_PLACES:
        raise ConnectedError(ConnectedCode.PLACES_RANGE, field="places", most=MAX_PLACES)
    types = []
    for child in siblings_of(case.child):
        if child.placement_type not in types:
            types.append(child.placement_type)
    # The approval is for the named child (and their brothers and sisters): matching
    # keeps it to them, so the age range and sexes are left open.
    return Terms(
        places=decision.places,
        min_age=0,
        max_age=MAX_AGE,
        placement_types=tuple(types),
        welsh_speaking=decision.welsh_speaking,
        postcode=postcode,
        weekly_allowance_pence=max(decision.weekly_allowance_pence, 0),
    )


@transactional
def decide(case: ConnectedCase, decision: Decision, *, actor: User) -> ConnectedCase:
    """The agency decision maker's decision after the panel. Approval adds the household
    to the carer register as a connected carer for the named child; refusal flags that
    the child's placement there must end and a move be planned."""
    stage2.require_decision_maker(actor)
    meeting = case.meeting
    if case.stage_enum is not ConnectedStage.PANEL or meeting is None:
        raise ConnectedError(ConnectedCode.PANEL_NOT_BOOKED)
    if case.panel_recommendation is None:
        raise ConnectedError(ConnectedCode.RECOMMENDATION_MISSING)
    if stage2._sat_on(meeting, actor):
        raise ConnectedError(ConnectedCode.DECISION_MAKER_SAT, name=actor.name)
    result = Recommendation(decision.decision)
    _not_in_future(decision.decided_on, "decided_on")
    if decision.decided_on < meeting.meeting_date:
        raise ConnectedError(ConnectedCode.DECIDED_BEFORE_PANEL, field="decided_on")
    reasons = (decision.reasons or "").strip()
    if result is Recommendation.NOT_APPROVE and not reasons:
        raise ConnectedError(ConnectedCode.DECISION_REASONS_MISSING, field="reasons")
    if result.value != case.panel_recommendation and not reasons:
        raise ConnectedError(ConnectedCode.REASONS_TO_DIFFER, field="reasons")
    if len(reasons) > TEXT_LIMIT:
        raise ConnectedError(ConnectedCode.TOO_LONG, field="reasons", count=TEXT_LIMIT)
    case.decision = result.value
    case.decided_on = decision.decided_on
    case.decision_reasons = reasons or None
    case.decided_by_id = actor.id
    if result is Recommendation.APPROVE:
        found = postcodes.lookup(case.postcode)
        if found is None:
            raise ConnectedError(ConnectedCode.POSTCODE_NOT_FOUND, postcode=case.postcode)
        carer = carers.add_carer(
            household_name=case.names,
            terms=_terms(case, decision, found.postcode),
            approved_on=decision.decided_on,
            actor=actor,
        )
        case.carer_id = carer.id
        case.stage = ConnectedStage.APPROVED.value
    else:
        case.stage = ConnectedStage.REFUSED.value
        case.move_needed = case.temporary_from is not None
    audit.record(actor, "connected_decided", case, detail=f"decision={result}")
    return case
