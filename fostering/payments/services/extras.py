"""Agreed extra weekly payments on a placement with one of the council's carers (for a
child's extra needs, say): each from a date until the next; 0 ends one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fostering.extensions import db
from fostering.models import Placement, User
from fostering.models.payments import PlacementExtra
from fostering.payments.services import rates
from fostering.payments.services.errors import PaymentCode, PaymentError
from fostering.services import audit
from fostering.services.transactions import transactional

REASON_LIMIT = 200


def extras_of(placement: Placement) -> list[PlacementExtra]:
    return list(
        db.session.scalars(
            select(PlacementExtra)
            .where(PlacementExtra.placement_id == placement.id)
            .order_by(PlacementExtra.effective_from)
        )
    )


@transactional
def agree_extra(
    actor: User | None,
    placement: Placement,
    *,
    effective_from: date,
    weekly_pence: int,
    reason: str,
) -> PlacementExtra:
    """An extra ``weekly_pence`` a week on ``placement`` from ``effective_from``."""
    if placement.carer_id is None:
        raise PaymentError(PaymentCode.EXTRA_NOT_IN_HOUSE)
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(PaymentCode.EXTRA_REASON_MISSING, field="reason")
    if effective_from < placement.start_date:
        raise PaymentError(PaymentCode.EXTRA_BEFORE_START, field="effective_from")
    if placement.end_date is not None and effective_from > placement.end_date:
        raise PaymentError(PaymentCode.EXTRA_AFTER_END, field="effective_from")
    if any(item.effective_from == effective_from for item in extras_of(placement)):
        raise PaymentError(PaymentCode.EXTRA_DATE_TAKEN, field="effective_from")
    extra = PlacementExtra(
        placement_id=placement.id,
        effective_from=effective_from,
        weekly_pence=weekly_pence,
        reason=reason[:REASON_LIMIT],
        set_by_id=actor.id if isinstance(actor, User) else None,
    )
    db.session.add(extra)
    db.session.flush()
    audit.record(actor, "placement_extra_agreed", placement)
    rates.reprice_placement(placement)
    return extra
