"""Supervising an approved household: its supervising social worker (allocated, and
reallocated with a reason, by a team manager), supervisory visits, and which visits are
due or overdue at the council's frequency (``SUPERVISION_VISIT_WEEKS``).

A household that has resigned or been deregistered is no longer supervised: it has no
visits due and none can be recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import FosterCarer, User
from fostering.models.carer import ENDED_STATUSES
from fostering.models.carer_life import ChildrenSeen, SupervisionAllocation, SupervisoryVisit
from fostering.recruitment.services.allocation import assessing_workers
from fostering.recruitment.services.carer_life_errors import CarerLifeCode, CarerLifeError
from fostering.recruitment.services.casework import is_manager, office_today
from fostering.services import audit
from fostering.services.transactions import transactional

NOTES_LIMIT = 10_000


def visit_weeks() -> int:
    return int(current_app.config.get("SUPERVISION_VISIT_WEEKS", 6))


def may_change(carer: FosterCarer, user: User | None) -> bool:
    """The household's supervising social worker and team managers may change its record."""
    return is_manager(user) or (
        user is not None
        and carer.supervising_worker_id is not None
        and carer.supervising_worker_id == user.id
    )


def require_supervisor(carer: FosterCarer, actor: User) -> None:
    """Refuse anyone but the household's supervising social worker or a team manager, and
    any change to a household that has left fostering."""
    if not may_change(carer, actor):
        raise CarerLifeError(CarerLifeCode.NOT_SUPERVISING_WORKER)
    if carer.status in ENDED_STATUSES:
        raise CarerLifeError(CarerLifeCode.HOUSEHOLD_ENDED)


def supervisors() -> list[User]:
    """Everyone who can supervise a household: those who can be allocated cases."""
    return assessing_workers()


@transactional
def allocate_supervisor(
    carer: FosterCarer, worker_id: int | None, *, reason: str = "", actor: User
) -> FosterCarer:
    """Make the worker the household's supervising social worker. A change from one
    worker to another needs a reason, kept in the household's history."""
    if not is_manager(actor):
        raise CarerLifeError(CarerLifeCode.MANAGER_ALLOCATES_SUPERVISION)
    if carer.status in ENDED_STATUSES:
        raise CarerLifeError(CarerLifeCode.HOUSEHOLD_ENDED)
    worker = db.session.get(User, worker_id) if worker_id else None
    if worker is None or worker not in supervisors():
        raise CarerLifeError(CarerLifeCode.CHOOSE_SUPERVISOR, field="worker")
    if carer.supervising_worker_id == worker.id:
        raise CarerLifeError(CarerLifeCode.SAME_SUPERVISOR, field="worker", name=worker.name)
    reason = (reason or "").strip()
    previous = carer.supervising_worker_id
    if previous is not None and not reason:
        raise CarerLifeError(CarerLifeCode.SUPERVISION_REASON_MISSING, field="reason")
    carer.supervising_worker_id = worker.id
    db.session.add(
        SupervisionAllocation(
            carer_id=carer.id,
            from_worker_id=previous,
            to_worker_id=worker.id,
            reason=reason or None,
            by_id=actor.id,
        )
    )
    # The reason may name people: the audit keeps only ids.
    audit.record(actor, "supervisor_allocated", carer, detail=f"from={previous} to={worker.id}")
    return carer


def allocation_history(carer: FosterCarer) -> list[SupervisionAllocation]:
    return list(
        db.session.scalars(
            select(SupervisionAllocation)
            .where(SupervisionAllocation.carer_id == carer.id)
            .order_by(SupervisionAllocation.at, SupervisionAllocation.id)
        )
    )


