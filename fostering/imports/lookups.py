"""Bulk look-ups for a dry run: one query per table (postcodes in chunks of the file's
distinct postcodes), so checking 10,000 rows is set membership, not 10,000 queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from fostering.extensions import db
from fostering.imports.cells import postcode
from fostering.models import (
    Agency,
    Child,
    ChildrensHome,
    FosterCarer,
    Need,
    Postcode,
    Role,
    User,
)

CHUNK = 500


def postcodes(raw_values: Iterable[object]) -> dict[str, Postcode]:
    """The directory rows for the distinct postcodes among ``raw_values``."""
    wanted = sorted({pc for value in raw_values if value and (pc := postcode(str(value)))})
    found: dict[str, Postcode] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for row in db.session.scalars(select(Postcode).where(Postcode.postcode.in_(chunk))):
            found[row.postcode] = row
    return found


def active_needs() -> set[str]:
    return set(db.session.scalars(select(Need.code).where(Need.active.is_(True))))


def child_references() -> dict[str, int]:
    """Every child's reference (upper case) → id."""
    return {
        ref.upper(): ident for ident, ref in db.session.execute(select(Child.id, Child.reference))
    }


def social_workers() -> dict[str, int]:
    """Active social workers' emails (lower case) → id: whom a child may be allocated to."""
    rows = db.session.execute(
        select(User.id, User.email).where(
            User.role == Role.SOCIAL_WORKER.value, User.active.is_(True)
        )
    )
    return {email.lower(): ident for ident, email in rows}


@dataclass(frozen=True)
class ProviderRef:
    model: type
    id: int
    capacity: int | None  # None: no agreed limit
    occupied: int


def provider_references() -> dict[str, list[ProviderRef]]:
    """Every carer's, home's and agency's reference (upper case) → the providers with it."""
    found: dict[str, list[ProviderRef]] = {}
    queries = (
        (FosterCarer, select(FosterCarer.id, FosterCarer.reference, FosterCarer.places,
                             FosterCarer.occupied)),
        (ChildrensHome, select(ChildrensHome.id, ChildrensHome.reference, ChildrensHome.beds,
                               ChildrensHome.occupied)),
        (Agency, select(Agency.id, Agency.reference, Agency.places, Agency.occupied)),
    )  # fmt: skip
    for model, query in queries:
        for ident, ref, capacity, occupied in db.session.execute(query):
            found.setdefault(ref.upper(), []).append(ProviderRef(model, ident, capacity, occupied))
    return found
