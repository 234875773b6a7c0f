"""Making, ending and re-pricing placements: the one place vacancies change.

``make_placement`` fills a place with a conditional ``UPDATE ... SET occupied =
occupied + 1 WHERE occupied < capacity`` and moves the child from awaiting to placed the
same way, in one transaction (the caller's, when it has one). On PostgreSQL a second
officer's update waits on the row lock and then finds no room; on SQLite writers are
serialised. The check constraints on ``occupied`` are the backstop. Every change is
audited.
"""

from __future__ import annotations

import math
from datetime import date

from flask import current_app
from sqlalchemy import or_, update

from fostering.extensions import db
from fostering.models import Agency, Child, ChildrensHome, FosterCarer, Placement, PlacementRate
from fostering.models.child import ChildStatus
from fostering.models.placement import ProviderType
from fostering.models.provider import AgencyKind
from fostering.models.user import User
from fostering.placements.services.errors import PlacementCode, PlacementsError
from fostering.services import audit
from fostering.services.transactions import transactional

Provider = FosterCarer | ChildrensHome | Agency


class PlacementError(PlacementsError):
    """A placement that cannot be made, ended or re-priced."""


def provider_type_for(provider: Provider) -> ProviderType:
    if isinstance(provider, FosterCarer):
        return ProviderType.IN_HOUSE_FOSTER
    if isinstance(provider, ChildrensHome):
        return ProviderType.COUNCIL_HOME
    kind = AgencyKind(provider.kind)
    if kind is AgencyKind.FOSTERING_AGENCY:
        return ProviderType.FOSTERING_AGENCY
    if kind is AgencyKind.PRIVATE_HOME:
        return ProviderType.PRIVATE_RESIDENTIAL
    return ProviderType.OTHER


def km_between(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> float | None:
    """Straight-line kilometres between two grid references, None if either is unknown."""
    if None in a or None in b:
        return None
    return math.hypot(a[0] - b[0], a[1] - b[1]) / 1000


def is_out_of_county(local_authority: str | None) -> bool:
    return local_authority is not None and local_authority != current_app.config["COUNCIL_LA_CODE"]


def _take_place(provider: Provider) -> None:
    model = type(provider)
    capacity = ChildrensHome.beds if model is ChildrensHome else model.places
    room = model.occupied < capacity
    if model is Agency:
        room = or_(Agency.places.is_(None), room)
    result = db.session.execute(
        update(model)
        .where(model.id == provider.id, room)
        .values(occupied=model.occupied + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise PlacementError(PlacementCode.NO_VACANCY)
    db.session.refresh(provider, ["occupied"])


def _free_place(provider: Provider) -> None:
    model = type(provider)
    db.session.execute(
        update(model)
        .where(model.id == provider.id, model.occupied > 0)
        .values(occupied=model.occupied - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(provider, ["occupied"])


@transactional
def make_placement(
    *,
    child: Child,
    provider: Provider,
    start_date: date,
    weekly_cost_pence: int,
    actor: User | None,
    matching_outcome_id: int | None = None,
    require_awaiting: bool = True,
) -> Placement:
    """Place ``child`` with ``provider`` from ``start_date``.

    Raises ``PlacementError`` when the provider is full or the child is no longer
    waiting; nothing is written.
    """
    if weekly_cost_pence < 0:
        raise PlacementError(PlacementCode.WEEKLY_COST, field="weekly_cost")
    if require_awaiting:
        moved = db.session.execute(
            update(Child)
            .where(Child.id == child.id, Child.status == ChildStatus.AWAITING.value)
            .values(status=ChildStatus.PLACED.value)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:
            raise PlacementError(PlacementCode.CHILD_NOT_WAITING)
    else:
        db.session.execute(
            update(Child)
            .where(Child.id == child.id)
            .values(status=ChildStatus.PLACED.value)
            .execution_options(synchronize_session=False)
        )
    db.session.refresh(child, ["status"])
    _take_place(provider)
    kind = provider_type_for(provider)
    placement = Placement(
        child_id=child.id,
        carer_id=provider.id if isinstance(provider, FosterCarer) else None,
        home_id=provider.id if isinstance(provider, ChildrensHome) else None,
        agency_id=provider.id if isinstance(provider, Agency) else None,
        provider_type=kind.value,
        not_for_profit=provider.not_for_profit if isinstance(provider, Agency) else True,
        out_of_county=is_out_of_county(provider.local_authority),
        distance_km=km_between(
            (child.home_easting, child.home_northing), (provider.easting, provider.northing)
        ),
        start_date=start_date,
        matching_outcome_id=matching_outcome_id,
        created_by_id=actor.id if actor is not None else None,
        rates=[PlacementRate(effective_from=start_date, weekly_cost_pence=weekly_cost_pence)],
    )
    placement.retile_rates()
    db.session.add(placement)
    db.session.flush()
    audit.record(actor, "placement_made", placement)
    audit.record(actor, "child_placed", child)
    return placement


@transactional
def end_placement(
    placement: Placement, *, end_date: date, actor: User | None, child_status: ChildStatus
) -> None:
    """End a current placement, freeing its place; the child becomes ``child_status``."""
    _lock(placement)
    if placement.end_date is not None:
        raise PlacementError(PlacementCode.PLACEMENT_ENDED, field="end_date")
    if end_date < placement.start_date:
        raise PlacementError(PlacementCode.END_BEFORE_START, field="end_date")
    placement.end_date = end_date
    placement.retile_rates()  # the last rate now ends on the end date
    _free_place(placement.provider)
    placement.child.status = child_status.value
    audit.record(actor, "placement_ended", placement)


def _lock(placement: Placement) -> None:
    """Lock the placement's row (on PostgreSQL; SQLite serialises writers) and re-read its
    end date and rates, so two officers changing one placement at once cannot leave its
    rates' spans (``effective_to``) describing a state neither of them saw."""
    db.session.refresh(placement, ["end_date", "rates"], with_for_update=True)


@transactional
def change_rate(
    placement: Placement, *, effective_from: date, weekly_cost_pence: int, actor: User | None
) -> PlacementRate:
    """Add a new weekly cost from ``effective_from``; earlier rates are never overwritten."""
    if weekly_cost_pence < 0:
        raise PlacementError(PlacementCode.WEEKLY_COST, field="weekly_cost")
    _lock(placement)
    if effective_from < placement.start_date:
        raise PlacementError(PlacementCode.RATE_BEFORE_START, field="effective_from")
    if placement.end_date is not None and effective_from > placement.end_date:
        raise PlacementError(PlacementCode.RATE_AFTER_END, field="effective_from")
    if any(rate.effective_from == effective_from for rate in placement.rates):
        raise PlacementError(PlacementCode.RATE_DATE_TAKEN, field="effective_from")
    rate = PlacementRate(effective_from=effective_from, weekly_cost_pence=weekly_cost_pence)
    placement.rates.append(rate)
    placement.retile_rates()
    db.session.flush()
    audit.record(actor, "placement_rate_changed", placement)
    return rate
