"""Demo data for approved households' lives after approval: every household has a
supervising social worker, adults and their checks, and supervisory visits; some visits
are overdue and some checks due or overdue; the households the placements demo put on
hold have the reasons; and one household has resigned with a child still placed, so the
placement officers' list of children needing a plan shows it.

It changes nothing matching decides: the resigned household was full, so the demo
matching run places the same children. Loaded once (the first supervisory visit marks
it loaded), as a few bulk inserts.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from fostering.extensions import db
from fostering.models import FosterCarer, Placement, User
from fostering.models.carer import CarerStatus
from fostering.models.carer_life import (
    AdultRole,
    CarerCheckKind,
    CarerCheckRecord,
    CarerStatusChange,
    HouseholdAdult,
    SupervisionAllocation,
    SupervisoryVisit,
    TrainingCourse,
)
from fostering.recruitment.services.carer_checks import add_years, expiry_for
from fostering.recruitment.services.casework import office_today
from fostering.services.transactions import transactional

SEED = 20261206
GIVEN = ("Sioned", "Rhian", "Catrin", "Gwen", "Dylan", "Gethin", "Huw", "Iwan", "Nia",
         "Tomos", "Elin", "Aled", "Ffion", "Rhodri", "Mari", "Carys", "Owen", "Lowri", "Emyr",
         "Bethan")  # fmt: skip
HOLD_REASONS = (
    "The carer is recovering from an operation; agreed with the family for three months.",
    "An allegation is being investigated under the safeguarding procedures.",
    "A family bereavement: a break agreed with the supervising social worker.",
    "The household is moving house; the new home is to be assessed.",
)
VISIT_NOTES = (
    "Children settled. Safer caring plan reviewed and unchanged.",
    "Discussed contact arrangements and school progress. No concerns.",
    "Carer asked for respite over the holidays; to be raised with the team.",
    "Bedrooms seen. Training plan for the year agreed.",
)


def _surname(household_name: str) -> str:
    parts = household_name.split()
    return parts[1] if len(parts) >= 3 else household_name


def _demo_staff() -> tuple[User | None, User | None]:
    def by(email: str) -> User | None:
        return db.session.scalar(select(User).where(User.email == email))

    return by("social.worker@demo.example"), by("team.manager@demo.example")


def _checks_for(rng: random.Random, adult: dict, adult_id: int, carer_id: int, today: date):
    """An adult's latest checks: most current, a few running out soon or overdue."""

    def done_on(years: int) -> date:
        roll = rng.random()
        if roll < 0.05:  # overdue: done more than the interval ago
            return add_years(today, -years) - timedelta(days=rng.randint(5, 90))
        if roll < 0.12:  # runs out within the next 60 days
            return add_years(today, -years) + timedelta(days=rng.randint(1, 55))
        return today - timedelta(days=rng.randint(30, 365 * years - 90))

    wanted: list[tuple[CarerCheckKind, TrainingCourse | None, int]] = [
        (CarerCheckKind.DBS, None, 3)
    ]
    if adult["role"] == AdultRole.CARER.value:
        wanted.append((CarerCheckKind.MEDICAL, None, 2))
        wanted.extend((CarerCheckKind.TRAINING, course, 3) for course in TrainingCourse)
    rows = []
    for kind, course, years in wanted:
        done = max(done_on(years), adult["joined_on"])
        if course is TrainingCourse.LEARNING_STANDARDS:
            done = adult["joined_on"] + timedelta(days=rng.randint(60, 300))
            if done > today:
                continue  # a new carer still has their first year to do it
        rows.append(
            {
                "carer_id": carer_id,
                "adult_id": adult_id,
                "kind": kind.value,
                "course": course.value if course else None,
                "completed_on": done,
                "expires_on": expiry_for(kind, course, done),
                "dbs_certificate_number": f"{rng.randrange(10**11, 10**12):012d}"
                if kind is CarerCheckKind.DBS
                else None,
            }
        )
    return rows


def _resign_one_with_a_child(today: date, manager: User | None) -> None:
    """An active, full household (so matching has no room there anyway) resigns with a
    child still placed."""
    carer = db.session.scalar(
        select(FosterCarer)
        .join(Placement, Placement.carer_id == FosterCarer.id)
        .where(
            FosterCarer.status == CarerStatus.ACTIVE.value,
            FosterCarer.occupied == FosterCarer.places,
            Placement.end_date.is_(None),
        )
        .order_by(FosterCarer.id)
        .limit(1)
    )
    if carer is None:
        return
    carer.status = CarerStatus.RESIGNED.value
    db.session.add(
        CarerStatusChange(
            carer_id=carer.id,
            from_status=CarerStatus.ACTIVE.value,
            to_status=CarerStatus.RESIGNED.value,
            effective_on=today - timedelta(days=3),
            reason="The carers are retiring from fostering; a move for the child is being planned.",
            by_id=manager.id if manager else None,
        )
    )


