"""The placements dashboard's figures: who is waiting, what is free, the latest runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import Child, ChildrensHome, FosterCarer, MatchingRun, Placement
from fostering.models.carer import CarerStatus
from fostering.models.carer_life import CarerStatusChange
from fostering.models.child import ChildStatus, Urgency
from fostering.models.provider import ProviderStatus
from fostering.recruitment.services.carer_status import current_changes

# A household in one of these is not offered children, but children may still live there.
UNAVAILABLE_CARER_STATUSES = (
    CarerStatus.ON_HOLD.value,
    CarerStatus.RESIGNED.value,
    CarerStatus.DEREGISTERED.value,
)


@dataclass(frozen=True)
class Dashboard:
    awaiting: int
    awaiting_by_urgency: list[tuple[Urgency, int]]
    foster_places: int  # free places with active in-house carers
    home_beds: int  # free beds in open council homes
    latest_runs: list[MatchingRun]
    # Children still placed (or about to be) with carers on hold, resigned or deregistered.
    with_unavailable_carers: list[PlacedWithUnavailableCarer] = field(default_factory=list)


@dataclass(frozen=True)
class PlacedWithUnavailableCarer:
    placement: Placement
    carer: FosterCarer
    change: CarerStatusChange | None  # the change that gave the carer its status


def placed_with_unavailable_carers() -> list[PlacedWithUnavailableCarer]:
    """Every current or planned placement with an in-house carer who is on hold, has
    resigned or has been deregistered: each child needs a plan."""
    rows = db.session.execute(
        select(Placement, FosterCarer)
        .join(FosterCarer, FosterCarer.id == Placement.carer_id)
        .where(Placement.end_date.is_(None), FosterCarer.status.in_(UNAVAILABLE_CARER_STATUSES))
        .order_by(FosterCarer.household_name, FosterCarer.id, Placement.start_date, Placement.id)
    ).all()
    changes = current_changes({carer.id for _placement, carer in rows})
    return [
        PlacedWithUnavailableCarer(placement, carer, changes.get(carer.id))
        for placement, carer in rows
    ]


def dashboard(*, runs: int = 5) -> Dashboard:
    """Four aggregate queries and one short list; no rows loaded for the counts."""
    counts = dict(
        db.session.execute(
            select(Child.urgency, func.count(Child.id))
            .where(Child.status == ChildStatus.AWAITING.value)
            .group_by(Child.urgency)
        ).all()
    )
    places = db.session.scalar(
        select(func.coalesce(func.sum(FosterCarer.places - FosterCarer.occupied), 0)).where(
            FosterCarer.status == CarerStatus.ACTIVE.value
        )
    )
    beds = db.session.scalar(
        select(func.coalesce(func.sum(ChildrensHome.beds - ChildrensHome.occupied), 0)).where(
            ChildrensHome.status == ProviderStatus.ACTIVE.value
        )
    )
    latest = db.session.scalars(
        select(MatchingRun).order_by(MatchingRun.created_at.desc(), MatchingRun.id.desc())
        .limit(runs)
    ).all()  # fmt: skip
    return Dashboard(
        awaiting=sum(counts.values()),
        awaiting_by_urgency=[(urgency, counts.get(urgency.value, 0)) for urgency in Urgency],
        foster_places=int(places or 0),
        home_beds=int(beds or 0),
        latest_runs=list(latest),
        with_unavailable_carers=placed_with_unavailable_carers(),
    )
