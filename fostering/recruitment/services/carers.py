"""The in-house carer register: adding an approved household, and looking carers up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, or_, select

from fostering.extensions import db
from fostering.models import FosterCarer, User
from fostering.models.carer import CarerStatus
from fostering.placements.services.providers import locate_carer
from fostering.recruitment.services.terms import Terms
from fostering.services import audit
from fostering.services.references import random_reference
from fostering.services.transactions import transactional

CARER_PREFIX = "FC"


def new_carer_reference() -> str:
    for _ in range(20):
        reference = random_reference(CARER_PREFIX)
        taken = db.session.scalar(select(FosterCarer.id).where(FosterCarer.reference == reference))
        if taken is None:
            return reference
    raise RuntimeError("could not find an unused carer reference")


def annual_review_due(approved_on: date) -> date:
    """One year after approval (28 February for a 29 February approval): never later."""
    try:
        return approved_on.replace(year=approved_on.year + 1)
    except ValueError:
        return approved_on.replace(year=approved_on.year + 1, day=28)


@transactional
def add_carer(
    *,
    household_name: str,
    terms: Terms,
    approved_on: date,
    actor: User | None,
    application_id: int | None = None,
) -> FosterCarer:
    """Put a household on the register with its terms (the approval's transaction)."""
    carer = FosterCarer(
        reference=new_carer_reference(),
        household_name=household_name,
        application_id=application_id,
        postcode=terms.postcode,
        approved_on=approved_on,
        places=terms.places,
        min_age=terms.min_age,
        max_age=terms.max_age,
        sexes=list(terms.sexes),
        placement_types=list(terms.placement_types),
        skills=list(terms.skills),
        welsh_speaking=terms.welsh_speaking,
        weekly_allowance_pence=terms.weekly_allowance_pence,
        status=CarerStatus.ACTIVE.value,
        annual_review_due=annual_review_due(approved_on),
    )
    locate_carer(carer)  # matching needs the grid reference
    db.session.add(carer)
    db.session.flush()
    audit.record(actor, "carer_added", carer)
    return carer


@dataclass(frozen=True)
class CarerQuery:
    text: str = ""
    status: str = ""
    welsh_speaking: bool = False


def register_statement(query: CarerQuery) -> Select:
    stmt = select(FosterCarer)
    if query.text:
        like = f"%{query.text.strip().lower()}%"
        compact = query.text.replace(" ", "").upper()
        stmt = stmt.where(
            or_(
                func.lower(FosterCarer.household_name).like(like),
                FosterCarer.reference == query.text.strip().upper(),
                func.replace(FosterCarer.postcode, " ", "").like(f"{compact}%"),
            )
        )
    if query.status:
        stmt = stmt.where(FosterCarer.status == query.status)
    if query.welsh_speaking:
        stmt = stmt.where(FosterCarer.welsh_speaking.is_(True))
    return stmt.order_by(FosterCarer.household_name, FosterCarer.id)


def reviews_due(before: date) -> list[FosterCarer]:
    """Active and on-hold carers whose annual review falls due on or before ``before``."""
    return list(
        db.session.scalars(
            select(FosterCarer)
            .where(
                FosterCarer.status != CarerStatus.RESIGNED.value,
                FosterCarer.annual_review_due <= before,
            )
            .order_by(FosterCarer.annual_review_due, FosterCarer.id)
        )
    )


@transactional
def view_carer(carer: FosterCarer, *, actor: User) -> FosterCarer:
    """Every look at a carer's record is audited."""
    audit.record(actor, "viewed", carer)
    return carer
