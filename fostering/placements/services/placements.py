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
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import format_date
from sqlalchemy import or_, update

from fostering.extensions import db
from fostering.models import Agency, Child, ChildrensHome, FosterCarer, Placement, PlacementRate
from fostering.models.child import ChildStatus
from fostering.models.placement import EndReason, PlacementStage, ProviderType
from fostering.models.postcode import Postcode
from fostering.models.provider import AgencyKind
from fostering.models.user import User
from fostering.payments.services import rates as payment_rates
from fostering.placements.services.errors import PlacementCode, PlacementsError
from fostering.services import audit, profit_act
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


def checked_approval(provider: Provider, start_date: date, reference: str | None) -> str | None:
    """The supplementary placement's approval reference, tidied; refused when the
    placement needs one (a for-profit provider from the Act's date) and has none."""
    reference = (reference or "").strip() or None
    if reference is not None and len(reference) > profit_act.APPROVAL_REFERENCE_LENGTH:
        raise PlacementError(PlacementCode.APPROVAL_REFERENCE_LONG, field="approval_reference")
    if reference is None and profit_act.needs_approval(provider, start_date):
        raise PlacementError(
            PlacementCode.APPROVAL_REFERENCE_MISSING,
            field="approval_reference",
            date=format_date(profit_act.supplementary_from(), "d MMMM yyyy"),
        )
    return reference


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
    approval_reference: str | None = None,
) -> Placement:
    """Place ``child`` with ``provider`` from ``start_date``.

    Raises ``PlacementError`` when the provider is full, the child is no longer
    waiting, or a supplementary placement has no approval reference; nothing is written.
    """
    if weekly_cost_pence < 0:
        raise PlacementError(PlacementCode.WEEKLY_COST, field="weekly_cost")
    approval_reference = checked_approval(provider, start_date, approval_reference)
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
        approval_reference=approval_reference,
        matching_outcome_id=matching_outcome_id,
        created_by_id=actor.id if actor is not None else None,
        rates=[PlacementRate(effective_from=start_date, weekly_cost_pence=weekly_cost_pence)],
    )
    placement.retile_rates()
    db.session.add(placement)
    db.session.flush()
    payment_rates.reprice_placement(placement)  # an in-house carer's: what the council pays
    audit.record(actor, "placement_made", placement)
    audit.record(actor, "child_placed", child)
    return placement


@transactional
def end_placement(
    placement: Placement,
    *,
    end_date: date,
    actor: User | None,
    child_status: ChildStatus,
    reason: EndReason | None = None,
    planned: bool | None = None,
) -> None:
    """End a current placement, freeing its place; the child becomes ``child_status``.
    ``reason`` and ``planned`` say why it ended and whether that was the plan (the
    stability figures count unplanned endings)."""
    _lock(placement)
    if placement.end_date is not None:
        raise PlacementError(PlacementCode.PLACEMENT_ENDED, field="end_date")
    if placement.stage != PlacementStage.STARTED.value:
        raise PlacementError(PlacementCode.PLACEMENT_NOT_STARTED)
    if end_date < placement.start_date:
        raise PlacementError(PlacementCode.END_BEFORE_START, field="end_date")
    placement.end_date = end_date
    placement.end_reason = reason.value if reason is not None else None
    placement.end_planned = planned
    placement.retile_rates()  # the last rate now ends on the end date
    payment_rates.reprice_placement(placement)  # derived rates after the end go
    _free_place(placement.provider)
    placement.child.status = child_status.value
    audit.record(actor, "placement_ended", placement)


def _lock(placement: Placement) -> None:
    """Lock the placement's row (on PostgreSQL; SQLite serialises writers) and re-read its
    end date and rates, so two officers changing one placement at once cannot leave its
    rates' spans (``effective_to``) describing a state neither of them saw."""
    db.session.refresh(placement, ["end_date", "stage", "rates"], with_for_update=True)


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
    if payment_rates.is_derived(placement, effective_from):
        # The council's payment tables set an in-house carer's cost from their first year.
        raise PlacementError(PlacementCode.RATE_FROM_TABLES, field="effective_from")
    rate = PlacementRate(effective_from=effective_from, weekly_cost_pence=weekly_cost_pence)
    placement.rates.append(rate)
    placement.retile_rates()
    db.session.flush()
    audit.record(actor, "placement_rate_changed", placement)
    return rate


# --- A placement's life: planned, then started or cancelled ---------------------------


@dataclass(frozen=True)
class Agreement:
    """The placement agreement with the carer or provider, and what was shared with them."""

    agreed_on: date
    agreed_with: str
    information_shared: str
    information_shared_on: date
    # A supplementary placement's approval by the Welsh Ministers (for-profit providers).
    approval_reference: str = ""


