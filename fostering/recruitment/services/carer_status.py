"""An approved household's status over time: active, on hold (with a reason and the
date the hold is reviewed), resigned, or deregistered by the agency decision maker.

Only the moves in :data:`ALLOWED` are made; any other is refused with a code. Every
change is kept as a dated :class:`CarerStatusChange` and audited. Matching offers
children to active households only (``placements.services.matching_instance``), and
says why a household on hold is not offered them, giving the hold's reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select, update

from fostering.extensions import db
from fostering.models import FosterCarer, User
from fostering.models.carer import CarerStatus
from fostering.models.carer_life import CarerStatusChange
from fostering.recruitment.services.carer_life_errors import CarerLifeCode, CarerLifeError
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.supervision import may_change
from fostering.services import audit
from fostering.services.transactions import transactional

S = CarerStatus
ALLOWED: dict[CarerStatus, frozenset[CarerStatus]] = {
    S.ACTIVE: frozenset({S.ON_HOLD, S.RESIGNED, S.DEREGISTERED}),
    S.ON_HOLD: frozenset({S.ACTIVE, S.RESIGNED, S.DEREGISTERED}),
    S.RESIGNED: frozenset(),
    S.DEREGISTERED: frozenset(),
}
REASON_LIMIT = 5000


def allowed_moves(carer: FosterCarer) -> list[CarerStatus]:
    """The statuses the household may move to, in the enum's order."""
    moves = ALLOWED.get(carer.status_enum, frozenset())
    return [status for status in CarerStatus if status in moves]


def _check_move(carer: FosterCarer, target: CarerStatus, actor: User) -> None:
    current = carer.status_enum
    if target is current:
        raise CarerLifeError(CarerLifeCode.STATUS_UNCHANGED, status=current.label.lower())
    if target not in ALLOWED.get(current, frozenset()):
        raise CarerLifeError(
            CarerLifeCode.STATUS_NOT_ALLOWED,
            current=current.label.lower(),
            target=target.label.lower(),
        )
    if target is S.DEREGISTERED:
        # Deregistration is the agency decision maker's decision, as approval is.
        from fostering.recruitment.services.stage2 import require_decision_maker

        require_decision_maker(actor)
    elif not may_change(carer, actor):
        raise CarerLifeError(CarerLifeCode.NOT_SUPERVISING_WORKER)


@transactional
def change_status(
    carer: FosterCarer,
    target: CarerStatus | str,
    *,
    reason: str,
    actor: User,
    effective_on: date | None = None,
    review_on: date | None = None,
    today: date | None = None,
) -> CarerStatusChange:
    """Move the household to ``target`` from ``effective_on`` (today when not given), for
    ``reason``. A hold needs the date it is to be reviewed."""
    try:
        target = CarerStatus(target)
    except ValueError:
        raise CarerLifeError(
            CarerLifeCode.STATUS_NOT_ALLOWED,
            field="status",
            current=carer.status_enum.label.lower(),
            target=str(target),
        ) from None
    db.session.refresh(carer)
    _check_move(carer, target, actor)
    today = today or office_today()
    effective_on = effective_on or today
    if effective_on > today:
        raise CarerLifeError(CarerLifeCode.STATUS_DATE_IN_FUTURE, field="effective_on")
    if effective_on < carer.approved_on:
        raise CarerLifeError(
            CarerLifeCode.STATUS_DATE_BEFORE_APPROVAL, field="effective_on", date=carer.approved_on
        )
    reason = (reason or "").strip()
    if not reason:
        raise CarerLifeError(CarerLifeCode.STATUS_REASON_MISSING, field="reason")
    if target is S.ON_HOLD:
        if review_on is None:
            raise CarerLifeError(CarerLifeCode.HOLD_REVIEW_MISSING, field="review_on")
        if review_on <= effective_on:
            raise CarerLifeError(CarerLifeCode.HOLD_REVIEW_NOT_AFTER, field="review_on")
    else:
        review_on = None
    previous = carer.status
    # Only from the status just read: a second person changing it at the same moment
    # finds it moved and is refused rather than writing over the first.
    moved = db.session.execute(
        update(FosterCarer)
        .where(FosterCarer.id == carer.id, FosterCarer.status == previous)
        .values(status=target.value)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.refresh(carer)
        raise CarerLifeError(CarerLifeCode.STATUS_UNCHANGED, status=carer.status_enum.label.lower())
    db.session.refresh(carer, ["status"])
    change = CarerStatusChange(
        carer_id=carer.id,
        from_status=previous,
        to_status=target.value,
        effective_on=effective_on,
        reason=reason[:REASON_LIMIT],
        review_on=review_on,
        by_id=actor.id,
    )
    db.session.add(change)
    db.session.flush()
    # The reason may name people or their circumstances: the audit keeps the statuses.
    audit.record(actor, "carer_status_changed", carer, detail=f"from={previous} to={target}")
    return change


def history(carer: FosterCarer) -> list[CarerStatusChange]:
    """Every change of the household's status, the latest first."""
    return list(
        db.session.scalars(
            select(CarerStatusChange)
            .where(CarerStatusChange.carer_id == carer.id)
            .order_by(CarerStatusChange.at.desc(), CarerStatusChange.id.desc())
        )
    )


def current_changes(carer_ids: Iterable[int]) -> dict[int, CarerStatusChange]:
    """For each household, the change that gave it its present status (none for a
    household never changed since approval)."""
    ids = list(carer_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(CarerStatusChange, FosterCarer.status)
        .join(FosterCarer, FosterCarer.id == CarerStatusChange.carer_id)
        .where(CarerStatusChange.carer_id.in_(ids))
        .order_by(CarerStatusChange.at, CarerStatusChange.id)
    )
    found: dict[int, CarerStatusChange] = {}
    for change, status in rows:
        if change.to_status == status:
            found[change.carer_id] = change
    return found


def current_change(carer: FosterCarer) -> CarerStatusChange | None:
    return current_changes([carer.id]).get(carer.id)


def holds_to_review(today: date | None = None) -> list[tuple[FosterCarer, CarerStatusChange]]:
    """Households on hold whose hold was to be reviewed by ``today``, the longest waiting
    first."""
    today = today or office_today()
    on_hold = list(
        db.session.scalars(select(FosterCarer).where(FosterCarer.status == S.ON_HOLD.value))
    )
    holds = current_changes(carer.id for carer in on_hold)
    due = [
        (carer, holds[carer.id])
        for carer in on_hold
        if carer.id in holds and holds[carer.id].review_on and holds[carer.id].review_on <= today
    ]
    return sorted(due, key=lambda pair: (pair[1].review_on, pair[0].household_name))
