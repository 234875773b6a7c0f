"""Checks an approved household keeps up: an enhanced DBS check for every adult living
there, renewed every ``DBS_RENEWAL_YEARS``; a medical update for each foster carer every
``CARER_MEDICAL_YEARS``; and each carer's training (:class:`TrainingCourse`: the
Learning and Development Standards within the first year, then safeguarding and
paediatric first aid kept current).

What is due is worked out, not stored: for each adult living in the household and each
check they need, the newest record says when it runs out. An adult with no record yet
(someone who has just joined the household) has it outstanding from the day they
joined, so a new adult's DBS check shows as overdue until it is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from fostering.extensions import db
from fostering.models import FosterCarer, User
from fostering.models.carer import ENDED_STATUSES
from fostering.models.carer_life import (
    AdultRole,
    CarerCheckKind,
    CarerCheckRecord,
    HouseholdAdult,
    TrainingCourse,
)
from fostering.recruitment.services.carer_life_errors import CarerLifeCode, CarerLifeError
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.supervision import require_supervisor
from fostering.services import audit
from fostering.services.transactions import transactional

# How long each course lasts once done (None: it does not run out), and how long a new
# carer has to do it.
COURSE_YEARS: dict[TrainingCourse, int | None] = {
    TrainingCourse.LEARNING_STANDARDS: None,
    TrainingCourse.SAFEGUARDING: 3,
    TrainingCourse.FIRST_AID: 3,
}
FIRST_YEAR = 1  # a new carer has a year to do each course
NAME_LIMIT = 200
NOTES_LIMIT = 5000

OVERDUE = "overdue"
DUE_SOON = "due_soon"
CURRENT = "current"


def _config(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def warning_days() -> int:
    return _config("CARER_CHECK_WARNING_DAYS", 60)


def add_years(day: date, years: int) -> date:
    """The same day ``years`` on (28 February for 29 February): never later."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expiry_for(kind: CarerCheckKind, course: TrainingCourse | None, done_on: date) -> date | None:
    """When a check done on ``done_on`` runs out, by the council's intervals."""
    if kind is CarerCheckKind.DBS:
        years: int | None = _config("DBS_RENEWAL_YEARS", 3)
    elif kind is CarerCheckKind.MEDICAL:
        years = _config("CARER_MEDICAL_YEARS", 2)
    else:
        years = COURSE_YEARS.get(course) if course else None
    return None if years is None else add_years(done_on, years)


@dataclass(frozen=True)
class Requirement:
    """One check one adult needs, and where it stands."""

    adult: HouseholdAdult
    kind: CarerCheckKind
    course: TrainingCourse | None
    latest: CarerCheckRecord | None
    due_on: date | None  # None: done and does not run out
    state: str  # OVERDUE, DUE_SOON or CURRENT

    @property
    def title(self) -> str:
        return self.course.label if self.course else self.kind.label

    @property
    def outstanding(self) -> bool:
        """Never done for this adult."""
        return self.latest is None

    @property
    def query(self) -> dict[str, str]:
        """The record page's query string for doing this check."""
        args = {"adult": str(self.adult.id)}
        if self.course:
            args["course"] = self.course.value
        return args


def needs(adult: HouseholdAdult) -> list[tuple[CarerCheckKind, TrainingCourse | None]]:
    """Every adult needs a DBS check; a foster carer a medical and the training too."""
    wanted: list[tuple[CarerCheckKind, TrainingCourse | None]] = [(CarerCheckKind.DBS, None)]
    if adult.role == AdultRole.CARER.value:
        wanted.append((CarerCheckKind.MEDICAL, None))
        wanted.extend((CarerCheckKind.TRAINING, course) for course in TrainingCourse)
    return wanted


def _first_due(adult: HouseholdAdult, kind: CarerCheckKind, course: TrainingCourse | None):
    """When a check never done falls due: at once for DBS and medicals, within the first
    year for training."""
    if kind is CarerCheckKind.TRAINING:
        start = max(adult.joined_on, adult.carer.approved_on)
        return add_years(start, FIRST_YEAR)
    return adult.joined_on


def _state(due_on: date | None, today: date) -> str:
    if due_on is None:
        return CURRENT
    if due_on < today:
        return OVERDUE
    if due_on <= today + timedelta(days=warning_days()):
        return DUE_SOON
    return CURRENT


def _latest(carer_ids: list[int]) -> dict[tuple, CarerCheckRecord]:
    latest: dict[tuple, CarerCheckRecord] = {}
    rows = db.session.scalars(
        select(CarerCheckRecord)
        .where(CarerCheckRecord.carer_id.in_(carer_ids))
        .order_by(CarerCheckRecord.completed_on, CarerCheckRecord.id)
    )
    for record in rows:
        latest[(record.adult_id, record.kind, record.course)] = record
    return latest


