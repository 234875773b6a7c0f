"""A carer's payment terms over time: fee-paid at a level, salaried or allowance only.

New terms never overwrite old ones: each runs from its date to the next, so what was
paid on any past day can be worked out again. Setting terms is audited and reprices the
carer's placements.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fostering.extensions import db
from fostering.models import FosterCarer, User
from fostering.models.payments import FEE_LEVELS, CarerPaymentTerms, PaymentKind
from fostering.payments.services import rates
from fostering.payments.services.errors import PaymentCode, PaymentError
from fostering.services import audit
from fostering.services.transactions import transactional


def history(carer: FosterCarer) -> list[CarerPaymentTerms]:
    """Newest first."""
    return list(
        db.session.scalars(
            select(CarerPaymentTerms)
            .where(CarerPaymentTerms.carer_id == carer.id)
            .order_by(CarerPaymentTerms.effective_from.desc())
        )
    )


def terms_on(carer: FosterCarer, day: date) -> CarerPaymentTerms | None:
    return db.session.scalar(
        select(CarerPaymentTerms)
        .where(CarerPaymentTerms.carer_id == carer.id, CarerPaymentTerms.effective_from <= day)
        .order_by(CarerPaymentTerms.effective_from.desc())
        .limit(1)
    )


@transactional
def set_terms(
    actor: User | None,
    carer: FosterCarer,
    *,
    effective_from: date,
    kind: PaymentKind | None,
    fee_level: int | None,
) -> CarerPaymentTerms:
    """Pay ``carer`` as ``kind`` (at ``fee_level`` when fee-paid) from ``effective_from``."""
    if kind is None:
        raise PaymentError(PaymentCode.KIND_MISSING, field="kind")
    if kind is PaymentKind.FEE_PAID and fee_level not in FEE_LEVELS:
        raise PaymentError(PaymentCode.LEVEL_MISSING, field="fee_level")
    if kind is not PaymentKind.FEE_PAID and fee_level is not None:
        raise PaymentError(PaymentCode.LEVEL_NOT_FEE_PAID, field="fee_level")
    if effective_from < carer.approved_on:
        raise PaymentError(PaymentCode.TERMS_BEFORE_APPROVAL, field="effective_from")
    taken = db.session.scalar(
        select(CarerPaymentTerms.id).where(
            CarerPaymentTerms.carer_id == carer.id,
            CarerPaymentTerms.effective_from == effective_from,
        )
    )
    if taken is not None:
        raise PaymentError(PaymentCode.TERMS_DATE_TAKEN, field="effective_from")
    terms = CarerPaymentTerms(
        carer_id=carer.id,
        effective_from=effective_from,
        kind=kind.value,
        fee_level=fee_level,
        set_by_id=actor.id if isinstance(actor, User) else None,
    )
    db.session.add(terms)
    db.session.flush()
    audit.record(actor, "carer_payment_terms_set", carer, detail=f"terms {terms.id}")
    rates.reprice_carer(carer.id)
    return terms
