"""The council's own places, and where its children live (s.75A(3)(b) and (c)).

Capacity is the active in-house carers' approved places and the open council homes'
beds today, plus what the plan's steps add in the year. Where children live is read on
one day (today, or the plan year's end if that is earlier): each child in a started
placement then, by the kind of provider and its profit status (the council; a
not-for-profit provider; a for-profit one, by its legal form now), and whether the
provider is in the council's area, near it (elsewhere but at most ``NEAR_AREA_KM``
straight-line kilometres from the child's home) or further away (or too far to say:
no distance recorded).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import case, func, or_, select

from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer, Placement
from fostering.models.carer import CarerStatus
from fostering.models.placement import IN_HOUSE_TYPES, PlacementStage, ProviderType
from fostering.models.provider import ProviderStatus

COUNCIL, NOT_FOR_PROFIT, FOR_PROFIT = "council", "not_for_profit", "for_profit"
IN_AREA, NEAR, AWAY = "in_area", "near", "away"


@dataclass(frozen=True)
class Capacity:
    carers: int
    carer_places: int
    carer_filled: int
    homes: int
    home_beds: int
    home_filled: int
    added_places: int = 0  # foster places the steps add in the year
    added_beds: int = 0
    added_homes: int = 0
    added_carers: int = 0


def capacity(*, added_places=0, added_beds=0, added_homes=0, added_carers=0) -> Capacity:
    carers = db.session.execute(
        select(
            func.count(FosterCarer.id),
            func.sum(FosterCarer.places),
            func.sum(FosterCarer.occupied),
        ).where(FosterCarer.status == CarerStatus.ACTIVE.value)
    ).one()
    homes = db.session.execute(
        select(
            func.count(ChildrensHome.id),
            func.sum(ChildrensHome.beds),
            func.sum(ChildrensHome.occupied),
        ).where(ChildrensHome.status == ProviderStatus.ACTIVE.value)
    ).one()
    return Capacity(
        int(carers[0] or 0),
        int(carers[1] or 0),
        int(carers[2] or 0),
        int(homes[0] or 0),
        int(homes[1] or 0),
        int(homes[2] or 0),
        added_places,
        added_beds,
        added_homes,
        added_carers,
    )


@dataclass(frozen=True)
class Where:
    """Children placed on ``day``, counted by (provider type, profit status, location)."""

    day: date
    near_km: int
    counts: Counter

    def total(self, **match) -> int:
        keys = ("provider_type", "profit", "location")
        return sum(
            count
            for key, count in self.counts.items()
            if all(dict(zip(keys, key, strict=True))[k] == v for k, v in match.items())
        )

    @property
    def children(self) -> int:
        return sum(self.counts.values())

    @property
    def meeting_duty(self) -> int:
        """With the council or a not-for-profit provider, within or near the area."""
        return sum(
            count
            for (_type, profit, location), count in self.counts.items()
            if profit != FOR_PROFIT and location != AWAY
        )


def where_children_live(day: date) -> Where:
    council = current_app.config["COUNCIL_LA_CODE"]
    near_km = int(current_app.config["NEAR_AREA_KM"])
    provider_la = func.coalesce(
        FosterCarer.local_authority, ChildrensHome.local_authority, Agency.local_authority
    )
    location = case(
        (provider_la == council, IN_AREA),
        (Placement.distance_km <= near_km, NEAR),
        else_=AWAY,
    )
    profit = case(
        (Placement.provider_type.in_(IN_HOUSE_TYPES), COUNCIL),
        (Agency.not_for_profit, NOT_FOR_PROFIT),
        else_=FOR_PROFIT,
    )
    stmt = (
        select(Placement.provider_type, profit, location, func.count(Placement.id))
        .outerjoin(FosterCarer, FosterCarer.id == Placement.carer_id)
        .outerjoin(ChildrensHome, ChildrensHome.id == Placement.home_id)
        .outerjoin(Agency, Agency.id == Placement.agency_id)
        .where(
            Placement.stage == PlacementStage.STARTED.value,
            Placement.start_date <= day,
            or_(Placement.end_date.is_(None), Placement.end_date >= day),
        )
        .group_by(Placement.provider_type, profit, location)
    )
    counts: Counter = Counter()
    for provider_type, status, place, count in db.session.execute(stmt):
        counts[(ProviderType(provider_type).value, status, place)] += int(count)
    return Where(day, near_km, counts)