def is_loaded() -> bool:
    return db.session.scalar(select(SupervisoryVisit.id).limit(1)) is not None


@transactional
def load_carer_life_demo(today: date | None = None) -> bool:
    """Load the households' lives unless they are there already; True when loaded."""
    if is_loaded():
        return False
    today = today or office_today()
    rng = random.Random(SEED)
    worker, manager = _demo_staff()
    staff = [user for user in (worker, worker, manager) if user is not None]
    carers = db.session.execute(
        select(FosterCarer.id, FosterCarer.household_name, FosterCarer.approved_on,
               FosterCarer.status).order_by(FosterCarer.id)
    ).all()  # fmt: skip
    with_adults = set(db.session.scalars(select(HouseholdAdult.carer_id).distinct()))

    supervisors, allocations, visits, holds = [], [], [], []
    adult_rows: list[dict[str, Any]] = []
    for index, carer in enumerate(carers):
        if staff:
            chosen = staff[index % len(staff)]
            supervisors.append({"id": carer.id, "supervising_worker_id": chosen.id})
            allocations.append({"carer_id": carer.id, "to_worker_id": chosen.id,
                                "by_id": manager.id if manager else None})  # fmt: skip
        # The last visit: mostly within six weeks; about one in ten overdue.
        late = rng.random() < 0.1
        last = today - timedelta(days=rng.randint(45, 100) if late else rng.randint(2, 40))
        for visited_on, announced in (
            (last, rng.random() < 0.8),
            (last - timedelta(weeks=6), True),
        ):
            if visited_on >= carer.approved_on:
                visits.append({
                    "carer_id": carer.id, "visited_on": visited_on, "announced": announced,
                    "carer_seen_alone": rng.random() < 0.5,
                    "children_seen": rng.choice(("all", "all", "some", "none_placed")),
                    "notes": rng.choice(VISIT_NOTES),
                    "recorded_by_id": staff[index % len(staff)].id if staff else None,
                })  # fmt: skip
        if carer.status == CarerStatus.ON_HOLD.value:
            holds.append({
                "carer_id": carer.id, "from_status": CarerStatus.ACTIVE.value,
                "to_status": CarerStatus.ON_HOLD.value,
                "effective_on": today - timedelta(days=rng.randint(7, 60)),
                "reason": HOLD_REASONS[len(holds) % len(HOLD_REASONS)],
                "review_on": today + timedelta(days=rng.randint(-5, 60)),
                "by_id": manager.id if manager else None,
            })  # fmt: skip
        if carer.id in with_adults:
            continue
        surname = _surname(carer.household_name)
        people = [AdultRole.CARER] + (
            [AdultRole.CARER] if rng.random() < 0.6 else []
        ) + ([AdultRole.OTHER] if rng.random() < 0.15 else [])  # fmt: skip
        for role in people:
            # About a third of the other adults joined the household last week: their
            # checks are outstanding.
            joined = carer.approved_on
            if role is AdultRole.OTHER and rng.random() < 0.3:
                joined = today - timedelta(days=7)
            adult_rows.append({
                "carer_id": carer.id, "name": f"{rng.choice(GIVEN)} {surname}",
                "role": role.value, "joined_on": joined,
            })  # fmt: skip
    if supervisors:
        db.session.execute(update(FosterCarer), supervisors)
        db.session.execute(insert(SupervisionAllocation), allocations)
    db.session.execute(insert(SupervisoryVisit), visits)
    if holds:
        db.session.execute(insert(CarerStatusChange), holds)
    if adult_rows:
        ids = list(
            db.session.scalars(
                insert(HouseholdAdult).returning(HouseholdAdult.id, sort_by_parameter_order=True),
                adult_rows,
            )
        )
        checks = []
        for adult_id, adult in zip(ids, adult_rows, strict=True):
            if adult["joined_on"] > today - timedelta(days=30):
                continue  # just joined: nothing recorded yet
            checks.extend(_checks_for(rng, adult, adult_id, adult["carer_id"], today))
        db.session.execute(insert(CarerCheckRecord), checks)
    _resign_one_with_a_child(today, manager)
    return True
