"""An in-house placement's weekly cost, derived from what the council pays.

For each day of a placement with one of the council's own carers, the weekly cost is

    the allowance for the child's age band on that day (payment table in force)
  + the carer's fee for that day: the fee for their level (fee-paid, per child placed),
    or their salary shared equally over their approved places (salaried), or nothing
    (allowance only, and a carer with no payment terms recorded)
  + any agreed extra on the placement from that day.

So the cost changes on 1 April when a new table starts, on the birthday a child moves
into the next age band (5, 11, 16), on the date a carer's terms change and on the date
an extra is agreed. ``reprice`` writes these as the placement's rates (one row from each
date the cost changes), so every commissioning figure, which reads rates, shows what the
council pays. Days before the council's first payment table keep the rates recorded
then (the ledger's history, imported figures), as do council homes and agencies.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fostering.extensions import db
from fostering.models import FosterCarer, Placement, PlacementRate
from fostering.models.payments import (
    AGE_BANDS,
    BAND_STARTS,
    CarerPaymentTerms,
    PaymentKind,
    PaymentTable,
    PlacementExtra,
    year_starts,
)
from fostering.models.placement import PlacementStage


def birthday(born: date, years: int) -> date:
    """The day someone born on ``born`` turns ``years`` (29 February: 1 March)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def age_on(born: date, day: date) -> int:
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


@dataclass(frozen=True)
class Tables:
    """The council's payment tables in order of year, and which is in force on a day."""

    tables: tuple[PaymentTable, ...]

    @classmethod
    def load(cls) -> Tables:
        rows = db.session.scalars(select(PaymentTable).order_by(PaymentTable.financial_year))
        return cls(tuple(rows))

    @property
    def first_day(self) -> date | None:
        return self.tables[0].starts if self.tables else None

    def starts(self) -> list[date]:
        return [table.starts for table in self.tables]

    def on(self, day: date) -> PaymentTable | None:
        index = bisect_right(self.starts(), day)
        return self.tables[index - 1] if index else None


def _in_force(dated: list, day: date):
    """The last of ``dated`` (sorted by ``effective_from``) in force on ``day``."""
    found = None
    for item in dated:
        if item.effective_from <= day:
            found = item
        else:
            break
    return found


def fee_pence(terms: CarerPaymentTerms | None, table: PaymentTable, places: int) -> int:
    """The carer's weekly fee for one placement under ``terms``."""
    if terms is None:
        return 0
    kind = PaymentKind(terms.kind)
    if kind is PaymentKind.FEE_PAID and terms.fee_level:
        return table.fee_for(terms.fee_level)
    if kind is PaymentKind.SALARIED:
        # The salary is shared equally over the approved places, rounded half up.
        share = max(places, 1)
        return (table.salary_pence * 2 + share) // (2 * share)
    return 0


def weekly_cost_on(
    day: date,
    *,
    born: date,
    tables: Tables,
    terms: list[CarerPaymentTerms],
    extras: list[PlacementExtra],
    places: int,
) -> int | None:
    """A placement's weekly cost on ``day``, or None before the first payment table."""
    table = tables.on(day)
    if table is None:
        return None
    extra = _in_force(extras, day)
    return (
        table.allowance_for(age_on(born, day))
        + fee_pence(_in_force(terms, day), table, places)
        + (extra.weekly_pence if extra else 0)
    )