def requirements_for(adults: Iterable[HouseholdAdult], today: date) -> list[Requirement]:
    adults = list(adults)
    latest = _latest(sorted({adult.carer_id for adult in adults}))
    out = []
    for adult in adults:
        for kind, course in needs(adult):
            record = latest.get((adult.id, kind.value, course.value if course else None))
            due = record.expires_on if record else _first_due(adult, kind, course)
            out.append(Requirement(adult, kind, course, record, due, _state(due, today)))
    return out


def adults(carer: FosterCarer, *, include_left: bool = False) -> list[HouseholdAdult]:
    stmt = select(HouseholdAdult).where(HouseholdAdult.carer_id == carer.id)
    if not include_left:
        stmt = stmt.where(HouseholdAdult.left_on.is_(None))
    return list(db.session.scalars(stmt.order_by(HouseholdAdult.joined_on, HouseholdAdult.id)))


def household_requirements(carer: FosterCarer, today: date | None = None) -> list[Requirement]:
    return requirements_for(adults(carer), today or office_today())


def due(
    today: date | None = None, *, worker_id: int | None = None, carer_ids: list[int] | None = None
) -> list[Requirement]:
    """Checks overdue or running out within ``CARER_CHECK_WARNING_DAYS``, for households
    still fostering (of one supervising worker, or some households), soonest first."""
    today = today or office_today()
    stmt = (
        select(HouseholdAdult)
        .join(FosterCarer, FosterCarer.id == HouseholdAdult.carer_id)
        .where(HouseholdAdult.left_on.is_(None), FosterCarer.status.not_in(ENDED_STATUSES))
        .options(contains_eager(HouseholdAdult.carer))
    )
    if worker_id is not None:
        stmt = stmt.where(FosterCarer.supervising_worker_id == worker_id)
    if carer_ids is not None:
        stmt = stmt.where(FosterCarer.id.in_(carer_ids))
    found = [
        item for item in requirements_for(db.session.scalars(stmt), today) if item.state != CURRENT
    ]
    return sorted(found, key=lambda item: (item.due_on, item.adult.carer.household_name))


# --- Changing the household -------------------------------------------------------------


@transactional
def add_adult(
    carer: FosterCarer,
    *,
    name: str,
    role: str,
    joined_on: date | None,
    actor: User,
    today: date | None = None,
) -> HouseholdAdult:
    """Record an adult joining the household. Their checks are outstanding (a DBS check
    at once) until they are recorded."""
    require_supervisor(carer, actor)
    today = today or office_today()
    name = " ".join((name or "").split())
    if not name:
        raise CarerLifeError(CarerLifeCode.ADULT_NAME_MISSING, field="name")
    if role not in {choice.value for choice in AdultRole}:
        raise CarerLifeError(CarerLifeCode.CHOOSE_ADULT, field="role")
    joined_on = joined_on or today
    if joined_on > today:
        raise CarerLifeError(CarerLifeCode.ADULT_JOINED_IN_FUTURE, field="joined_on")
    adult = HouseholdAdult(
        carer_id=carer.id, name=name[:NAME_LIMIT], role=role, joined_on=joined_on
    )
    db.session.add(adult)
    db.session.flush()
    audit.record(actor, "household_adult_added", carer, detail=f"adult={adult.id} role={role}")
    return adult


@transactional
def adult_left(
    adult: HouseholdAdult, *, left_on: date | None, actor: User, today: date | None = None
) -> HouseholdAdult:
    """Record an adult leaving the household: they need no more checks."""
    require_supervisor(adult.carer, actor)
    today = today or office_today()
    if adult.left_on is not None:
        raise CarerLifeError(CarerLifeCode.ADULT_ALREADY_LEFT)
    left_on = left_on or today
    if left_on > today:
        raise CarerLifeError(CarerLifeCode.STATUS_DATE_IN_FUTURE, field="left_on")
    if left_on < adult.joined_on:
        raise CarerLifeError(
            CarerLifeCode.ADULT_LEFT_BEFORE_JOINING, field="left_on", date=adult.joined_on
        )
    adult.left_on = left_on
    audit.record(actor, "household_adult_left", adult.carer, detail=f"adult={adult.id}")
    return adult


DBS_NUMBER = re.compile(r"\d{12}")


