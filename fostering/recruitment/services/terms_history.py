"""The terms of approval over time: each version dated from when it comes into force.

Two readers, one rule (the latest version whose ``effective_from`` is on or before the
date):

- :func:`terms_in_force` gives every carer's terms on a date, in one query. Matching
  reads carers' terms through it (``placements.services.matching_instance``), so a run
  dated before a change comes into force never offers the extra place.
- :func:`bring_up_to_date` copies the version in force today onto the carer's columns
  (``foster_carers.places`` and the rest), which the register, the readiness checks and
  the placement service read. It runs when a change is decided, when a matching run
  starts, and when the team opens a carer's page or the dashboard; a version dated in
  the future is copied once its day comes.

A carer with no history (one added before it began, or by an import) is held at its
columns. A reduction in places never goes below the children living there: the columns
keep the places those children fill until they leave.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists, insert, select

from fostering.extensions import db
from fostering.models import CarerTerms, FosterCarer, User
from fostering.models.carer_review import TermsSource
from fostering.models.types import utcnow
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.terms import Terms
from fostering.services import audit
from fostering.services.transactions import transactional

FIELDS = ("places", "min_age", "max_age", "sexes", "placement_types", "skills", "welsh_speaking")


def values_of(terms: Any) -> dict[str, Any]:
    """The seven terms matching reads, from a carer, a history row or a ``Terms``."""
    values = {name: getattr(terms, name) for name in FIELDS}
    for name in ("sexes", "placement_types", "skills"):
        values[name] = sorted(values[name] or [])
    values["welsh_speaking"] = bool(values["welsh_speaking"])
    return values


def as_terms(values: dict[str, Any] | Any, carer: FosterCarer) -> Terms:
    """A ``Terms`` (checked) from stored values, with the household's postcode (a review
    changes neither the postcode nor what the carer is paid)."""
    data = values if isinstance(values, dict) else values_of(values)
    return Terms.from_dict({**data, "postcode": carer.postcode})


def history(carer: FosterCarer) -> list[CarerTerms]:
    """Every version of the carer's terms, newest first."""
    return list(
        db.session.scalars(
            select(CarerTerms)
            .where(CarerTerms.carer_id == carer.id)
            .order_by(CarerTerms.effective_from.desc(), CarerTerms.id.desc())
        )
    )


def in_force(carer: FosterCarer, on: date) -> CarerTerms | None:
    """The version in force on ``on`` (None: no history, the columns are the terms)."""
    return db.session.scalar(
        select(CarerTerms)
        .where(CarerTerms.carer_id == carer.id, CarerTerms.effective_from <= on)
        .order_by(CarerTerms.effective_from.desc(), CarerTerms.id.desc())
        .limit(1)
    )


def terms_in_force(on: date) -> dict[int, dict[str, Any]]:
    """Each carer with history: the terms in force on ``on`` (one query, no ORM rows)."""
    rows = db.session.execute(
        select(CarerTerms.carer_id, *(getattr(CarerTerms, name) for name in FIELDS))
        .where(CarerTerms.effective_from <= on)
        .order_by(CarerTerms.carer_id, CarerTerms.effective_from, CarerTerms.id)
    )
    found: dict[int, dict[str, Any]] = {}
    for row in rows:  # later versions overwrite earlier ones
        found[row.carer_id] = {name: getattr(row, name) for name in FIELDS}
    return found


def _row(carer: FosterCarer, values: dict[str, Any], **extra: Any) -> CarerTerms:
    return CarerTerms(carer_id=carer.id, **values, **extra)


def _ensure_first_version(carer: FosterCarer) -> None:
    """A carer with no history gets its present terms as the first version."""
    if db.session.scalar(select(exists().where(CarerTerms.carer_id == carer.id))):
        return
    source = TermsSource.APPROVAL if carer.application_id else TermsSource.REGISTER
    db.session.add(
        _row(
            carer,
            values_of(carer),
            effective_from=carer.approved_on,
            source=source.value,
            applied_at=utcnow(),
        )
    )
    db.session.flush()


def record_approval(carer: FosterCarer, *, actor: User | None, decision_ref: str | None) -> None:
    """The terms set at approval: the first version (in the approval's transaction)."""
    db.session.add(
        _row(
            carer,
            values_of(carer),
            effective_from=carer.approved_on,
            source=TermsSource.APPROVAL.value,
            decision_ref=decision_ref,
            recorded_by_id=actor.id if actor is not None else None,
            applied_at=utcnow(),
        )
    )


@transactional
def record_change(
    carer: FosterCarer,
    terms: Terms,
    *,
    effective_from: date,
    source: TermsSource,
    actor: User | None,
    review_id: int | None = None,
    decision_ref: str | None = None,
) -> CarerTerms:
    """A decided change of terms, in force from ``effective_from`` (today's or earlier
    is copied onto the carer now; a later one on its day)."""
    _ensure_first_version(carer)
    version = _row(
        carer,
        values_of(terms),
        effective_from=effective_from,
        source=source.value,
        review_id=review_id,
        decision_ref=decision_ref,
        recorded_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    db.session.flush()
    audit.record(actor, "carer_terms_changed", carer, detail=f"version={version.id}")
    bring_up_to_date(carer_ids=[carer.id])
    return version


def _apply(carer: FosterCarer, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(carer, name, value)
    # The children living there keep their places until they leave.
    carer.places = max(carer.places, carer.occupied or 0)


@transactional
def bring_up_to_date(on: date | None = None, *, carer_ids: list[int] | None = None) -> int:
    """Copy versions that have come into force onto their carers' columns. Returns how
    many carers changed (usually none: it is cheap to call)."""
    on = on or office_today()
    stmt = (
        select(CarerTerms)
        .where(CarerTerms.applied_at.is_(None), CarerTerms.effective_from <= on)
        .order_by(CarerTerms.carer_id, CarerTerms.effective_from, CarerTerms.id)
    )
    if carer_ids is not None:
        stmt = stmt.where(CarerTerms.carer_id.in_(carer_ids))
    pending = list(db.session.scalars(stmt))
    if not pending:
        return 0
    now = utcnow()
    changed: set[int] = set()
    for version in pending:
        version.applied_at = now
        changed.add(version.carer_id)
    for carer_id in changed:
        carer = db.session.get(FosterCarer, carer_id)
        current = in_force(carer, on)
        if carer is not None and current is not None:
            _apply(carer, values_of(current))
            audit.record(None, "carer_terms_came_into_force", carer, detail=f"version={current.id}")
    return len(changed)


def record_missing_first_versions() -> int:
    """Give every carer with no history its present terms as the first version (one
    statement: the demo uses it for its 250 households)."""
    has_history = select(CarerTerms.id).where(CarerTerms.carer_id == FosterCarer.id).exists()
    carers = select(
        FosterCarer.id,
        FosterCarer.approved_on,
        FosterCarer.places,
        FosterCarer.min_age,
        FosterCarer.max_age,
        FosterCarer.sexes,
        FosterCarer.placement_types,
        FosterCarer.skills,
        FosterCarer.welsh_speaking,
    ).where(~has_history)
    rows = [
        {
            "carer_id": row.id,
            "effective_from": row.approved_on,
            "source": TermsSource.REGISTER.value,
            "recorded_at": utcnow(),
            "applied_at": utcnow(),
            **{name: getattr(row, name) for name in FIELDS},
        }
        for row in db.session.execute(carers)
    ]
    if rows:
        db.session.execute(insert(CarerTerms), rows)
    return len(rows)
