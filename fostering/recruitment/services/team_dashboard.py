"""Figures for the fostering team's dashboard: where cases are, what is late, and how
enquiries turn into approved carers.

Counts are made in SQL. Medians are not (SQLite has no percentile function), so the
stage durations are fetched as rows and their medians taken here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from sqlalchemy import and_, case, func, select

from fostering.extensions import db
from fostering.models import Application, ApplicationStage, CheckItem, Enquiry, FosterCarer
from fostering.models.assessment import CheckStatus, StageChange
from fostering.models.types import utcnow
from fostering.recruitment.services import carers, connected_deadlines, evidence
from fostering.recruitment.services.allocation import ACTIVE_STAGES
from fostering.recruitment.services.casework import office_today

TARGET_MONTHS = 8  # from application to decision
APPROACHING_MONTHS = 6  # shown as approaching the target from here
REVIEW_WARNING_DAYS = 60
FUNNEL_MONTHS = 12
# Stages whose time counts towards the target: from submission until a decision.
OPEN_CASE_STAGES = (ApplicationStage.SUBMITTED.value, *ACTIVE_STAGES)
TIMED_STAGES = (
    ApplicationStage.INVITED,
    ApplicationStage.IN_PROGRESS,
    ApplicationStage.SUBMITTED,
    ApplicationStage.ALLOCATED,
    ApplicationStage.STAGE_1,
    ApplicationStage.STAGE_2,
    ApplicationStage.PANEL,
)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError("unreachable")


def cases_by_stage() -> list[tuple[ApplicationStage, int]]:
    counts = dict(
        db.session.execute(
            select(Application.stage, func.count()).group_by(Application.stage)
        ).all()
    )
    return [(stage, counts.get(stage.value, 0)) for stage in ApplicationStage]


@dataclass(frozen=True)
class OverdueCheck:
    check: CheckItem
    days_late: int


def overdue_checks(today: date, *, worker_id: int | None = None) -> list[OverdueCheck]:
    stmt = (
        select(CheckItem)
        .join(Application, Application.id == CheckItem.application_id)
        .where(
            CheckItem.status == CheckStatus.REQUESTED.value,
            CheckItem.due_on < today,
            Application.stage.in_(ACTIVE_STAGES),
        )
        .order_by(CheckItem.due_on, CheckItem.id)
    )
    if worker_id is not None:
        stmt = stmt.where(Application.assessing_worker_id == worker_id)
    return [OverdueCheck(check, (today - check.due_on).days) for check in db.session.scalars(stmt)]


@dataclass(frozen=True)
class TimescaleRow:
    application: Application
    applied_on: date
    target_on: date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def approaching_target(today: date) -> list[TimescaleRow]:
    """Open cases at least 6 months since the application was submitted (target 8)."""
    cutoff = add_months(today, -APPROACHING_MONTHS)
    stmt = (
        select(Application)
        .where(
            Application.stage.in_(OPEN_CASE_STAGES),
            Application.submitted_at.is_not(None),
            Application.submitted_at
            < datetime.combine(cutoff + timedelta(days=1), datetime.min.time(), utcnow().tzinfo),
        )
        .order_by(Application.submitted_at, Application.id)
    )
    rows = []
    for application in db.session.scalars(stmt):
        applied = office_today(application.submitted_at)
        target = add_months(applied, TARGET_MONTHS)
        rows.append(TimescaleRow(application, applied, target, (target - today).days))
    return rows


def annual_reviews_due(today: date) -> list[FosterCarer]:
    """Carers whose annual review is overdue or due in the next 60 days."""
    return carers.reviews_due(today + timedelta(days=REVIEW_WARNING_DAYS))


def _month(column):
    """``YYYY-MM`` of a UTC timestamp column, in SQL, on either database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


@dataclass(frozen=True)
class FunnelRow:
    month: str  # YYYY-MM
    enquiries: int
    visits: int
    applications: int
    approvals: int
    withdrawals: int

    @property
    def visit_rate(self) -> float | None:
        return _rate(self.visits, self.enquiries)

    @property
    def application_rate(self) -> float | None:
        return _rate(self.applications, self.visits)

    @property
    def approval_rate(self) -> float | None:
        return _rate(self.approvals, self.applications)

    @property
    def overall_rate(self) -> float | None:
        return _rate(self.approvals, self.enquiries)

    @property
    def month_start(self) -> date:
        year, month = self.month.split("-")
        return date(int(year), int(month), 1)


