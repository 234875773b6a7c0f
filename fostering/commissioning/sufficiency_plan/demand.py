"""How many children the council will look after in the plan's year: the estimate.

A child is looked after on a day when a started placement of theirs is in force that
day (the placement ledger; each child counts once). The estimate fits a straight line
(least squares) through the counts on the last three 31 Marches that have passed, and
reads it at the end of the plan's year (31 March), rounded half up and never below
nought; with one year end it is that count, with none it is nought.

Of those, the children "in respect of whom [the council] will be unlikely to be able to
make arrangements under section 81(2)" (to live with a parent) are estimated as the
same share as at the last year end. The service records no placements with parents, so
every child in the ledger lives away from their parents except those whose legal status
that day is a short break (V3 or V4: the child lives at home between breaks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy import and_, func, or_, select

from fostering.extensions import db
from fostering.models import Placement
from fostering.models.child_profile import LegalStatus, LegalStatusPeriod
from fostering.models.placement import PlacementStage

YEAR_ENDS = 3
SHORT_BREAKS = (LegalStatus.SHORT_BREAK.value, LegalStatus.SHORT_BREAKS.value)


@dataclass(frozen=True)
class YearEnd:
    day: date
    looked_after: int
    short_breaks: int

    @property
    def away_from_parents(self) -> int:
        return self.looked_after - self.short_breaks


@dataclass(frozen=True)
class Demand:
    year_ends: list[YearEnd]
    estimate_day: date
    looked_after: int  # the estimate on ``estimate_day``
    away_from_parents: int
    slope: Fraction  # children a year, from the fitted line


def in_care_on(day: date):
    """Children with a started placement in force on ``day`` (a subquery of child ids)."""
    return (
        select(Placement.child_id)
        .where(
            Placement.stage == PlacementStage.STARTED.value,
            Placement.start_date <= day,
            or_(Placement.end_date.is_(None), Placement.end_date >= day),
        )
        .distinct()
    )


def year_end(day: date) -> YearEnd:
    children = in_care_on(day).subquery()
    looked_after = db.session.scalar(select(func.count()).select_from(children)) or 0
    short = db.session.scalar(
        select(func.count(func.distinct(LegalStatusPeriod.child_id))).where(
            LegalStatusPeriod.child_id.in_(select(children.c.child_id)),
            LegalStatusPeriod.code.in_(SHORT_BREAKS),
            and_(
                LegalStatusPeriod.start_date <= day,
                or_(LegalStatusPeriod.end_date.is_(None), LegalStatusPeriod.end_date >= day),
            ),
        )
    )
    return YearEnd(day, int(looked_after), int(short or 0))


def past_year_ends(plan_year: int, today: date) -> list[date]:
    """The last ``YEAR_ENDS`` 31 Marches before the plan's year that have passed."""
    latest = min(today, date(plan_year, 3, 31))
    last = latest.year if latest >= date(latest.year, 3, 31) else latest.year - 1
    return [date(year, 3, 31) for year in range(last - YEAR_ENDS + 1, last + 1)]


def _round(value: Fraction) -> int:
    """Half up, never below nought."""
    return max(0, int((value + Fraction(1, 2)) // 1))


def fit(points: list[tuple[int, int]], at: int) -> tuple[Fraction, Fraction]:
    """The least-squares line through ``(year, count)`` points, read at ``at``: the
    value there and the slope. One point gives a flat line; none gives nought."""
    if not points:
        return Fraction(0), Fraction(0)
    n = len(points)
    mean_x = Fraction(sum(x for x, _y in points), n)
    mean_y = Fraction(sum(y for _x, y in points), n)
    spread = sum((x - mean_x) ** 2 for x, _y in points)
    slope = (
        Fraction(0) if spread == 0 else sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    )
    return mean_y + slope * (at - mean_x), slope


def estimate(plan_year: int, today: date) -> Demand:
    ends = [year_end(day) for day in past_year_ends(plan_year, today)]
    estimate_day = date(plan_year + 1, 3, 31)
    value, slope = fit([(end.day.year, end.looked_after) for end in ends], estimate_day.year)
    looked_after = _round(value)
    last = ends[-1] if ends else None
    if last is None or last.looked_after == 0:
        away = looked_after
    else:
        away = _round(Fraction(looked_after * last.away_from_parents, last.looked_after))
    return Demand(ends, estimate_day, looked_after, away, slope)