def derived_rates(
    *,
    start: date,
    end: date | None,
    born: date,
    tables: Tables,
    terms: list[CarerPaymentTerms],
    extras: list[PlacementExtra],
    places: int,
) -> list[tuple[date, int]]:
    """``(effective_from, weekly pence)`` from each day the cost changes, for the days
    from ``start`` (or the first table's day, if later) to ``end`` (inclusive; None:
    open). Empty when no table covers any of those days."""
    first = tables.first_day
    if first is None:
        return []
    begin = max(start, first)
    if end is not None and end < begin:
        return []
    changes = {begin}
    changes.update(tables.starts())
    changes.update(birthday(born, age) for age in BAND_STARTS)
    changes.update(item.effective_from for item in terms)
    changes.update(item.effective_from for item in extras)
    days = sorted(day for day in changes if day >= begin and (end is None or day <= end))
    rates: list[tuple[date, int]] = []
    for day in days:
        pence = weekly_cost_on(
            day, born=born, tables=tables, terms=terms, extras=extras, places=places
        )
        if pence is not None and (not rates or rates[-1][1] != pence):
            rates.append((day, pence))
    return rates


def _terms_by_carer(carer_ids: Iterable[int]) -> dict[int, list[CarerPaymentTerms]]:
    found: dict[int, list[CarerPaymentTerms]] = {}
    ids = list(set(carer_ids))
    if not ids:
        return found
    stmt = select(CarerPaymentTerms).order_by(
        CarerPaymentTerms.carer_id, CarerPaymentTerms.effective_from
    )
    # Many carers (a matching run): read every carer's terms rather than a huge IN list.
    wanted = set(ids)
    if len(ids) <= 500:
        stmt = stmt.where(CarerPaymentTerms.carer_id.in_(ids))
    for row in db.session.scalars(stmt):
        if row.carer_id in wanted:
            found.setdefault(row.carer_id, []).append(row)
    return found


def _extras_by_placement(placement_ids: list[int]) -> dict[int, list[PlacementExtra]]:
    found: dict[int, list[PlacementExtra]] = {}
    if not placement_ids:
        return found
    stmt = select(PlacementExtra).order_by(
        PlacementExtra.placement_id, PlacementExtra.effective_from
    )
    wanted = set(placement_ids)
    if len(placement_ids) <= 500:
        stmt = stmt.where(PlacementExtra.placement_id.in_(placement_ids))
    for row in db.session.scalars(stmt):
        if row.placement_id in wanted:
            found.setdefault(row.placement_id, []).append(row)
    return found


def reprice(placements: list[Placement], tables: Tables | None = None) -> int:
    """Write each started in-house carer placement's derived rates (keeping the rates
    of its days before the first payment table); return how many changed."""
    tables = tables if tables is not None else Tables.load()
    mine = [
        p
        for p in placements
        if p.carer_id is not None and p.stage == PlacementStage.STARTED.value and p.rates
    ]
    if tables.first_day is None or not mine:
        return 0
    terms = _terms_by_carer(p.carer_id for p in mine)
    extras = _extras_by_placement([p.id for p in mine])
    changes = []
    for placement in mine:
        derived = derived_rates(
            start=placement.start_date,
            end=placement.end_date,
            born=placement.child.date_of_birth,
            tables=tables,
            terms=terms.get(placement.carer_id, []),
            extras=extras.get(placement.id, []),
            places=placement.carer.places,
        )
        change = _rates_change(placement, derived)
        if change is not None:
            changes.append((placement, *change))
    # The old rows go first, as a new one may take the same date (unique per placement),
    # and all in one flush: under the profiler, a flush per placement took 1.3 of the
    # 1.7 s that repricing the demo council's 357 placements took.
    for placement, kept, _ in changes:
        placement.rates = kept
    db.session.flush()
    for placement, _, derived in changes:
        placement.rates.extend(
            PlacementRate(effective_from=day, weekly_cost_pence=pence) for day, pence in derived
        )
        placement.retile_rates()
    db.session.flush()
    return len(changes)


def _rates_change(
    placement: Placement, derived: list[tuple[date, int]]
) -> tuple[list[PlacementRate], list[tuple[date, int]]] | None:
    """The rates to keep and the ones to add instead of the rest, or None for no change."""
    if not derived:
        return None
    begin = derived[0][0]
    kept = [rate for rate in placement.rates if rate.effective_from < begin]
    current = [
        (rate.effective_from, rate.weekly_cost_pence)
        for rate in placement.rates
        if rate.effective_from >= begin
    ]
    # A kept rate with the same cost as the first derived one simply runs on.
    if kept and max(kept, key=lambda r: r.effective_from).weekly_cost_pence == derived[0][1]:
        derived = derived[1:]
    if sorted(current) == derived:
        return None
    return kept, derived


