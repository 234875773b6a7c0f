"""A team manager allocates a submitted application to an assessing social worker, and
reallocates a live case to another (with a reason, kept in the case's history).

No worker may carry more than :data:`CASELOAD_LIMIT` active cases. The limit is checked
inside the allocating (or reallocating) transaction, after taking a lock that every
other allocation to the same worker must also take, so two managers allocating at once
cannot both see 19 and both add one:

* PostgreSQL: ``SELECT ... FROM users WHERE id = :worker FOR UPDATE`` locks the
  worker's row until this transaction ends; a second allocation to the same worker
  waits there, then counts after the first has committed (READ COMMITTED re-reads).
* SQLite: ``FOR UPDATE`` does not exist, and a plain ``SELECT`` does not start a
  transaction, so we make the first statement a no-op ``UPDATE`` of the worker's row.
  That takes SQLite's single write lock (RESERVED) before counting; another writer
  waits for it (busy timeout) and, once it has it, counts what the first committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select, update

from fostering.extensions import db
from fostering.models import Application, ApplicationStage, CaseAllocation, Role, User
from fostering.models.types import utcnow
from fostering.recruitment.services.application_stages import move_stage
from fostering.recruitment.services.casework import CaseworkError, require_manager
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.services import audit
from fostering.services.transactions import transaction

CASELOAD_LIMIT = 20
ACTIVE_STAGES = (
    ApplicationStage.ALLOCATED.value,
    ApplicationStage.STAGE_1.value,
    ApplicationStage.STAGE_2.value,
    ApplicationStage.PANEL.value,
)


def active_caseload(worker_id: int) -> int:
    """How many active cases (allocated, Stage 1, Stage 2, panel) the worker carries."""
    return db.session.scalar(
        select(func.count())
        .select_from(Application)
        .where(
            Application.assessing_worker_id == worker_id,
            Application.stage.in_(ACTIVE_STAGES),
        )
    )


def _lock_worker(worker_id: int) -> User | None:
    """Take the lock that serialises allocations to one worker (see the module's note)."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(User)
            .where(User.id == worker_id)
            .values(session_version=User.session_version)
            .execution_options(synchronize_session=False)
        )
    return db.session.execute(
        select(User).where(User.id == worker_id).with_for_update()
    ).scalar_one_or_none()


