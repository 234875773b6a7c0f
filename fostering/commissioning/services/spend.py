"""Spend from the placement ledger, summed in SQL.

A rate is in force from its ``effective_from`` to its ``effective_to``: the day before
the next rate's date, or the placement's end date (its last day of care), or without
end (stored on the rate by every writer, with the same span as day and month numbers).
Each of these segments is clipped to the chosen range (dates inclusive) and contributes
``weekly_cost_pence * days`` — an integer — to the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

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

from fostering.commissioning.services.filters import Filters, add_months
from fostering.commissioning.services.sql import greatest, least
from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer, Placement, PlacementRate
from fostering.models.placement import IN_HOUSE_TYPES, month_number
from fostering.models.placement import day_number as day_of

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
    (weekly pence as a big integer), ``lo`` and ``hi`` (inclusive day numbers) and
    ``first`` and ``last`` (the months of ``lo`` and ``hi``).

    Every rate stores its span as day and month numbers (``effective_to`` already ends
    it at the next rate or the placement's end), so clipping is integer ``max``/``min``:
    no window function, no date function per row. A month number rises with the day, so
    the month of a clipped day is the clipped month. The rates are read from the index
    ``ix_placement_rates_spans`` alone.
    """
    start, end = day_of(filters.start), day_of(filters.end)
    lo = greatest(PlacementRate.from_day, literal(start))
    hi = least(func.coalesce(PlacementRate.to_day, OPEN_END), literal(end))
    clipped = (
        filtered_placements(filters, overlapping=False)
        .join(PlacementRate, PlacementRate.placement_id == Placement.id)
        .where(hi >= lo)
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
            cast(PlacementRate.weekly_cost_pence, BigInteger).label("wk"),
            lo.label("lo"),
            hi.label("hi"),
            greatest(PlacementRate.from_month, literal(month_number(filters.start))).label("first"),
            least(
                func.coalesce(PlacementRate.to_month, OPEN_END),
                literal(month_number(filters.end)),
            ).label("last"),
        )
    )
    return clipped.cte("seg") if cte else clipped.subquery("seg")


class Group(NamedTuple):
    """Sums for one provider: over the range, and on the range's last day (``day_*``).
    A named tuple: the dashboard makes about 3,000 of these per request."""

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
        row[0],  # carer_id
        row[1],  # home_id
        row[2],  # agency_id
        row[3],  # provider_type
        bool(row[4]),  # not_for_profit
        bool(row[5]),  # out_of_county
        int(row[6] or 0),  # pence_days
        int(row[7] or 0),  # days
        int(row[8] or 0),  # day_weekly_pence
        int(row[9] or 0),  # day_children
        row[10],  # distance_sum
        row[11],  # distance_max
        int(row[12] or 0),  # distance_count
    )


@dataclass(frozen=True)
class Month:
    first: date
    in_house_pence_days: int
    agency_pence_days: int

    @property
    def pence_days(self) -> int:
        return self.in_house_pence_days + self.agency_pence_days


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
    first, last = seg.c.first, seg.c.last
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
    base = month_number(filters.start)
    count = month_number(filters.end) - base + 1
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
