"""Placement stability: how often looked-after children move home and school.

Every figure counts started placements only (a planned or cancelled placement was never
lived in). The definitions, stated on the page in the same words:

- *Placements in the last 12 months*: placements that started in the 12 months to the
  chosen day.
- *Three or more placements* (after the Wales Performance and Improvement Framework's
  PM33): children looked after on the chosen day whose placements starting in the 12
  months to that day, together with the one they were in when the 12 months began, number
  three or more.
- *School changes* (after PM32): children looked after on the chosen day who changed
  school at the start of a placement in the 12 months to that day.
- *Placed within the authority*: current placements with a provider in the council's own
  area; *distance from home*: straight-line kilometres from the child's home postcode.
- *Unplanned endings*: placements that ended in the 12 months to that day and were
  recorded as not planned.

A child is *flagged* when two placements have started in the 12 months to today: the
next move would be their third.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select

from fostering.extensions import db
from fostering.models import Child, Placement, User
from fostering.models.placement import IN_HOUSE_TYPES, PlacementStage
from fostering.services import audit
from fostering.services.transactions import transactional

FLAG_AT = 2  # placements started in 12 months: one more makes three
THREE_OR_MORE = 3
PROVIDER_FILTERS = ("in_house", "agency")


def year_before(day: date) -> date:
    """The first day of the 12 months that end on ``day``."""
    return day - timedelta(days=364)


def _started():
    return Placement.stage == PlacementStage.STARTED.value


def _in_window(column, first: date, last: date):
    return and_(column >= first, column <= last)


def moves_in_year(child_ids: Iterable[int], today: date) -> dict[int, int]:
    """Placements started in the 12 months to ``today``, by child (children with none are
    left out)."""
    ids = list(child_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Placement.child_id, func.count(Placement.id))
        .where(
            Placement.child_id.in_(ids),
            _started(),
            _in_window(Placement.start_date, year_before(today), today),
        )
        .group_by(Placement.child_id)
    )
    return {child_id: count for child_id, count in rows}


def flagged(child_ids: Iterable[int], today: date) -> set[int]:
    """The children whose next placement would be their third in 12 months."""
    return {cid for cid, count in moves_in_year(child_ids, today).items() if count >= FLAG_AT}


@dataclass(frozen=True)
class Filter:
    """Which placements the dashboard counts: "" (any) or a provider group, and the day
    the 12 months end on."""

    provider: str = ""
    on: date | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str], today: date) -> Filter:
        provider = args.get("provider", "")
        on = today
        if args.get("on") == "march":
            on = last_31_march(today)
        return cls(provider=provider if provider in PROVIDER_FILTERS else "", on=on)

    def url_args(self, today: date) -> dict[str, str]:
        args = {}
        if self.provider:
            args["provider"] = self.provider
        if self.on is not None and self.on != today:
            args["on"] = "march"
        return args


def last_31_march(today: date) -> date:
    this_year = date(today.year, 3, 31)
    return this_year if this_year <= today else date(today.year - 1, 3, 31)


def _provider_condition(chosen: Filter):
    if chosen.provider == "in_house":
        return Placement.provider_type.in_(IN_HOUSE_TYPES)
    if chosen.provider == "agency":
        return Placement.provider_type.not_in(IN_HOUSE_TYPES)
    return None


@dataclass(frozen=True)
class ChildRow:
    child_id: int
    reference: str
    name: str
    placements: int  # counted for PM33: started in the year, plus the one at its start
    moves: int  # placements started in the year
    school_changes: int
    unplanned_endings: int
    current_provider_type: str | None
    in_area: bool | None
    distance_km: int | None


@dataclass(frozen=True)
class Stability:
    on: date
    first: date
    looked_after: int  # children in a started placement on the day
    placements_started: int
    three_or_more: int
    school_changed: int
    current: int  # current placements counted for area and distance
    in_area: int
    median_km: int | None
    over_20_km: int
    ended: int
    unplanned_endings: int
    rows: list[ChildRow]  # children with two or more placements in the year, most first

    @staticmethod
    def percent(part: int, whole: int) -> int | None:
        """A whole-number percentage (half rounds up), None when there is no whole."""
        if whole == 0:
            return None
        return (200 * part + whole) // (2 * whole)


def _current_on(day: date):
    return and_(
        _started(),
        Placement.start_date <= day,
        or_(Placement.end_date.is_(None), Placement.end_date >= day),
    )


def figures(chosen: Filter) -> Stability:
    """The stability figures for the 12 months to ``chosen.on`` (one read of the
    placements that matter: current on the day, started or ended in the year)."""
    on = chosen.on or date.today()
    first = year_before(on)
    extra = _provider_condition(chosen)
    statement = (
        select(Placement, Child.reference, Child.given_name, Child.family_name)
        .join(Child, Child.id == Placement.child_id)
        .where(
            _started(),
            Placement.start_date <= on,
            or_(Placement.end_date.is_(None), Placement.end_date >= first),
        )
        .order_by(Placement.child_id, Placement.start_date)
    )
    rows = db.session.execute(statement).all()
    by_child: dict[int, list] = {}
    for placement, reference, given, family in rows:
        by_child.setdefault(placement.child_id, []).append(
            (placement, reference, f"{given} {family}")
        )
    looked_after = started = three = school = ended = unplanned = 0
    current: list[Placement] = []
    table: list[ChildRow] = []
    for child_id, items in by_child.items():
        placements = [p for p, _r, _n in items]
        now = [
            p for p in placements if p.start_date <= on and (p.end_date is None or p.end_date >= on)
        ]
        counted = [p for p in placements if extra is None or _keeps(p, chosen)]
        in_year = [p for p in counted if p.start_date >= first]
        ended_in_year = [p for p in counted if p.end_date is not None and first <= p.end_date <= on]
        started += len(in_year)
        ended += len(ended_in_year)
        unplanned_here = sum(1 for p in ended_in_year if p.end_planned is False)
        unplanned += unplanned_here
        current_counted = [p for p in now if extra is None or _keeps(p, chosen)]
        current += current_counted
        if not now:
            continue
        if extra is not None and not current_counted:
            continue
        looked_after += 1
        # PM33: the placements in the year, with the one the child was in at its start.
        at_start = [p for p in placements if p.start_date < first]
        year_count = len([p for p in placements if p.start_date >= first]) + (1 if at_start else 0)
        changes = sum(1 for p in placements if p.start_date >= first and p.school_changed)
        if year_count >= THREE_OR_MORE:
            three += 1
        if changes:
            school += 1
        moves = len([p for p in placements if p.start_date >= first])
        if moves >= FLAG_AT:
            latest = now[-1]
            table.append(
                ChildRow(
                    child_id=child_id,
                    reference=items[0][1],
                    name=items[0][2],
                    placements=year_count,
                    moves=moves,
                    school_changes=changes,
                    unplanned_endings=unplanned_here,
                    current_provider_type=latest.provider_type,
                    in_area=None if latest.out_of_county is None else not latest.out_of_county,
                    distance_km=None if latest.distance_km is None else round(latest.distance_km),
                )
            )
    distances = sorted(p.distance_km for p in current if p.distance_km is not None)
    table.sort(key=lambda row: (-row.placements, row.reference))
    return Stability(
        on=on,
        first=first,
        looked_after=looked_after,
        placements_started=started,
        three_or_more=three,
        school_changed=school,
        current=len(current),
        in_area=sum(1 for p in current if not p.out_of_county),
        median_km=_median(distances),
        over_20_km=sum(1 for km in distances if km > 20),
        ended=ended,
        unplanned_endings=unplanned,
        rows=table,
    )


def _keeps(placement: Placement, chosen: Filter) -> bool:
    in_house = placement.provider_type in IN_HOUSE_TYPES
    return in_house if chosen.provider == "in_house" else not in_house


def _median(values: list[float]) -> int | None:
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return round(values[middle])
    return round((values[middle - 1] + values[middle]) / 2)


@transactional
def view(actor: User | None, chosen: Filter) -> Stability:
    """The dashboard's figures for ``actor``; its table names children, so each child
    listed is audited as viewed."""
    result = figures(chosen)
    for row in result.rows:
        child = db.session.get(Child, row.child_id)
        audit.record(actor, "stability_viewed", child)
    return result


@dataclass(frozen=True)
class ChildHistory:
    placements: list[Placement]  # oldest first, every stage
    moves_in_year: int
    flagged: bool
    school_changes: int
    unplanned_endings: int


@transactional
def child_history(actor: User | None, child: Child, today: date) -> ChildHistory:
    """Every placement the child has had, oldest first, and their stability figures;
    audited as a view of the child's record."""
    placements = list(
        db.session.scalars(
            select(Placement)
            .where(Placement.child_id == child.id)
            .order_by(Placement.start_date, Placement.id)
        )
    )
    started = [p for p in placements if p.stage == PlacementStage.STARTED.value]
    first = year_before(today)
    moves = sum(1 for p in started if first <= p.start_date <= today)
    audit.record(actor, "child_history_viewed", child)
    return ChildHistory(
        placements=placements,
        moves_in_year=moves,
        flagged=moves >= FLAG_AT,
        school_changes=sum(1 for p in started if p.school_changed),
        unplanned_endings=sum(1 for p in started if p.end_planned is False),
    )
