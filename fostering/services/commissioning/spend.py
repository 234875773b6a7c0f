"""Spend from the placement ledger, summed in SQL.

A rate is in force from its ``effective_from`` to the day before the next rate's date
(``LEAD`` over the placement's rates), or to the placement's end date (its last day of
care), or without end. Each of these segments is clipped to the chosen range (dates
inclusive) and contributes ``weekly_cost_pence * days`` — an integer — to the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    Integer,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer, Placement, PlacementRate
from fostering.models.placement import IN_HOUSE_TYPES
from fostering.services.commissioning.filters import Filters, add_months
from fostering.services.commissioning.money import day_of
from fostering.services.commissioning.sql import day_number, greatest, least, month_of

OPEN_END = 10_000_000  # a day number far beyond any real date: "no end"


def provider_area():
    """The provider's local authority (carer, home or agency), for the area filter."""
    return func.coalesce(
        FosterCarer.local_authority, ChildrensHome.local_authority, Agency.local_authority
    )


def filtered_placements(
    filters: Filters, *, overlapping: bool = True, join_providers: bool = False
) -> Select:
    """Placements the provider filters allow (and, if ``overlapping``, that overlap the
    range): the one place every figure's filtering lives. ``join_providers`` (or an area
    filter) joins the carer, home and agency tables."""
    stmt = select(Placement)
    if overlapping:
        stmt = stmt.where(
            Placement.start_date <= filters.end,
            or_(Placement.end_date.is_(None), Placement.end_date >= filters.start),
        )
    if filters.provider_type:
        stmt = stmt.where(Placement.provider_type == filters.provider_type)
    if filters.provider:
        stmt = stmt.where(getattr(Placement, filters.provider.column) == filters.provider.id)
    if filters.area or join_providers:
        stmt = (
            stmt.outerjoin(FosterCarer, FosterCarer.id == Placement.carer_id)
            .outerjoin(ChildrensHome, ChildrensHome.id == Placement.home_id)
            .outerjoin(Agency, Agency.id == Placement.agency_id)
        )
    if filters.area:
        stmt = stmt.where(provider_area() == filters.area)
    return stmt


def segments(filters: Filters, *, cte: bool = False):
    """Each rate's days inside the range, as a subquery: placement columns plus ``wk``
    (weekly pence as a big integer), ``lo`` and ``hi`` (inclusive day numbers)."""
    next_from = func.lead(PlacementRate.effective_from).over(
        partition_by=PlacementRate.placement_id, order_by=PlacementRate.effective_from
    )
    # Rates from after the range are left out before LEAD: the last rate kept then has
    # no next one, which is right, because the range's end clips it anyway.
    rates = (
        filtered_placements(filters)
        .join(PlacementRate, PlacementRate.placement_id == Placement.id)
        .where(PlacementRate.effective_from <= filters.end)
        .with_only_columns(
            Placement.id,
            Placement.child_id,
            Placement.carer_id,
            Placement.home_id,
            Placement.agency_id,
            Placement.provider_type,
            Placement.not_for_profit,
            Placement.out_of_county,
            Placement.distance_km,
            day_number(Placement.start_date).label("start_day"),
            func.coalesce(day_number(Placement.end_date), OPEN_END).label("end_day"),
            cast(PlacementRate.weekly_cost_pence, BigInteger).label("wk"),
            day_number(PlacementRate.effective_from).label("s"),
            (day_number(next_from) - 1).label("e"),
        )
        .subquery("r")
    )
    lo = greatest(rates.c.s, rates.c.start_day, literal(day_of(filters.start)))
    hi = least(func.coalesce(rates.c.e, OPEN_END), rates.c.end_day, literal(day_of(filters.end)))
    clipped = select(
        rates.c.id,
        rates.c.child_id,
        rates.c.carer_id,
        rates.c.home_id,
        rates.c.agency_id,
        rates.c.provider_type,
        rates.c.not_for_profit,
        rates.c.out_of_county,
        rates.c.distance_km,
        rates.c.wk,
        lo.label("lo"),
        hi.label("hi"),
    ).where(hi >= lo)
    return clipped.cte("seg") if cte else clipped.subquery("seg")


@dataclass(frozen=True)
class Group:
    """Sums for one provider: over the range, and on the range's last day (``day_*``)."""

    carer_id: int | None
    home_id: int | None
    agency_id: int | None
    provider_type: str
    not_for_profit: bool
    out_of_county: bool
    pence_days: int
    days: int
    # On the last day: weekly pence in force, children placed (one placement in force is
    # one child: a child is never in two placements on one day), distances from home.
    day_weekly_pence: int
    day_children: int
    distance_sum: float | None
    distance_max: float | None
    distance_count: int

    @property
    def in_house(self) -> bool:
        return self.provider_type in IN_HOUSE_TYPES


def groups(filters: Filters) -> list[Group]:
    """Sums per provider (and type, profit status, county) in one pass over the segments."""
    return [_group(row) for row in db.session.execute(_groups_stmt(segments(filters), filters))]