def funnel(today: date, months: int = FUNNEL_MONTHS, now: datetime | None = None):
    """For each month's enquiries (a cohort), how many had an initial visit, applied,
    were approved or withdrew. Returns the month rows (newest first) and a total row."""
    now = now or utcnow()
    first = add_months(today.replace(day=1), -(months - 1))
    since = datetime.combine(first, datetime.min.time(), now.tzinfo)
    month = _month(Enquiry.received_at).label("month")
    stage = Application.stage
    rows = db.session.execute(
        select(
            month,
            func.count(Enquiry.id),
            func.sum(
                case((and_(Enquiry.visit_at.is_not(None), Enquiry.visit_at <= now), 1), else_=0)
            ),
            func.sum(case((Application.submitted_at.is_not(None), 1), else_=0)),
            func.sum(case((stage == ApplicationStage.APPROVED.value, 1), else_=0)),
            func.sum(case((stage == ApplicationStage.WITHDRAWN.value, 1), else_=0)),
        )
        .select_from(Enquiry)
        .outerjoin(Application, Application.enquiry_id == Enquiry.id)
        .where(Enquiry.received_at >= since)
        .group_by(month)
        .order_by(month.desc())
    ).all()
    found = {row[0]: FunnelRow(row[0], *(int(value or 0) for value in row[1:])) for row in rows}
    result = []
    for offset in range(months):
        key = add_months(first, months - 1 - offset).strftime("%Y-%m")
        result.append(found.get(key, FunnelRow(key, 0, 0, 0, 0, 0)))
    total = FunnelRow(
        "total",
        *(
            sum(getattr(row, name) for row in result)
            for name in ("enquiries", "visits", "applications", "approvals", "withdrawals")
        ),
    )
    return result, total


@dataclass(frozen=True)
class StageTime:
    stage: ApplicationStage
    median_days: float | None
    cases: int


def median_days_in_stage(since: datetime | None = None) -> list[StageTime]:
    """The median number of days cases spent in each stage they have left."""
    stmt = select(StageChange.application_id, StageChange.to_stage, StageChange.at).order_by(
        StageChange.application_id, StageChange.at, StageChange.id
    )
    durations: dict[str, list[float]] = defaultdict(list)
    previous: tuple[int, str, datetime] | None = None
    for application_id, to_stage, at in db.session.execute(stmt):
        if previous is not None and previous[0] == application_id:
            left_at = at
            if since is None or left_at >= since:
                durations[previous[1]].append((left_at - previous[2]).total_seconds() / 86400)
        previous = (application_id, to_stage, at)
    return [
        StageTime(
            stage,
            round(median(durations[stage.value]), 1) if durations[stage.value] else None,
            len(durations[stage.value]),
        )
        for stage in TIMED_STAGES
    ]


def median_days_to_contact(since: datetime) -> float | None:
    rows = db.session.execute(
        select(Enquiry.received_at, Enquiry.contacted_at).where(
            Enquiry.contacted_at.is_not(None), Enquiry.received_at >= since
        )
    ).all()
    values = [(contacted - received).total_seconds() / 86400 for received, contacted in rows]
    return round(median(values), 1) if values else None


@dataclass(frozen=True)
class Dashboard:
    today: date
    stages: list
    overdue_checks: list
    overdue_enquiries: int
    approaching: list
    reviews: list
    expiring_documents: list
    funnel: list
    funnel_total: FunnelRow
    stage_times: list
    days_to_contact: float | None
    connected: connected_deadlines.Figures | None = None


def build(today: date | None = None, *, worker_id: int | None = None) -> Dashboard:
    from fostering.recruitment.services.enquiry_inbox import overdue_count

    today = today or office_today()
    now = utcnow()
    months, total = funnel(today, now=now)
    since = datetime.combine(months[-1].month_start, datetime.min.time(), now.tzinfo)
    return Dashboard(
        today=today,
        stages=cases_by_stage(),
        overdue_checks=overdue_checks(today, worker_id=worker_id),
        overdue_enquiries=overdue_count(now),
        approaching=approaching_target(today),
        reviews=annual_reviews_due(today),
        expiring_documents=evidence.expiring(today, worker_id=worker_id),
        funnel=months,
        funnel_total=total,
        stage_times=median_days_in_stage(),
        days_to_contact=median_days_to_contact(since),
        connected=connected_deadlines.figures(today),
    )
