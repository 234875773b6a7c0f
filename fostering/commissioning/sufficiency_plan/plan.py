"""A sufficiency plan's figures for one financial year, as the tables the page, the
print view and the workbook show. Built when asked, from the data as it is then."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _

from fostering.commissioning.services.filters import financial_year_range
from fostering.commissioning.services.tables import Column, Kind, Table
from fostering.commissioning.sufficiency_plan import demand as demand_service
from fostering.commissioning.sufficiency_plan import places as places_service
from fostering.commissioning.sufficiency_plan import scenario as scenarios
from fostering.commissioning.sufficiency_plan import supplementary as supplementary_service
from fostering.models.placement import ProviderType
from fostering.services import profit_act
from fostering.services.money import pounds

FIRST_YEAR, LAST_YEAR = 2020, 2100
PROFIT_ORDER = (places_service.COUNCIL, places_service.NOT_FOR_PROFIT, places_service.FOR_PROFIT)


@dataclass(frozen=True)
class Steps:
    """The plan's steps: a scenario's, or typed (one a line) with the places they add."""

    scenario_id: int | None = None
    typed: str = ""
    places: int = 0  # foster places the typed steps add in the year
    beds: int = 0  # children's home beds they add

    def lines(self) -> list[str]:
        return [line.strip() for line in self.typed.splitlines() if line.strip()]


@dataclass
class Plan:
    year: int
    first_day: date
    last_day: date
    as_of: date  # the day "today" figures are read
    scenario: scenarios.ScenarioSummary | None
    steps: list[str]
    demand: demand_service.Demand
    capacity: places_service.Capacity
    where: places_service.Where
    supplementary: supplementary_service.Estimate
    supplementary_from: date
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """ "2027 to 2028"."""
        return _("%(start)d to %(end)d", start=self.year, end=self.year + 1)

    @property
    def file_name(self) -> str:
        return f"sufficiency-plan-{self.year}-{str(self.year + 1)[2:]}"

    @property
    def approval_in_force(self) -> bool:
        """Whether supplementary placements need approval during the plan's year."""
        return self.supplementary_from <= self.last_day


def _day(value: date) -> str:
    return format_date(value, "d MMMM yyyy")


def build(year: int, steps: Steps, today: date) -> Plan:
    first_day, last_day = financial_year_range(year)
    as_of = min(today, last_day)
    chosen = scenarios.find(steps.scenario_id)
    if chosen is not None:
        lines = list(chosen.steps)
        added = dict(
            added_places=chosen.recruited_places,
            added_beds=chosen.new_beds,
            added_homes=chosen.new_homes,
            added_carers=chosen.recruited_carers,
        )
    else:
        lines = steps.lines()
        added = dict(added_places=steps.places, added_beds=steps.beds)
    plan = Plan(
        year=year,
        first_day=first_day,
        last_day=last_day,
        as_of=as_of,
        scenario=chosen,
        steps=lines,
        demand=demand_service.estimate(year, today),
        capacity=places_service.capacity(**added),
        where=places_service.where_children_live(as_of),
        supplementary=supplementary_service.estimate(
            first_day, as_of, chosen.children_for_profit if chosen else None
        ),
        supplementary_from=profit_act.supplementary_from(),
    )
    plan.tables = {
        "demand": _demand_table(plan),
        "capacity": _capacity_table(plan),
        "location": _location_table(plan),
        "supplementary": _supplementary_table(plan),
        "reasons": _reasons_table(plan),
        "providers": _providers_table(plan),
        "steps": _steps_table(plan),
    }
    return plan


def _demand_table(plan: Plan) -> Table:
    rows = [
        [_day(end.day), end.looked_after, end.short_breaks, end.away_from_parents]
        for end in plan.demand.year_ends
    ]
    rows.append(
        [
            _("Estimate for %(date)s", date=_day(plan.demand.estimate_day)),
            plan.demand.looked_after,
            None,
            plan.demand.away_from_parents,
        ]
    )
    return Table(
        "demand",
        _("Looked-after children at each year end, and the estimate"),
        [
            Column(_("Year end")),
            Column(_("Looked-after children"), Kind.COUNT),
            Column(_("Of whom on short breaks"), Kind.COUNT),
            Column(_("Unlikely to live with a parent"), Kind.COUNT),
        ],
        rows,
    )


def _capacity_table(plan: Plan) -> Table:
    c = plan.capacity
    return Table(
        "capacity",
        _("The council's own foster places and children's home beds"),
        [
            Column(_("Provision")),
            Column(_("Households or homes today"), Kind.COUNT),
            Column(_("Places or beds today"), Kind.COUNT),
            Column(_("Filled today"), Kind.COUNT),
            Column(_("Added by the steps"), Kind.COUNT),
            Column(_("Places or beds in the year"), Kind.COUNT),
        ],
        [
            [
                _("In-house foster carers"),
                c.carers,
                c.carer_places,
                c.carer_filled,
                c.added_places,
                c.carer_places + c.added_places,
            ],
            [
                _("Council children's homes"),
                c.homes,
                c.home_beds,
                c.home_filled,
                c.added_beds,
                c.home_beds + c.added_beds,
            ],
            [
                _("All the council's own places"),
                c.carers + c.homes,
                c.carer_places + c.home_beds,
                c.carer_filled + c.home_filled,
                c.added_places + c.added_beds,
                c.carer_places + c.home_beds + c.added_places + c.added_beds,
            ],
        ],
    )