def _with_rates():
    return select(Placement).options(
        selectinload(Placement.rates),
        selectinload(Placement.child),
        selectinload(Placement.carer),
    )


def reprice_where(*conditions) -> int:
    """Reprice every started carer placement matching ``conditions`` that has days on
    or after the first payment table."""
    tables = Tables.load()
    if tables.first_day is None:
        return 0
    stmt = _with_rates().where(
        Placement.carer_id.is_not(None),
        Placement.stage == PlacementStage.STARTED.value,
        (Placement.end_date.is_(None)) | (Placement.end_date >= tables.first_day),
        *conditions,
    )
    return reprice(list(db.session.scalars(stmt)), tables)


def reprice_all() -> int:
    """After a payment table changes: every in-house carer placement it can touch."""
    return reprice_where()


def reprice_carer(carer_id: int) -> int:
    return reprice_where(Placement.carer_id == carer_id)


def reprice_child(child_id: int) -> int:
    return reprice_where(Placement.child_id == child_id)


def reprice_placement(placement: Placement) -> int:
    return reprice([placement])


def is_derived(placement: Placement, day: date) -> bool:
    """Whether the placement's cost on ``day`` comes from the payment tables."""
    if placement.carer_id is None:
        return False
    first = Tables.load().first_day
    return first is not None and day >= first


# --- One weekly cost per carer, for matching and the register ----------------------


def representative_age(carer: FosterCarer) -> int:
    """The age matching prices a carer at: the middle of their approved age range."""
    return (carer.min_age + carer.max_age) // 2


def carer_weekly_costs(
    carers: list[FosterCarer] | list, day: date, tables: Tables | None = None
) -> dict[int, int]:
    """One weekly cost per carer on ``day``: the allowance for the band of the middle of
    their approved ages, plus their fee for one placement. A carer is priced at their
    recorded weekly amount (``weekly_allowance_pence``) when no table is in force."""
    tables = tables if tables is not None else Tables.load()
    table = tables.on(day)
    if table is None:
        return {carer.id: carer.weekly_allowance_pence for carer in carers}
    terms = _terms_by_carer(carer.id for carer in carers)
    return {
        carer.id: table.allowance_for(representative_age(carer))
        + fee_pence(_in_force(terms.get(carer.id, []), day), table, carer.places)
        for carer in carers
    }


def carer_cost_for_child(carer: FosterCarer, born: date, day: date) -> int:
    """What a new placement of a child born on ``born`` with ``carer`` costs a week from
    ``day``: derived from the tables, or the carer's recorded amount before them."""
    tables = Tables.load()
    pence = weekly_cost_on(
        day,
        born=born,
        tables=tables,
        terms=_terms_by_carer([carer.id]).get(carer.id, []),
        extras=[],
        places=carer.places,
    )
    return carer.weekly_allowance_pence if pence is None else pence


def costs_by_band(carer: FosterCarer, day: date) -> list[tuple[int, int, int]] | None:
    """``(first age, last age, weekly pence)`` of a placement with ``carer`` for a child
    in each age band on ``day``, or None when no table is in force then."""
    table = Tables.load().on(day)
    if table is None:
        return None
    terms = _in_force(_terms_by_carer([carer.id]).get(carer.id, []), day)
    fee = fee_pence(terms, table, carer.places)
    return [(first, last, getattr(table, column) + fee) for first, last, column in AGE_BANDS]


def year_days(financial_year: int) -> tuple[date, date]:
    return year_starts(financial_year), year_starts(financial_year + 1) - timedelta(days=1)