def _move_child(child: Child, before: ChildStatus, after: ChildStatus) -> None:
    """Move the child's status on only from ``before``: a second officer's move finds it
    gone and nothing is written."""
    moved = db.session.execute(
        update(Child)
        .where(Child.id == child.id, Child.status == before.value)
        .values(status=after.value)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise PlacementError(PlacementCode.CHILD_NOT_WAITING)
    db.session.refresh(child, ["status"])


def _check_agreement(agreement: Agreement, today: date) -> None:
    if not agreement.agreed_with.strip():
        raise PlacementError(PlacementCode.AGREED_WITH_MISSING, field="agreed_with")
    if not agreement.information_shared.strip():
        raise PlacementError(PlacementCode.SHARED_MISSING, field="information_shared")
    if agreement.agreed_on > today:
        raise PlacementError(PlacementCode.AGREED_IN_FUTURE, field="agreed_on")
    if agreement.information_shared_on > today:
        raise PlacementError(PlacementCode.SHARED_IN_FUTURE, field="information_shared_on")


@transactional
def plan_placement(
    *,
    child: Child,
    provider: Provider,
    start_date: date,
    weekly_cost_pence: int,
    actor: User | None,
    matching_outcome_id: int | None = None,
) -> Placement:
    """Plan a placement (an accepted proposal): the place is held now (``occupied`` goes
    up with the same conditional update as ``make_placement``, so no one else can fill
    it), the child moves from awaiting to planned, and no weekly cost is spent until it
    starts. The agreement with the carer or provider is recorded before it can start."""
    if weekly_cost_pence < 0:
        raise PlacementError(PlacementCode.WEEKLY_COST, field="weekly_cost")
    _move_child(child, ChildStatus.AWAITING, ChildStatus.PLANNED)
    _take_place(provider)
    placement = Placement(
        child_id=child.id,
        carer_id=provider.id if isinstance(provider, FosterCarer) else None,
        home_id=provider.id if isinstance(provider, ChildrensHome) else None,
        agency_id=provider.id if isinstance(provider, Agency) else None,
        provider_type=provider_type_for(provider).value,
        not_for_profit=provider.not_for_profit if isinstance(provider, Agency) else True,
        out_of_county=is_out_of_county(provider.local_authority),
        distance_km=km_between(
            (child.home_easting, child.home_northing), (provider.easting, provider.northing)
        ),
        start_date=start_date,
        stage=PlacementStage.PLANNED.value,
        planned_weekly_cost_pence=weekly_cost_pence,
        matching_outcome_id=matching_outcome_id,
        created_by_id=actor.id if actor is not None else None,
    )
    db.session.add(placement)
    db.session.flush()
    audit.record(actor, "placement_planned", placement)
    audit.record(actor, "child_placement_planned", child)
    return placement


@transactional
def record_agreement(
    placement: Placement, *, start_date: date, agreement: Agreement, today: date, actor: User | None
) -> None:
    """Record a planned placement's agreement with the carer or provider, what was shared
    with them, and its planned start date (today or later)."""
    _planned(placement)
    if start_date < today:
        raise PlacementError(PlacementCode.START_IN_PAST, field="start_date")
    _check_agreement(agreement, today)
    placement.approval_reference = checked_approval(
        placement.provider, start_date, agreement.approval_reference
    )
    placement.start_date = start_date
    placement.agreed_on = agreement.agreed_on
    placement.agreed_with = agreement.agreed_with.strip()
    placement.information_shared = agreement.information_shared.strip()
    placement.information_shared_on = agreement.information_shared_on
    audit.record(actor, "placement_agreement_recorded", placement)


def _planned(placement: Placement) -> None:
    _lock(placement)
    if placement.stage != PlacementStage.PLANNED.value:
        raise PlacementError(PlacementCode.PLACEMENT_NOT_PLANNED)


@transactional
def start_placement(
    placement: Placement,
    *,
    start_date: date,
    today: date,
    new_school: Postcode | None,
    actor: User | None,
) -> None:
    """Start a planned placement on ``start_date`` (not before the planned date, not
    after today): its weekly cost starts then and the child is placed. ``new_school``:
    the school the child moves to with this placement (None: the same school)."""
    _planned(placement)
    if placement.agreed_on is None or placement.information_shared is None:
        raise PlacementError(PlacementCode.AGREEMENT_MISSING)
    if start_date < placement.start_date:
        raise PlacementError(PlacementCode.START_BEFORE_PLANNED, field="start_date")
    if start_date > today:
        raise PlacementError(PlacementCode.START_IN_FUTURE, field="start_date")
    checked_approval(placement.provider, start_date, placement.approval_reference)
    child = placement.child
    _move_child(child, ChildStatus.PLANNED, ChildStatus.PLACED)
    placement.stage = PlacementStage.STARTED.value
    placement.start_date = start_date
    placement.rates = [
        PlacementRate(
            effective_from=start_date, weekly_cost_pence=placement.planned_weekly_cost_pence or 0
        )
    ]
    placement.retile_rates()
    db.session.flush()
    payment_rates.reprice_placement(placement)
    if new_school is not None and new_school.postcode != child.school_postcode:
        child.school_postcode = new_school.postcode
        child.school_easting = new_school.easting
        child.school_northing = new_school.northing
        placement.school_changed = True
    else:
        placement.school_changed = False
    placement.school_postcode = child.school_postcode
    db.session.flush()
    audit.record(actor, "placement_started", placement)
    audit.record(actor, "child_placed", child)


@transactional
def cancel_placement(placement: Placement, *, reason: str, actor: User | None) -> None:
    """Cancel a planned placement: the place is free again and the child waits again.
    Its end date becomes its planned start, so it never counts as current."""
    if not reason.strip():
        raise PlacementError(PlacementCode.CANCEL_REASON_MISSING, field="reason")
    _planned(placement)
    _move_child(placement.child, ChildStatus.PLANNED, ChildStatus.AWAITING)
    placement.stage = PlacementStage.CANCELLED.value
    placement.cancel_reason = reason.strip()
    placement.end_date = placement.start_date
    _free_place(placement.provider)
    audit.record(actor, "placement_cancelled", placement)
    audit.record(actor, "child_placement_cancelled", placement.child)
