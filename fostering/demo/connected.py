"""Connected persons (kinship) cases for the demo council, each at a different stage:
a viability assessment outstanding, a temporary approval close to its 16-week limit, and
an approved connected carer on the register for one demo child.

Every case is for a child the demo social worker already holds who is placed (not
waiting), so the demo's matching run is what the README says: a connected carer is only
ever offered its own child, and these children are not in the run. Rows are added
directly (a few, one flush), and nothing is added when they are there already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from fostering.extensions import db
from fostering.models import Child, PanelMeeting, User
from fostering.models.child import ChildStatus
from fostering.models.connected import ConnectedCase, ConnectedStage
from fostering.recruitment.services import carers
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.connected_persons import (
    VIABILITY_WORKING_DAYS,
    temporary_end,
)
from fostering.recruitment.services.terms import Terms
from fostering.services.working_days import add_working_days

WORKER = "social.worker@demo.example"
MANAGER = "team.manager@demo.example"


@dataclass(frozen=True)
class DemoCase:
    reference: str
    names: str
    relation: str
    address: str
    postcode: str
    adults: str
    stage: ConnectedStage
    started_days_ago: int
    temporary_days_ago: int | None = None  # when temporary approval started


CASES = (
    DemoCase(
        "CP-DEMO01", "Rhian Morgan", "Aunt", "14 Heol y Coed, Cardiff", "CF10 3AN",
        "", ConnectedStage.VIABILITY, 3,
    ),
    DemoCase(
        "CP-DEMO02", "Eleri and Tomos Pritchard", "Grandparents", "2 Ffordd y Llan, Cardiff",
        "CF10 4DS", "Gethin Pritchard", ConnectedStage.ASSESSMENT, 120,
        temporary_days_ago=16 * 7 - 10,  # ends in ten days
    ),
    DemoCase(
        "CP-DEMO03", "Bethan Hughes", "Family friend", "7 Stryd y Farchnad, Cardiff",
        "CF10 7HP", "", ConnectedStage.APPROVED, 200, temporary_days_ago=190,
    ),
)  # fmt: skip


def is_loaded() -> bool:
    return (
        db.session.scalar(
            select(ConnectedCase.id).where(ConnectedCase.reference == CASES[0].reference)
        )
        is not None
    )


def _children(worker: User, count: int) -> list[Child]:
    return list(
        db.session.scalars(
            select(Child)
            .where(Child.social_worker_id == worker.id, Child.status == ChildStatus.PLACED.value)
            .order_by(Child.id)
            .limit(count)
        )
    )


def load_connected_demo(today: date | None = None) -> bool:
    """Add the demo's connected persons cases unless they are there; True when added."""
    if is_loaded():
        return False
    worker = db.session.scalar(select(User).where(User.email == WORKER))
    manager = db.session.scalar(select(User).where(User.email == MANAGER))
    if worker is None or manager is None:
        return False
    children = _children(worker, len(CASES))
    if len(children) < len(CASES):
        return False
    today = today or office_today()
    for spec, child in zip(CASES, children, strict=True):
        started = today - timedelta(days=spec.started_days_ago)
        case = ConnectedCase(
            reference=spec.reference,
            child_id=child.id,
            social_worker_id=worker.id,
            stage=spec.stage.value,
            names=spec.names,
            relation=spec.relation,
            address=spec.address,
            postcode=spec.postcode,
            household_adults=spec.adults,
            started_on=started,
            viability_due=add_working_days(started, VIABILITY_WORKING_DAYS),
        )
        if spec.stage is not ConnectedStage.VIABILITY:
            case.viability_outcome = "positive"
            case.viability_on = started + timedelta(days=5)
        if spec.temporary_days_ago is not None:
            case.temporary_from = today - timedelta(days=spec.temporary_days_ago)
            case.temporary_until = temporary_end(case.temporary_from)
            case.temporary_by_id = worker.id
        if spec.stage is ConnectedStage.APPROVED:
            _approve(case, child, worker, manager, today)
        db.session.add(case)
    db.session.flush()
    return True


def _approve(case: ConnectedCase, child: Child, worker: User, manager: User, today: date):
    panel_day = today - timedelta(days=40)
    meeting = PanelMeeting(
        meeting_date=panel_day,
        starts_at="14:00",
        venue="County Hall, Committee Room 2",
        chair="Dr Elin Rowlands",
        members=["Huw Bevan", "Nerys Pugh", "Catrin Lloyd", "Tom Ashworth"],
        created_by_id=manager.id,
    )
    db.session.add(meeting)
    db.session.flush()
    case.report_summary = (
        "A close family friend who has known the child since birth; a safe, warm home "
        "with a bedroom of the child's own and good support from the school."
    )
    case.report_on = panel_day - timedelta(days=14)
    case.meeting_id = meeting.id
    case.panel_recommendation = "approve"
    case.panel_minutes = "The panel heard the assessment and recommended approval for the child."
    case.decision = "approve"
    case.decided_on = panel_day + timedelta(days=7)
    case.decided_by_id = manager.id
    carer = carers.add_carer(
        household_name=case.names,
        terms=Terms(
            places=1,
            min_age=0,
            max_age=18,
            placement_types=(child.placement_type,),
            postcode=case.postcode,
            weekly_allowance_pence=26_500,
        ),
        approved_on=case.decided_on,
        actor=None,
    )
    case.carer_id = carer.id
