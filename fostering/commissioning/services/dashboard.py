"""The commissioning dashboard's figures, as tables (and charts) for the page and exports.

Two SQL aggregates feed it: sums per provider over the range (with the range's last
day's weekly spend and children alongside), and sums by the months segments start and
end in. Python only combines those per-provider rows into the page's tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from fostering.commissioning.services import act_dates, savings, spend
from fostering.commissioning.services.filters import Filters
from fostering.commissioning.services.tables import Column, Kind, Table, display
from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer
from fostering.models.placement import IN_HOUSE_TYPES, ProviderType
from fostering.services.money import (
    average_weekly_pence,
    pounds,
    spend_pence,
    yearly_pence,
)
from fostering.web import charts

TOP_PROVIDERS = 20
ProviderKey = tuple[int | None, int | None, int | None]


@dataclass
class Dashboard:
    filters: Filters
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Markup] = field(default_factory=dict)
    savings_sentence: str = ""  # what the runs saved (or cost more) a year, in words


@dataclass
class _Sum:
    """Range and one-day sums added together for a set of providers."""

    pence_days: int = 0
    days: int = 0
    weekly_pence: int = 0
    children: int = 0
    distance_sum: float = 0.0
    distance_count: int = 0
    distance_max: float | None = None

    def merge(self, other: _Sum) -> None:
        self.pence_days += other.pence_days
        self.days += other.days
        self.weekly_pence += other.weekly_pence
        self.children += other.children
        self.distance_sum += other.distance_sum
        self.distance_count += other.distance_count
        if other.distance_max is not None:
            self.distance_max = max(self.distance_max or 0.0, other.distance_max)

    def add(self, group: spend.Group) -> None:
        self.pence_days += group.pence_days
        self.days += group.days
        self.weekly_pence += group.day_weekly_pence
        self.children += group.day_children
        self.distance_sum += group.distance_sum or 0.0
        self.distance_count += group.distance_count
        if group.distance_max is not None:
            self.distance_max = max(self.distance_max or 0.0, group.distance_max)

    @property
    def spend(self) -> Decimal:
        return pounds(spend_pence(self.pence_days))

    @property
    def weekly(self) -> Decimal:
        return pounds(self.weekly_pence)

    @property
    def average_weekly(self) -> Decimal | None:
        average = average_weekly_pence(self.pence_days, self.days)
        return None if average is None else pounds(average)

    @property
    def average_km(self) -> Decimal | None:
        if not self.distance_count:
            return None
        return _km(self.distance_sum / self.distance_count)

    @property
    def max_km(self) -> Decimal | None:
        return None if self.distance_max is None else _km(self.distance_max)


def _km(value: float) -> Decimal:
    return Decimal(f"{value:.1f}")


class _Kind(NamedTuple):
    """What the page's breakdowns split by; every provider falls in one."""

    provider_type: str
    not_for_profit: bool
    out_of_county: bool

    @property
    def in_house(self) -> bool:
        return self.provider_type in IN_HOUSE_TYPES


def _kind_sums(groups: list[spend.Group]) -> list[tuple[_Kind, _Sum]]:
    """The per-provider groups (about 3,000) added up by kind in one pass: the few sums
    every breakdown but the provider table reads."""
    sums: dict[tuple, _Sum] = {}
    for group in groups:
        kind = group[3:6]  # provider_type, not_for_profit, out_of_county
        total = sums.get(kind)
        if total is None:
            total = sums[kind] = _Sum()
        total.add(group)
    return [(_Kind(*kind), total) for kind, total in sums.items()]


def _sums(kinds: list[tuple[_Kind, _Sum]], key) -> dict:
    """The kinds' sums added up by ``key`` of each kind."""
    sums: dict = defaultdict(_Sum)
    for kind, total in kinds:
        sums[key(kind)].merge(total)
    return sums


