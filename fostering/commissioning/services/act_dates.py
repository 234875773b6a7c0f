"""What each of the Health and Social Care (Wales) Act 2025's dates touches: the children
placed with for-profit providers on that day and the weekly spend with them.

"For-profit" is the provider's legal form now (fostering/models/provider.py), not the
flag copied onto each placement when it was made: the question is which placements the
Act's dates will find with a for-profit provider. A placement counts on a day when a
rate is in force for it that day (open placements run on at their latest rate, so a
future date shows today's placements and prices carried forward). The dashboard's
provider type, provider and area filters apply; its date range does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, or_

from fostering.commissioning.services.filters import Filters
from fostering.commissioning.services.spend import filtered_placements
from fostering.commissioning.services.tables import Column, Kind, Table
from fostering.extensions import db
from fostering.models import Agency, Placement, PlacementRate
from fostering.models.placement import day_number
from fostering.services import profit_act
from fostering.services.money import pounds, yearly_pence


@dataclass(frozen=True)
class OnDay:
    """Placements in force on ``day``: all of them, and those with for-profit providers."""

    day: date
    what: str
    children: int
    weekly_pence: int
    for_profit_children: int
    for_profit_weekly_pence: int


def on_day(filters: Filters, day: date, what: str = "") -> OnDay:
    number = day_number(day)
    stmt = (
        filtered_placements(filters, overlapping=False, join_providers=True)
        .join(PlacementRate, PlacementRate.placement_id == Placement.id)
        .where(
            PlacementRate.from_day <= number,
            or_(PlacementRate.to_day.is_(None), PlacementRate.to_day >= number),
        )
    )
    for_profit = Agency.id.is_not(None) & ~Agency.not_for_profit
    row = db.session.execute(
        stmt.with_only_columns(
            func.count(func.distinct(Placement.child_id)),
            func.sum(PlacementRate.weekly_cost_pence),
            func.count(func.distinct(Placement.child_id)).filter(for_profit),
            func.sum(PlacementRate.weekly_cost_pence).filter(for_profit),
        )
    ).one()
    return OnDay(day, what, int(row[0] or 0), int(row[1] or 0), int(row[2] or 0), int(row[3] or 0))


def table(filters: Filters) -> Table:
    """One row per date of the Act: children with for-profit providers that day, their
    weekly spend and its yearly equivalent, and the share of all weekly spend."""
    rows = []
    for milestone in profit_act.milestones():
        day = on_day(filters, milestone.day, str(milestone.what))
        share = (
            None
            if not day.weekly_pence
            else round(100 * day.for_profit_weekly_pence / day.weekly_pence, 1)
        )
        rows.append(
            [
                _(
                    "%(date)s: %(what)s",
                    date=format_date(day.day, "d MMMM yyyy"),
                    what=day.what,
                ),
                day.for_profit_children,
                day.children,
                pounds(day.for_profit_weekly_pence),
                pounds(yearly_pence(day.for_profit_weekly_pence)),
                share,
            ]
        )
    return Table(
        "act_dates",
        _("Placements with for-profit providers on each date of the 2025 Act"),
        [
            Column(_("Date and what changes")),
            Column(_("Children with for-profit providers"), Kind.COUNT),
            Column(_("All children placed"), Kind.COUNT),
            Column(_("Weekly spend with for-profit providers"), Kind.MONEY),
            Column(_("Yearly equivalent"), Kind.MONEY),
            Column(_("Share of all weekly spend (%)"), Kind.PERCENT),
        ],
        rows,
    )
