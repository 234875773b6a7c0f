"""Spend from the placement ledger, summed in SQL.

A rate is in force from its ``effective_from`` to the day before the next rate's date
(``LEAD`` over the placement's rates), or to the placement's end date (its last day of
care), or without end. Each of these segments is clipped to the chosen range (dates
inclusive) and contributes ``weekly_cost_pence * days`` — an integer — to the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import BigInteger, Select, and_, case, cast, func, literal, or_, select, union_all

from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer, Placement, PlacementRate
from fostering.models.placement import IN_HOUSE_TYPES
from fostering.services.commissioning.filters import Filters, add_months
from fostering.services.commissioning.money import day_of
from fostering.services.commissioning.sql import day_number, greatest, least

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


def segments(filters: Filters):
    """Each rate's days inside the range, as a subquery: placement columns plus ``wk``
    (weekly pence as a big integer), ``lo`` and ``hi`` (inclusive day numbers)."""
    placements = (
        filtered_placements(filters)
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
        )
        .cte("p")
    )
    next_from = func.lead(PlacementRate.effective_from).over(
        partition_by=PlacementRate.placement_id, order_by=PlacementRate.effective_from
    )
    # Rates from after the range are left out before LEAD: the last rate kept then has
    # no next one, which is right, because the range's end clips it anyway.
    rates = (
        select(
            PlacementRate.placement_id,
            cast(PlacementRate.weekly_cost_pence, BigInteger).label("wk"),
            day_number(PlacementRate.effective_from).label("s"),
            (day_number(next_from) - 1).label("e"),
        )
        .join(placements, placements.c.id == PlacementRate.placement_id)
        .where(PlacementRate.effective_from <= filters.end)
        .cte("r")
    )
    lo = greatest(rates.c.s, placements.c.start_day, literal(day_of(filters.start)))
    hi = least(
        func.coalesce(rates.c.e, OPEN_END), placements.c.end_day, literal(day_of(filters.end))
    )
    clipped = (
        select(
            placements.c.id,
            placements.c.child_id,
            placements.c.carer_id,
            placements.c.home_id,
            placements.c.agency_id,
            placements.c.provider_type,
            placements.c.not_for_profit,
            placements.c.out_of_county,
            placements.c.distance_km,
            rates.c.wk,
            lo.label("lo"),
            hi.label("hi"),
        )
        .join(rates, rates.c.placement_id == placements.c.id)
        .where(hi >= lo)
    )
    return clipped.subquery("seg")


@dataclass(frozen=True)
class Group:
    """Sums for one provider over the range (or on one day, when the range is a day)."""

    carer_id: int | None
    home_id: int | None
    agency_id: int | None
    provider_type: str
    not_for_profit: bool
    out_of_county: bool
    pence_days: int
    days: int
    children: int
    placements: int
    distance_sum: float | None
    distance_max: float | None
    distance_count: int

    @property
    def in_house(self) -> bool:
        return self.provider_type in IN_HOUSE_TYPES


def groups(filters: Filters) -> list[Group]:
    """Sums per provider (and type, profit status, county) over the filters' range.

    With a one-day range the pence-days are that day's weekly spend and ``children``
    the children in placement that day.
    """
    seg = segments(filters)
    days = seg.c.hi - seg.c.lo + 1
    stmt = select(
        seg.c.carer_id,
        seg.c.home_id,
        seg.c.agency_id,
        seg.c.provider_type,
        seg.c.not_for_profit,
        seg.c.out_of_county,
        func.sum(seg.c.wk * days),
        func.sum(days),
        func.count(func.distinct(seg.c.child_id)),
        func.count(func.distinct(seg.c.id)),
        func.sum(seg.c.distance_km),
        func.max(seg.c.distance_km),
        func.count(seg.c.distance_km),
    ).group_by(
        seg.c.carer_id,
        seg.c.home_id,
        seg.c.agency_id,
        seg.c.provider_type,
        seg.c.not_for_profit,
        seg.c.out_of_county,
    )
    return [
        Group(
            carer_id=row[0],
            home_id=row[1],
            agency_id=row[2],
            provider_type=row[3],
            not_for_profit=bool(row[4]),
            out_of_county=bool(row[5]),
            pence_days=int(row[6] or 0),
            days=int(row[7] or 0),
            children=int(row[8] or 0),
            placements=int(row[9] or 0),
            distance_sum=row[10],
            distance_max=row[11],
            distance_count=int(row[12] or 0),
        )
        for row in db.session.execute(stmt)
    ]


@dataclass(frozen=True)
class Month:
    first: date
    in_house_pence_days: int
    agency_pence_days: int

    @property
    def pence_days(self) -> int:
        return self.in_house_pence_days + self.agency_pence_days


def months_in(filters: Filters) -> list[tuple[date, date, date]]:
    """(month's first day, first day counted, last day counted) for each month touched."""
    months = []
    first = filters.start.replace(day=1)
    while first <= filters.end:
        following = add_months(first, 1)
        months.append(
            (
                first,
                max(first, filters.start),
                min(date.fromordinal(following.toordinal() - 1), filters.end),
            )
        )
        first = following
    return months


def monthly(filters: Filters) -> list[Month]:
    """Spend in each calendar month of the range, in-house and agency apart."""
    months = months_in(filters)
    calendar = union_all(
        *(
            select(
                literal(index).label("m"),
                literal(day_of(low)).label("ms"),
                literal(day_of(high)).label("me"),
            )
            for index, (_first, low, high) in enumerate(months)
        )
    ).subquery("months")
    seg = segments(filters)
    lo = greatest(seg.c.lo, calendar.c.ms)
    hi = least(seg.c.hi, calendar.c.me)
    in_house = seg.c.provider_type.in_(IN_HOUSE_TYPES)
    amount = seg.c.wk * (hi - lo + 1)
    stmt = (
        select(
            calendar.c.m,
            func.sum(case((in_house, amount), else_=0)),
            func.sum(case((in_house, 0), else_=amount)),
        )
        .join(seg, and_(seg.c.lo <= calendar.c.me, seg.c.hi >= calendar.c.ms))
        .group_by(calendar.c.m)
    )
    sums = {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in db.session.execute(stmt)}
    return [
        Month(first, *sums.get(index, (0, 0))) for index, (first, _lo, _hi) in enumerate(months)
    ]