def _groups_stmt(seg, filters: Filters):
    """A segment still in force on the range's last day is one whose clipped end is that
    day, so the last day's weekly spend and children come from the same rows."""
    days = seg.c.hi - seg.c.lo + 1
    on_last_day = seg.c.hi == day_of(filters.end)
    return select(
        seg.c.carer_id,
        seg.c.home_id,
        seg.c.agency_id,
        seg.c.provider_type,
        seg.c.not_for_profit,
        seg.c.out_of_county,
        func.sum(seg.c.wk * days),
        func.sum(days),
        func.sum(case((on_last_day, seg.c.wk), else_=0)),
        func.count(case((on_last_day, 1))),
        func.sum(case((on_last_day, seg.c.distance_km))),
        func.max(case((on_last_day, seg.c.distance_km))),
        func.count(case((on_last_day, seg.c.distance_km))),
    ).group_by(
        seg.c.carer_id,
        seg.c.home_id,
        seg.c.agency_id,
        seg.c.provider_type,
        seg.c.not_for_profit,
        seg.c.out_of_county,
    )


def _group(row) -> Group:
    return Group(
        carer_id=row[0],
        home_id=row[1],
        agency_id=row[2],
        provider_type=row[3],
        not_for_profit=bool(row[4]),
        out_of_county=bool(row[5]),
        pence_days=int(row[6] or 0),
        days=int(row[7] or 0),
        day_weekly_pence=int(row[8] or 0),
        day_children=int(row[9] or 0),
        distance_sum=row[10],
        distance_max=row[11],
        distance_count=int(row[12] or 0),
    )


@dataclass(frozen=True)
class Month:
    first: date
    in_house_pence_days: int
    agency_pence_days: int

    @property
    def pence_days(self) -> int:
        return self.in_house_pence_days + self.agency_pence_days


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def monthly(filters: Filters) -> list[Month]:
    """Spend in each calendar month of the range, in-house and agency apart.

    One pass: segments are grouped by the months they start and end in, with sums of
    ``wk``, ``wk * lo`` and ``wk * hi``; from those the pence-days falling in each month
    follow exactly (first month, whole months between, last month), so no segment is
    joined to a calendar.
    """
    return _months(filters, db.session.execute(_monthly_stmt(segments(filters))))


def _monthly_stmt(seg, padded: bool = False):
    """Sums by (first month, last month, in-house). ``padded`` shapes the row like a
    provider row, (a, b, -, -, in_house, -, sums..., -, -, -, -), for ``union_all``."""
    first, last = month_of(seg.c.lo), month_of(seg.c.hi)
    in_house = seg.c.provider_type.in_(IN_HOUSE_TYPES)
    sums = (
        func.sum(seg.c.wk),
        func.sum(seg.c.wk * seg.c.lo),
        func.sum(seg.c.wk * seg.c.hi),
    )
    if not padded:
        return select(first, last, in_house, *sums).group_by(first, last, in_house)
    empty_int, empty_float = cast(null(), Integer), cast(null(), Float)
    return select(
        first,
        last,
        empty_int,
        cast(null(), String),
        in_house,
        cast(null(), Boolean),
        *sums,
        empty_int,
        empty_float,
        empty_float,
        empty_int,
        literal(1).label("part"),
    ).group_by(first, last, in_house)


def _months(filters: Filters, rows) -> list[Month]:
    base = _month_number(filters.start)
    count = _month_number(filters.end) - base + 1
    starts = [day_of(add_months(filters.start.replace(day=1), i)) for i in range(count + 1)]
    totals = {True: [0] * count, False: [0] * count}
    whole = {True: [0] * (count + 1), False: [0] * (count + 1)}  # difference array
    for a, b, house, wk, wk_lo, wk_hi in rows:
        a, b, wk, wk_lo, wk_hi = a - base, b - base, int(wk), int(wk_lo), int(wk_hi)
        house = bool(house)
        if a == b:
            totals[house][a] += wk_hi - wk_lo + wk
            continue
        totals[house][a] += starts[a + 1] * wk - wk_lo  # lo .. the month's last day
        totals[house][b] += wk_hi - (starts[b] - 1) * wk  # the month's first day .. hi
        whole[house][a + 1] += wk
        whole[house][b] -= wk
    for house in (True, False):
        running = 0
        for index in range(count):
            running += whole[house][index]
            totals[house][index] += running * (starts[index + 1] - starts[index])
    return [
        Month(add_months(filters.start.replace(day=1), i), totals[True][i], totals[False][i])
        for i in range(count)
    ]


def groups_and_months(filters: Filters) -> tuple[list[Group], list[Month]]:
    """``groups`` and ``monthly`` in one statement: the segments are computed once (a CTE
    used twice, which both databases materialise) and both aggregates read them."""
    seg = segments(filters, cte=True)
    by_provider = _groups_stmt(seg, filters).add_columns(literal(0).label("part"))
    by_month = _monthly_stmt(seg, padded=True)
    rows = db.session.execute(union_all(by_provider, by_month)).all()
    groups = [_group(row) for row in rows if row[-1] == 0]
    months = _months(filters, ((r[0], r[1], r[4], r[6], r[7], r[8]) for r in rows if r[-1] == 1))
    return groups, months
