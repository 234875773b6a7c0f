"""What the fostering team's page for an approved household shows of its life after
approval, and the supervising social worker's list of their households."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fostering.models import FosterCarer, User
from fostering.models.carer_life import (
    CarerCheckRecord,
    CarerStatusChange,
    HouseholdAdult,
    SupervisionAllocation,
    SupervisoryVisit,
)
from fostering.recruitment.services import carer_checks, carer_status, supervision
from fostering.recruitment.services.casework import office_today

VISITS_SHOWN = 10


@dataclass(frozen=True)
class HouseholdLife:
    today: date
    may_change: bool
    visit_due: supervision.VisitDue | None
    visits: list[SupervisoryVisit]
    visit_count: int
    allocations: list[SupervisionAllocation]
    status_history: list[CarerStatusChange]
    current_change: CarerStatusChange | None
    allowed_moves: list
    adults: list[HouseholdAdult]
    requirements: list[carer_checks.Requirement]
    records: list[CarerCheckRecord]

    @property
    def checks_due(self) -> list[carer_checks.Requirement]:
        return [item for item in self.requirements if item.state != carer_checks.CURRENT]


def household_life(carer: FosterCarer, *, viewer: User, today: date | None = None) -> HouseholdLife:
    today = today or office_today()
    visits = supervision.visits(carer)
    history = carer_status.history(carer)
    current = next((row for row in history if row.to_status == carer.status), None)
    return HouseholdLife(
        today=today,
        may_change=supervision.may_change(carer, viewer) and not carer.has_ended,
        visit_due=supervision.visit_due(carer, today),
        visits=visits[:VISITS_SHOWN],
        visit_count=len(visits),
        allocations=supervision.allocation_history(carer),
        status_history=history,
        current_change=current,
        allowed_moves=carer_status.allowed_moves(carer),
        adults=carer_checks.adults(carer, include_left=True),
        requirements=carer_checks.household_requirements(carer, today),
        records=carer_checks.records(carer),
    )


@dataclass(frozen=True)
class HouseholdRow:
    """A line of the supervising social worker's "My households"."""

    visit: supervision.VisitDue
    checks_due: int

    @property
    def carer(self) -> FosterCarer:
        return self.visit.carer


def my_households(worker: User, today: date | None = None, *, text: str = "") -> list[HouseholdRow]:
    """The households the worker supervises (still fostering), the visit due soonest
    first, each with how many of its checks are overdue or running out."""
    today = today or office_today()
    rows = supervision.visits_due(today, worker_id=worker.id, overdue_only=False)
    if text:
        wanted = text.strip().lower()
        rows = [
            row
            for row in rows
            if wanted in row.carer.household_name.lower() or wanted.upper() == row.carer.reference
        ]
    counts: dict[int, int] = {}
    for item in carer_checks.due(today, worker_id=worker.id):
        counts[item.adult.carer_id] = counts.get(item.adult.carer_id, 0) + 1
    return [HouseholdRow(row, counts.get(row.carer.id, 0)) for row in rows]


@dataclass(frozen=True)
class TeamFigures:
    """The team dashboard's figures about approved households."""

    overdue_visits: list[supervision.VisitDue]
    checks_overdue: list[carer_checks.Requirement]
    checks_due_soon: list[carer_checks.Requirement]
    warning_days: int
    visit_weeks: int
    holds_to_review: list = field(default_factory=list)
    unsupervised: list = field(default_factory=list)


def team_figures(today: date | None = None, *, worker_id: int | None = None) -> TeamFigures:
    today = today or office_today()
    due = carer_checks.due(today, worker_id=worker_id)
    return TeamFigures(
        overdue_visits=supervision.visits_due(today, worker_id=worker_id),
        checks_overdue=[item for item in due if item.state == carer_checks.OVERDUE],
        checks_due_soon=[item for item in due if item.state == carer_checks.DUE_SOON],
        warning_days=carer_checks.warning_days(),
        visit_weeks=supervision.visit_weeks(),
        holds_to_review=carer_status.holds_to_review(today),
        unsupervised=supervision.unsupervised(),
    )


@dataclass(frozen=True)
class SupervisorLoad:
    """A supervising social worker's households, for a team manager's overview."""

    worker: User
    households: int
    overdue_visits: int
    checks_due: int


def supervision_caseloads(today: date | None = None) -> list[SupervisorLoad]:
    """Each possible supervising social worker with their households (still fostering),
    how many visits are overdue and how many checks are due or overdue."""
    today = today or office_today()
    households: dict[int, int] = {}
    overdue: dict[int, int] = {}
    for row in supervision.visits_due(today, overdue_only=False):
        worker_id = row.carer.supervising_worker_id
        if worker_id is not None:
            households[worker_id] = households.get(worker_id, 0) + 1
            overdue[worker_id] = overdue.get(worker_id, 0) + int(row.overdue)
    checks: dict[int, int] = {}
    for item in carer_checks.due(today):
        worker_id = item.adult.carer.supervising_worker_id
        if worker_id is not None:
            checks[worker_id] = checks.get(worker_id, 0) + 1
    return [
        SupervisorLoad(
            worker,
            households.get(worker.id, 0),
            overdue.get(worker.id, 0),
            checks.get(worker.id, 0),
        )
        for worker in supervision.supervisors()
    ]