def _profit_label(profit: str) -> str:
    return {
        places_service.COUNCIL: _("the council"),
        places_service.NOT_FOR_PROFIT: _("not-for-profit"),
        places_service.FOR_PROFIT: _("for-profit"),
    }[profit]


def _location_table(plan: Plan) -> Table:
    where = plan.where
    rows = []
    seen = sorted(
        {(t, p) for t, p, _place in where.counts},
        key=lambda key: ([t.value for t in ProviderType].index(key[0]), PROFIT_ORDER.index(key[1])),
    )
    for provider_type, profit in seen:
        rows.append(
            [
                _(
                    "%(kind)s (%(profit)s)",
                    kind=ProviderType(provider_type).label,
                    profit=_profit_label(profit),
                ),
                *(
                    where.total(provider_type=provider_type, profit=profit, location=place)
                    for place in (places_service.IN_AREA, places_service.NEAR, places_service.AWAY)
                ),
                where.total(provider_type=provider_type, profit=profit),
            ]
        )
    rows.append(
        [
            _("All children placed"),
            where.total(location=places_service.IN_AREA),
            where.total(location=places_service.NEAR),
            where.total(location=places_service.AWAY),
            where.children,
        ]
    )
    return Table(
        "location",
        _("Where children live on %(date)s", date=_day(where.day)),
        [
            Column(_("Provider")),
            Column(_("In the council's area"), Kind.COUNT),
            Column(_("Near it (within %(km)d km of home)", km=where.near_km), Kind.COUNT),
            Column(_("Further away"), Kind.COUNT),
            Column(_("Children"), Kind.COUNT),
        ],
        rows,
    )


def _supplementary_table(plan: Plan) -> Table:
    s = plan.supplementary
    new_label = (
        _("New placements with for-profit providers the scenario expects")
        if s.new_from_scenario
        else _("New placements with for-profit providers, at last year's rate")
    )
    return Table(
        "supplementary",
        _("Estimated applications for supplementary placements"),
        [Column(_("Estimate")), Column(_("Children"), Kind.COUNT)],
        [
            [
                _(
                    "Placements with for-profit providers in force on %(date)s",
                    date=_day(s.first_day),
                ),
                s.ongoing,
            ],
            [new_label, s.new_in_year],
            [_("Applications estimated for the year"), s.applications],
        ],
    )


def _reasons_table(plan: Plan) -> Table:
    reasons = sorted(plan.supplementary.reasons.items(), key=lambda item: (-item[1], item[0]))
    return Table(
        "reasons",
        _("Why children are with for-profit providers"),
        [Column(_("Reason")), Column(_("Children"), Kind.COUNT)],
        [[text, count] for text, count in reasons],
    )


def _providers_table(plan: Plan) -> Table:
    return Table(
        "providers",
        _("For-profit providers likely to be named in applications"),
        [
            Column(_("Provider")),
            Column(_("Legal form")),
            Column(_("Children"), Kind.COUNT),
            Column(_("Weekly spend"), Kind.MONEY),
        ],
        [
            [
                _(
                    "%(name)s (%(reference)s), %(kind)s",
                    name=named.agency.name,
                    reference=named.agency.reference,
                    kind=named.agency.kind_enum.label,
                ),
                named.agency.legal_form_enum.label,
                named.children,
                pounds(named.weekly_pence),
            ]
            for named in plan.supplementary.providers
        ],
    )


def _steps_table(plan: Plan) -> Table:
    rows: list[list] = [[line] for line in plan.steps]
    if plan.scenario is not None:
        s = plan.scenario
        rows += [
            [_("New council children's homes: %(count)d", count=s.new_homes)],
            [_("New children's home beds: %(count)d", count=s.new_beds)],
            [_("Foster carers recruited: %(count)d", count=s.recruited_carers)],
            [_("Foster places they offer: %(count)d", count=s.recruited_places)],
            [_("Children expected to live in-house: %(count)d", count=s.children_in_house)],
            [
                _(
                    "Children expected to live with for-profit providers: %(count)d",
                    count=s.children_for_profit,
                )
            ],
        ]
    else:
        rows += [
            [_("Foster places the steps add: %(count)d", count=plan.capacity.added_places)],
            [_("Children's home beds the steps add: %(count)d", count=plan.capacity.added_beds)],
        ]
    return Table("steps", _("The steps in the year"), [Column(_("Step"))], rows)


def share(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage to one place, None for nothing to share."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"))
