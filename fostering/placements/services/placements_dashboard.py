"""The placements dashboard's figures: who is waiting, what is free, the latest runs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import Child, ChildrensHome, FosterCarer, MatchingRun
from fostering.models.carer import CarerStatus
from fostering.models.child import ChildStatus, Urgency
from fostering.models.provider import ProviderStatus


@dataclass(frozen=True)
class Dashboard:
    awaiting: int
    awaiting_by_urgency: list[tuple[Urgency, int]]
    foster_places: int  # free places with active in-house carers
    home_beds: int  # free beds in open council homes
    latest_runs: list[MatchingRun]


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
    )
