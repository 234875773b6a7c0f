"""Ending a carer's approval after a review: the carer leaves the pool matching uses.

Kept small and separate so the carer's other status changes (on hold, resigned) can
live elsewhere and call nothing here.
"""

from __future__ import annotations

from fostering.models import CarerReview, FosterCarer, User
from fostering.models.carer import CarerStatus
from fostering.services import audit
from fostering.services.transactions import transactional


@transactional
def end_approval(carer: FosterCarer, *, actor: User | None, review: CarerReview) -> FosterCarer:
    """The decision maker has decided to end the approval (the review's decision)."""
    old = carer.status
    carer.status = CarerStatus.DEREGISTERED.value
    audit.record(actor, "carer_deregistered", carer, detail=f"review={review.id} was={old}")
    return carer
