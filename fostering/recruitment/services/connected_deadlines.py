"""Connected persons cases against their time limits: the case list (searchable, each
case with its next deadline) and the team dashboard's figures (temporary approvals
ending soon, ended without a decision, viability assessments outstanding)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, or_, select

from fostering.extensions import db
from fostering.models import Child, User
from fostering.models.connected import OPEN_STAGES, UNDECIDED_STAGES, ConnectedCase, ConnectedStage
from fostering.recruitment.services.casework import is_manager

ENDING_SOON_DAYS = 14

SHOW_OPEN = "open"
SHOW_ENDING = "ending"
SHOW_BREACH = "breach"
SHOW_VIABILITY = "viability"
SHOW_ALL = "all"
SHOW_CHOICES = (SHOW_OPEN, SHOW_ENDING, SHOW_BREACH, SHOW_VIABILITY, SHOW_ALL)

_ENDS = func.coalesce(ConnectedCase.extended_until, ConnectedCase.temporary_until)
_UNDECIDED = ConnectedCase.stage.in_([stage.value for stage in UNDECIDED_STAGES])
_RUNNING = and_(_UNDECIDED, ConnectedCase.temporary_from.is_not(None))
_VIABILITY = ConnectedCase.stage == ConnectedStage.VIABILITY.value


def _ending_soon(today: date):
    return and_(_RUNNING, _ENDS >= today, _ENDS <= today + timedelta(days=ENDING_SOON_DAYS))


def _breach(today: date):
    return and_(_RUNNING, _ENDS < today)


@dataclass(frozen=True)
class Deadline:
    day: date
    kind: str  # "viability" or "temporary"
    late: bool


def deadline(case: ConnectedCase, today: date) -> Deadline | None:
    """The case's next time limit: the viability assessment, else the end of temporary
    approval while no decision is made."""
    if case.stage_enum is ConnectedStage.VIABILITY:
        return Deadline(case.viability_due, "viability", case.viability_due < today)
    ends = case.approval_ends
    if ends is not None and case.stage_enum in UNDECIDED_STAGES:
        return Deadline(ends, "temporary", ends < today)
    return None


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    show: str = SHOW_OPEN


def visible_cases(user: User) -> Select:
    """Team managers see every case; a social worker only their own."""
    stmt = select(ConnectedCase).join(Child, Child.id == ConnectedCase.child_id)
    if not is_manager(user):
        stmt = stmt.where(ConnectedCase.social_worker_id == user.id)
    return stmt


def cases_statement(user: User, query: CaseQuery, today: date) -> Select:
    """The cases ``user`` may see, narrowed, the nearest deadline first."""
    stmt = visible_cases(user)
    text = (query.text or "").strip()
    if text:
        like = f"%{text.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(ConnectedCase.names).like(like),
                func.upper(ConnectedCase.reference) == text.upper(),
                func.upper(Child.reference) == text.upper(),
                func.lower(Child.given_name + " " + Child.family_name).like(like),
            )
        )
    if query.show == SHOW_ENDING:
        stmt = stmt.where(_ending_soon(today))
    elif query.show == SHOW_BREACH:
        stmt = stmt.where(_breach(today))
    elif query.show == SHOW_VIABILITY:
        stmt = stmt.where(_VIABILITY)
    elif query.show != SHOW_ALL:
        stmt = stmt.where(ConnectedCase.stage.in_([stage.value for stage in OPEN_STAGES]))
    next_due = func.coalesce(_ENDS, ConnectedCase.viability_due)
    return stmt.order_by(next_due, ConnectedCase.id)


@dataclass(frozen=True)
class Figures:
    ending_soon: int
    breaches: int
    viability_outstanding: int
    viability_late: int


def figures(today: date) -> Figures:
    """Counts for the team dashboard (names stay on the case list, behind its access)."""

    def count(condition) -> int:
        return db.session.scalar(select(func.count(ConnectedCase.id)).where(condition)) or 0

    return Figures(
        ending_soon=count(_ending_soon(today)),
        breaches=count(_breach(today)),
        viability_outstanding=count(_VIABILITY),
        viability_late=count(and_(_VIABILITY, ConnectedCase.viability_due < today)),
    )