@transactional
def record_visit(
    carer: FosterCarer,
    *,
    visited_on: date | None,
    announced: bool,
    carer_seen_alone: bool,
    children_seen: str | None,
    notes: str,
    actor: User,
    today: date | None = None,
) -> SupervisoryVisit:
    """Record a supervisory visit to the household by its supervising social worker (or
    a team manager)."""
    require_supervisor(carer, actor)
    today = today or office_today()
    visited_on = visited_on or today
    if visited_on > today:
        raise CarerLifeError(CarerLifeCode.VISIT_IN_FUTURE, field="visited_on")
    if visited_on < carer.approved_on:
        raise CarerLifeError(
            CarerLifeCode.VISIT_BEFORE_APPROVAL, field="visited_on", date=carer.approved_on
        )
    if children_seen not in {choice.value for choice in ChildrenSeen}:
        raise CarerLifeError(CarerLifeCode.CHILDREN_SEEN_MISSING, field="children_seen")
    notes = (notes or "").strip()
    if not notes:
        raise CarerLifeError(CarerLifeCode.VISIT_NOTES_MISSING, field="notes")
    visit = SupervisoryVisit(
        carer_id=carer.id,
        visited_on=visited_on,
        announced=bool(announced),
        carer_seen_alone=bool(carer_seen_alone),
        children_seen=children_seen,
        notes=notes[:NOTES_LIMIT],
        recorded_by_id=actor.id,
    )
    db.session.add(visit)
    db.session.flush()
    audit.record(actor, "supervisory_visit_recorded", carer, detail=f"visit={visit.id}")
    return visit


def visits(carer: FosterCarer) -> list[SupervisoryVisit]:
    """The household's visits, the latest first."""
    return list(
        db.session.scalars(
            select(SupervisoryVisit)
            .where(SupervisoryVisit.carer_id == carer.id)
            .order_by(SupervisoryVisit.visited_on.desc(), SupervisoryVisit.id.desc())
        )
    )


@dataclass(frozen=True)
class VisitDue:
    """When a household's next supervisory visit is due."""

    carer: FosterCarer
    last_visit: date | None
    due_on: date
    today: date

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def days_late(self) -> int:
        return max((self.today - self.due_on).days, 0)


def next_visit_due(carer: FosterCarer, last_visit: date | None) -> date:
    """``SUPERVISION_VISIT_WEEKS`` after the last visit (or, before the first, after
    approval)."""
    return (last_visit or carer.approved_on) + timedelta(weeks=visit_weeks())


def visit_due(carer: FosterCarer, today: date | None = None) -> VisitDue | None:
    """None for a household that has left fostering."""
    if carer.status in ENDED_STATUSES:
        return None
    last = db.session.scalar(
        select(func.max(SupervisoryVisit.visited_on)).where(SupervisoryVisit.carer_id == carer.id)
    )
    return VisitDue(carer, last, next_visit_due(carer, last), today or office_today())


def _supervised(worker_id: int | None = None):
    last = (
        select(SupervisoryVisit.carer_id, func.max(SupervisoryVisit.visited_on).label("last"))
        .group_by(SupervisoryVisit.carer_id)
        .subquery()
    )
    stmt = (
        select(FosterCarer, last.c.last)
        .outerjoin(last, last.c.carer_id == FosterCarer.id)
        .where(FosterCarer.status.not_in(ENDED_STATUSES))
        .order_by(FosterCarer.household_name, FosterCarer.id)
    )
    if worker_id is not None:
        stmt = stmt.where(FosterCarer.supervising_worker_id == worker_id)
    return stmt


def visits_due(
    today: date | None = None, *, worker_id: int | None = None, overdue_only: bool = True
) -> list[VisitDue]:
    """Households (active or on hold) whose supervisory visit is overdue, the latest
    first; all of them, in the order due, when not ``overdue_only``."""
    today = today or office_today()
    rows = [
        VisitDue(carer, last, next_visit_due(carer, last), today)
        for carer, last in db.session.execute(_supervised(worker_id))
    ]
    if overdue_only:
        rows = [row for row in rows if row.overdue]
    return sorted(rows, key=lambda row: (row.due_on, row.carer.household_name, row.carer.id))


def unsupervised(limit: int | None = None) -> list[FosterCarer]:
    """Households still fostering that have no supervising social worker, the longest
    approved first."""
    stmt = (
        select(FosterCarer)
        .where(
            FosterCarer.supervising_worker_id.is_(None),
            FosterCarer.status.not_in(ENDED_STATUSES),
        )
        .order_by(FosterCarer.approved_on, FosterCarer.id)
    )
    return list(db.session.scalars(stmt.limit(limit) if limit else stmt))