def assessing_workers() -> list[User]:
    """Everyone who can be allocated cases: active social workers and team managers."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.active.is_(True),
                User.role.in_([Role.SOCIAL_WORKER.value, Role.TEAM_MANAGER.value]),
            )
            .order_by(User.name, User.id)
        )
    )


def _worker_with_room(worker_id: int) -> User:
    """The worker, locked (see the module's note), if they can take one more case."""
    worker = _lock_worker(worker_id)
    if (
        worker is None
        or not worker.active
        or worker.role not in (Role.SOCIAL_WORKER.value, Role.TEAM_MANAGER.value)
    ):
        raise CaseworkError(RecruitmentCode.CHOOSE_WORKER, field="worker")
    carried = active_caseload(worker.id)
    if carried >= CASELOAD_LIMIT:
        raise CaseworkError(
            RecruitmentCode.CASELOAD_FULL, field="worker", name=worker.name, count=carried
        )
    return worker


def allocate(application: Application, worker_id: int, *, actor: User) -> Application:
    """Allocate ``application`` to the worker and generate its Stage 1 checks, in one
    transaction.

    Raises :class:`CaseworkError` (nothing changed) when the actor is not a team
    manager, the worker cannot take cases, or the worker already has 20 active cases.
    """
    from fostering.recruitment.services.checks import generate_checks

    require_manager(actor, RecruitmentCode.MANAGER_ALLOCATES)
    with transaction():
        worker = _worker_with_room(worker_id)
        db.session.refresh(application)
        move_stage(application, ApplicationStage.ALLOCATED, actor=actor)
        application.assessing_worker_id = worker.id
        application.allocated_at = utcnow()
        db.session.add(
            CaseAllocation(application_id=application.id, to_worker_id=worker.id, by_id=actor.id)
        )
        generate_checks(application, actor=actor)
        audit.record(actor, "application_allocated", application, detail=f"worker={worker.id}")
    return application


def reallocate(application: Application, worker_id: int, *, reason: str, actor: User):
    """Give a live case to another assessing social worker, for ``reason`` (kept in the
    case's allocation history). The new worker's 20-case limit applies as it does to a
    first allocation."""
    require_manager(actor, RecruitmentCode.MANAGER_REALLOCATES)
    reason = (reason or "").strip()
    if not reason:
        raise CaseworkError(RecruitmentCode.REALLOCATE_REASON_MISSING, field="reason")
    with transaction():
        db.session.refresh(application)
        if application.stage not in ACTIVE_STAGES:
            raise CaseworkError(
                RecruitmentCode.REALLOCATE_ONLY_LIVE, stage=application.stage_enum.label
            )
        if application.assessing_worker_id == worker_id:
            raise CaseworkError(
                RecruitmentCode.SAME_WORKER, field="worker", name=application.assessing_worker.name
            )
        worker = _worker_with_room(worker_id)
        previous = application.assessing_worker_id
        application.assessing_worker_id = worker.id
        db.session.add(
            CaseAllocation(
                application_id=application.id,
                from_worker_id=previous,
                to_worker_id=worker.id,
                reason=reason,
                by_id=actor.id,
            )
        )
        # The reason may name people or their circumstances: the audit keeps only ids.
        audit.record(
            actor, "case_reallocated", application, detail=f"from={previous} to={worker.id}"
        )
    return application


def allocation_history(application: Application) -> list[CaseAllocation]:
    """Every allocation of the case, the first first."""
    return list(
        db.session.scalars(
            select(CaseAllocation)
            .where(CaseAllocation.application_id == application.id)
            .order_by(CaseAllocation.at, CaseAllocation.id)
        )
    )


@dataclass(frozen=True)
class CaseRow:
    application: Application
    next_due: date | None
    overdue_items: int


@dataclass(frozen=True)
class WorkerCaseload:
    worker: User
    cases: list[CaseRow]

    @property
    def count(self) -> int:
        return len(self.cases)

    @property
    def at_limit(self) -> bool:
        return self.count >= CASELOAD_LIMIT


def caseloads(today: date, *, worker_id: int | None = None) -> list[WorkerCaseload]:
    """Each worker's active cases, with the earliest open check due date of each."""
    from fostering.models import CheckItem
    from fostering.models.assessment import CheckStatus

    stmt = (
        select(Application)
        .where(Application.stage.in_(ACTIVE_STAGES), Application.assessing_worker_id.is_not(None))
        .order_by(Application.allocated_at, Application.id)
    )
    if worker_id is not None:
        stmt = stmt.where(Application.assessing_worker_id == worker_id)
    applications = list(db.session.scalars(stmt))
    open_checks = db.session.execute(
        select(
            CheckItem.application_id,
            func.min(CheckItem.due_on),
            func.sum(case((CheckItem.due_on < today, 1), else_=0)),
        )
        .where(
            CheckItem.status == CheckStatus.REQUESTED.value,
            CheckItem.application_id.in_([a.id for a in applications] or [-1]),
        )
        .group_by(CheckItem.application_id)
    ).all()
    due = {row[0]: (row[1], int(row[2] or 0)) for row in open_checks}
    by_worker: dict[int, list[CaseRow]] = {}
    for application in applications:
        next_due, overdue = due.get(application.id, (None, 0))
        by_worker.setdefault(application.assessing_worker_id, []).append(
            CaseRow(application, next_due, overdue)
        )
    workers = assessing_workers()
    if worker_id is not None:
        workers = [w for w in workers if w.id == worker_id]
    return [WorkerCaseload(worker, by_worker.get(worker.id, [])) for worker in workers]
