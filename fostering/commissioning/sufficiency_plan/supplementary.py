"""The supplementary placements the plan's year will need (s.75A(3)(d)), and why.

The estimate of applications is the placements with for-profit providers (by their
legal form now) still in force on the first day of the year, plus the new ones
expected during it: the chosen scenario's figure, or else as many as were made in the
twelve months before the day the figures are read (the last year's rate).

Why each child in force with a for-profit provider is not with the council or a
not-for-profit provider is read from the register as it is today, for the child's
setting (foster family or residential home): no such provider takes a child of their
age; none of those that do meets all their needs (naming the needs none of them meets);
none of those that would has a place free; or one has (worth reviewing).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer, Placement
from fostering.models.carer import CarerStatus
from fostering.models.child import Setting
from fostering.models.needs import Need
from fostering.models.placement import PlacementStage
from fostering.models.provider import ProviderStatus


@dataclass(frozen=True)
class Named:
    """A for-profit provider likely to be named in applications."""

    agency: Agency
    children: int
    weekly_pence: int


@dataclass
class Estimate:
    first_day: date
    ongoing: int
    new_in_year: int
    new_from_scenario: bool
    reasons: Counter = field(default_factory=Counter)
    providers: list[Named] = field(default_factory=list)

    @property
    def applications(self) -> int:
        return self.ongoing + self.new_in_year


@dataclass(frozen=True)
class _Offer:
    setting: str
    min_age: int
    max_age: int
    skills: frozenset[str]
    free: bool


def _for_profit_in_force(day: date):
    return (
        select(Placement)
        .join(Agency, Agency.id == Placement.agency_id)
        .where(
            ~Agency.not_for_profit,
            Placement.stage == PlacementStage.STARTED.value,
            Placement.start_date <= day,
            or_(Placement.end_date.is_(None), Placement.end_date >= day),
        )
        .options(selectinload(Placement.child), selectinload(Placement.rates))
        .order_by(Placement.id)
    )


def _offer(provider, setting: str, capacity: int | None) -> _Offer:
    free = capacity is None or provider.occupied < capacity
    return _Offer(
        setting, provider.min_age, provider.max_age, frozenset(provider.skills or ()), free
    )


def _offers() -> list[_Offer]:
    """Every place the council or a not-for-profit provider could offer, as today."""
    carers = select(FosterCarer).where(FosterCarer.status == CarerStatus.ACTIVE.value)
    homes = select(ChildrensHome).where(ChildrensHome.status == ProviderStatus.ACTIVE.value)
    agencies = select(Agency).where(
        Agency.status == ProviderStatus.ACTIVE.value, Agency.not_for_profit
    )
    return [
        *(_offer(c, Setting.FOSTER.value, c.places) for c in db.session.scalars(carers)),
        *(_offer(h, Setting.RESIDENTIAL.value, h.beds) for h in db.session.scalars(homes)),
        *(
            _offer(a, a.setting, a.places)
            for a in db.session.scalars(agencies)
            if a.setting is not None
        ),
    ]


def reason(setting: str, age: int, needs: set[str], offers: list[_Offer], names: dict) -> str:
    """Why a child is not with the council or a not-for-profit provider, as a sentence."""
    ages = [o for o in offers if o.setting == setting and o.min_age <= age <= o.max_age]
    if not ages:
        return _("No in-house or not-for-profit place takes a child of their age")
    fitting = [o for o in ages if needs <= o.skills]
    if not fitting:
        unmet = needs - frozenset().union(*(o.skills for o in ages))
        if unmet:
            return _(
                "No in-house or not-for-profit place meets their needs: %(needs)s",
                needs=", ".join(sorted(names.get(code, code) for code in unmet)),
            )
        return _("No single in-house or not-for-profit place meets all their needs together")
    if not any(o.free for o in fitting):
        return _("The in-house and not-for-profit places that would suit them are full")
    return _("A suitable in-house or not-for-profit place is free now: review the placement")


def _need_names() -> dict[str, str]:
    locale = str(get_locale() or "en")
    return {need.code: need.name(locale) for need in db.session.scalars(select(Need))}


def estimate(first_day: date, as_of: date, expected_new: int | None) -> Estimate:
    placements = list(db.session.scalars(_for_profit_in_force(first_day)))
    if expected_new is None:
        year_ago = as_of - timedelta(days=365)
        new = len(
            db.session.scalars(
                select(Placement.id)
                .join(Agency, Agency.id == Placement.agency_id)
                .where(
                    ~Agency.not_for_profit,
                    Placement.stage == PlacementStage.STARTED.value,
                    Placement.start_date > year_ago,
                    Placement.start_date <= as_of,
                )
            ).all()
        )
    else:
        new = expected_new
    found = Estimate(first_day, len(placements), new, expected_new is not None)
    offers, names = _offers(), _need_names()
    by_agency: dict[int, list[Placement]] = defaultdict(list)
    for placement in placements:
        child = placement.child
        found.reasons[
            reason(child.setting, child.age_on(first_day), set(child.needs or ()), offers, names)
        ] += 1
        by_agency[placement.agency_id].append(placement)
    for agency_id, held in by_agency.items():
        weekly = sum(_rate_on(placement, first_day) for placement in held)
        found.providers.append(Named(db.session.get(Agency, agency_id), len(held), weekly))
    found.providers.sort(key=lambda named: (-named.children, named.agency.name.casefold()))
    return found


def _rate_on(placement: Placement, day: date) -> int:
    """The weekly cost in force on ``day`` (the latest rate from before it)."""
    rates = [rate for rate in placement.rates if rate.effective_from <= day]
    return max(rates, key=lambda rate: rate.effective_from).weekly_cost_pence if rates else 0