@transactional
def record_check(
    carer: FosterCarer,
    *,
    adult_id: int | None,
    kind: str,
    course: str | None,
    completed_on: date | None,
    expires_on: date | None = None,
    dbs_certificate_number: str | None = None,
    notes: str | None = None,
    actor: User,
    today: date | None = None,
) -> CarerCheckRecord:
    """Record a check done for an adult of the household: a DBS renewal, a medical update
    or a course. It runs out at the council's interval unless ``expires_on`` says
    otherwise."""
    require_supervisor(carer, actor)
    today = today or office_today()
    adult = db.session.get(HouseholdAdult, adult_id) if adult_id else None
    if adult is None or adult.carer_id != carer.id or adult.left_on is not None:
        raise CarerLifeError(CarerLifeCode.CHOOSE_ADULT, field="adult")
    try:
        check_kind = CarerCheckKind(kind)
    except ValueError:
        raise CarerLifeError(CarerLifeCode.CHOOSE_COURSE, field="course") from None
    check_course = None
    if check_kind is CarerCheckKind.TRAINING:
        try:
            check_course = TrainingCourse(course or "")
        except ValueError:
            raise CarerLifeError(CarerLifeCode.CHOOSE_COURSE, field="course") from None
    if (check_kind, check_course) not in needs(adult):
        raise CarerLifeError(CarerLifeCode.CHECK_NOT_FOR_ADULT, field="adult")
    completed_on = completed_on or today
    if completed_on > today:
        raise CarerLifeError(CarerLifeCode.CHECK_IN_FUTURE, field="completed_on")
    if expires_on is None:
        expires_on = expiry_for(check_kind, check_course, completed_on)
    elif expires_on <= completed_on:
        raise CarerLifeError(CarerLifeCode.EXPIRY_NOT_AFTER, field="expires_on")
    number = None
    if check_kind is CarerCheckKind.DBS:
        number = "".join((dbs_certificate_number or "").split())
        if not DBS_NUMBER.fullmatch(number):
            raise CarerLifeError(CarerLifeCode.DBS_NUMBER, field="dbs_certificate_number")
    record = CarerCheckRecord(
        carer_id=carer.id,
        adult_id=adult.id,
        kind=check_kind.value,
        course=check_course.value if check_course else None,
        completed_on=completed_on,
        expires_on=expires_on,
        dbs_certificate_number=number,
        notes=(notes or "").strip()[:NOTES_LIMIT] or None,
        recorded_by_id=actor.id,
    )
    db.session.add(record)
    db.session.flush()
    audit.record(
        actor,
        "carer_check_recorded",
        carer,
        detail=f"record={record.id} kind={check_kind.value} adult={adult.id}",
    )
    return record


def records(carer: FosterCarer, *, limit: int = 50) -> list[CarerCheckRecord]:
    """The household's check records, the latest first."""
    return list(
        db.session.scalars(
            select(CarerCheckRecord)
            .where(CarerCheckRecord.carer_id == carer.id)
            .order_by(CarerCheckRecord.completed_on.desc(), CarerCheckRecord.id.desc())
            .limit(limit)
        )
    )


def adults_from_application(carer: FosterCarer, *, actor: User | None) -> list[HouseholdAdult]:
    """On approval, the household's adults as the application gave them (the applicants
    are its carers), each with the DBS check and medical Stage 1 recorded for them."""
    from fostering.models import CheckItem
    from fostering.models.assessment import CheckKind, CheckPerson

    application = carer.application
    if application is None:
        return []
    today = carer.approved_on
    items = list(
        db.session.scalars(
            select(CheckItem).where(
                CheckItem.application_id == application.id,
                CheckItem.kind.in_([CheckKind.DBS.value, CheckKind.MEDICAL.value]),
            )
        )
    )
    made = []
    members = {member.full_name: member for member in application.household_members}
    for person, name, _born in application.adults_needing_dbs(today):
        role = AdultRole.OTHER if person == CheckPerson.MEMBER.value else AdultRole.CARER
        adult = HouseholdAdult(
            carer_id=carer.id, name=name[:NAME_LIMIT], role=role.value, joined_on=today
        )
        db.session.add(adult)
        db.session.flush()
        made.append(adult)
        member = members.get(name) if person == CheckPerson.MEMBER.value else None
        for item in items:
            if item.person != person:
                continue
            if person == CheckPerson.MEMBER.value and (
                member is None or item.household_member_id != member.id
            ):
                continue
            kind = CarerCheckKind(item.kind)
            done = item.dbs_issued_on if kind is CarerCheckKind.DBS else item.received_on
            if done is None or (kind, None) not in needs(adult):
                continue
            db.session.add(
                CarerCheckRecord(
                    carer_id=carer.id,
                    adult_id=adult.id,
                    kind=kind.value,
                    completed_on=done,
                    expires_on=expiry_for(kind, None, done),
                    dbs_certificate_number=item.dbs_certificate_number,
                    recorded_by_id=actor.id if actor else None,
                )
            )
    return made