def build(filters: Filters, *, link_runs: bool = False) -> Dashboard:
    """The page's tables and charts; ``link_runs`` links each run to its page."""
    groups, months = spend.groups_and_months(filters)
    # The breakdowns by type, in-house, county and profit read these few coarse sums.
    kinds = _kind_sums(groups)
    board = Dashboard(filters)
    on = format_date(filters.as_of, "d MMMM yyyy")
    period = _("%(start)s to %(end)s", start=format_date(filters.start, "d MMMM yyyy"), end=on)
    children_on = Column(_("Children in placement on %(date)s", date=on), Kind.COUNT)
    weekly_on = Column(_("Weekly spend on %(date)s", date=on), Kind.MONEY)
    spend_in = Column(_("Spend from %(period)s", period=period), Kind.MONEY)

    total = _sums(kinds, lambda g: "all").get("all", _Sum())
    board.tables["summary"] = Table(
        "summary",
        _("Spend at a glance"),
        [
            weekly_on,
            Column(_("Yearly equivalent (52.1775 weeks)"), Kind.MONEY),
            spend_in,
            children_on,
        ],
        [[total.weekly, pounds(yearly_pence(total.weekly_pence)), total.spend, total.children]],
    )

    by_type = _sums(kinds, lambda g: g.provider_type)
    types = [
        t for t in ProviderType if not filters.provider_type or t.value == filters.provider_type
    ]
    board.tables["by_type"] = Table(
        "by_type",
        _("Spend by provider type"),
        [
            Column(_("Provider type")),
            children_on,
            weekly_on,
            spend_in,
            Column(_("Average weekly cost per child"), Kind.MONEY),
        ],
        [
            [
                str(t.label),
                by_type.get(t.value, _Sum()).children,
                by_type.get(t.value, _Sum()).weekly,
                by_type.get(t.value, _Sum()).spend,
                by_type.get(t.value, _Sum()).average_weekly,
            ]
            for t in types
        ],
    )
    board.charts["by_type"] = _bars(
        board.tables["by_type"],
        3,
        _("Spend by provider type"),
        _("Spend from %(period)s by provider type.", period=period),
    )

    board.tables["by_provider"] = _by_provider(groups, children_on, spend_in)

    in_house = _sums(kinds, lambda g: g.in_house)
    rows = [
        (_("In-house (the council's foster carers and homes)"), in_house.get(True, _Sum())),
        (_("Independent providers (agencies and private homes)"), in_house.get(False, _Sum())),
    ]
    board.tables["in_house"] = Table(
        "in_house",
        _("In-house against independent providers"),
        [Column(_("Provision")), children_on, weekly_on, spend_in],
        [[label, s.children, s.weekly, s.spend] for label, s in rows],
    )
    board.charts["in_house"] = _bars(
        board.tables["in_house"],
        3,
        _("Spend in-house and with independent providers"),
        _("Spend from %(period)s, in-house and with independent providers.", period=period),
    )

    county = _sums(kinds, lambda g: g.out_of_county)
    rows = [
        (_("Out of county"), county.get(True, _Sum())),
        (_("In county"), county.get(False, _Sum())),
    ]
    board.tables["out_of_county"] = Table(
        "out_of_county",
        _("Placements out of county"),
        [
            Column(_("Where")),
            children_on,
            spend_in,
            Column(_("Average distance from home on %(date)s (km)", date=on), Kind.KM),
            Column(_("Furthest from home on %(date)s (km)", date=on), Kind.KM),
        ],
        [[label, s.children, s.spend, s.average_km, s.max_km] for label, s in rows],
    )

    profit = _sums(kinds, lambda g: g.not_for_profit)
    rows = [
        (_("For profit"), profit.get(False, _Sum())),
        (_("Not for profit (including the council's own care)"), profit.get(True, _Sum())),
    ]
    board.tables["profit"] = Table(
        "profit",
        _("For-profit against not-for-profit spend"),
        [Column(_("Provider")), children_on, weekly_on, spend_in],
        [[label, s.children, s.weekly, s.spend] for label, s in rows],
    )
    board.charts["profit"] = _bars(
        board.tables["profit"],
        3,
        _("For-profit against not-for-profit spend"),
        _("Spend from %(period)s with for-profit and not-for-profit providers.", period=period),
    )

    board.tables["act_dates"] = act_dates.table(filters)
    _trend(board, months, period)
    _savings(board, filters, link_runs)
    return board


def _bars(table: Table, column: int, title: str, description: str) -> Markup:
    kind = table.columns[column].kind
    bars = [
        charts.Bar(str(row[0]), row[column] or 0, display(row[column], kind)) for row in table.rows
    ]
    return charts.bar_chart(f"chart-{table.key}", title, description, bars)


def _by_provider(groups: list[spend.Group], children_on: Column, spend_in: Column) -> Table:
    # (provider, type) -> [pence-days, children on the last day]
    totals: dict[tuple[ProviderKey, str], list[int]] = {}
    for group in groups:
        key = (group[0:3], group.provider_type)
        total = totals.get(key)
        if total is None:
            totals[key] = [group.pence_days, group.day_children]
        else:
            total[0] += group.pence_days
            total[1] += group.day_children

    def rank(item) -> tuple:
        (provider, _kind), (pence_days, _children) = item
        return -pence_days, tuple(-1 if part is None else part for part in provider)

    ranked = sorted(totals.items(), key=rank)
    top, rest = ranked[:TOP_PROVIDERS], ranked[TOP_PROVIDERS:]
    names = _provider_names([provider for (provider, _type), _total in top])
    rows = [
        [
            names.get(provider, "–"),
            str(ProviderType(kind).label),
            children,
            pounds(spend_pence(pence_days)),
        ]
        for (provider, kind), (pence_days, children) in top
    ]
    if rest:
        rows.append(
            [
                _("All other providers (%(count)d)", count=len(rest)),
                "",
                sum(children for _key, (_pence, children) in rest),
                pounds(spend_pence(sum(pence for _key, (pence, _children) in rest))),
            ]
        )
    return Table(
        "by_provider",
        _("Spend by provider: the top %(count)d", count=TOP_PROVIDERS),
        [Column(_("Provider")), Column(_("Provider type")), children_on, spend_in],
        rows,
    )


def _provider_names(keys: list[ProviderKey]) -> dict[ProviderKey, str]:
    names: dict[ProviderKey, str] = {}
    for index, model, name in (
        (0, FosterCarer, FosterCarer.household_name),
        (1, ChildrensHome, ChildrensHome.name),
        (2, Agency, Agency.name),
    ):
        ids = [key[index] for key in keys if key[index] is not None]
        if not ids:
            continue
        for row_id, reference, row_name in db.session.execute(
            select(model.id, model.reference, name).where(model.id.in_(ids))
        ):
            key = tuple(row_id if i == index else None for i in range(3))
            names[key] = f"{row_name} ({reference})"
    return names


def _trend(board: Dashboard, months: list[spend.Month], period: str) -> None:
    rows = []
    columns = []
    for month in months:
        in_house = pounds(spend_pence(month.in_house_pence_days))
        agency = pounds(spend_pence(month.agency_pence_days))
        rows.append(
            [
                format_date(month.first, "MMMM yyyy"),
                in_house,
                agency,
                pounds(spend_pence(month.pence_days)),
            ]
        )
        columns.append(charts.Column(format_date(month.first, "MMM yy"), in_house, agency))
    board.tables["trend"] = Table(
        "trend",
        _("Spend month by month"),
        [
            Column(_("Month")),
            Column(_("In-house"), Kind.MONEY),
            Column(_("Independent providers"), Kind.MONEY),
            Column(_("Total"), Kind.MONEY),
        ],
        rows,
    )
    highest = max((row[3] for row in rows), default=Decimal(0))
    board.charts["trend"] = charts.stacked_columns(
        "chart-trend",
        _("Spend month by month"),
        _(
            "Spend in each month from %(period)s: in-house as solid columns, independent "
            "providers hatched on top. The table below gives every figure.",
            period=period,
        ),
        columns,
        (_("In-house"), _("Independent providers")),
        _("Highest month: %(amount)s", amount=display(highest, Kind.MONEY)),
    )


def _savings(board: Dashboard, filters: Filters, link_runs: bool) -> None:
    runs = savings.run_savings(filters)
    has_run_page = link_runs
    rows, links = [], []
    for run in runs:
        rows.append(
            [
                _(
                    "Run %(number)d, %(date)s",
                    number=run.run_id,
                    date=format_date(run.created_at.date(), "d MMMM yyyy"),
                ),
                run.children,
                pounds(run.weekly_cost_pence),
                pounds(run.baseline_weekly_cost_pence),
                pounds(run.saved_pence),
            ]
        )
        links.append(url_for("placements.run", run_id=run.run_id) if has_run_page else None)
    if runs:
        cost = sum(run.weekly_cost_pence for run in runs)
        baseline = sum(run.baseline_weekly_cost_pence for run in runs)
        rows.append(
            [
                _("Total to date"),
                sum(run.children for run in runs),
                pounds(cost),
                pounds(baseline),
                pounds(baseline - cost),
            ]
        )
        links.append(None)
    board.tables["savings"] = Table(
        "savings",
        _("What matching saved"),
        [
            Column(_("Matching run and the day it started")),
            Column(_("Accepted proposals compared"), Kind.COUNT),
            Column(_("Weekly cost of accepted proposals"), Kind.MONEY),
            Column(_("Weekly cost the baseline search found"), Kind.MONEY),
            Column(_("Difference each week"), Kind.SAVING),
        ],
        rows,
        links,
    )
    if runs:
        saved = sum(run.saved_pence for run in runs)
        board.savings_sentence = savings.yearly_sentence(pounds(yearly_pence(saved)))
