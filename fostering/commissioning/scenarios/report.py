"""A finished scenario's comparison as the pages show it and the downloads carry it.

The figures come from the JSON ``summary.build`` kept on the scenario, so the page and the
CSV/XLSX show the same values. Downloads are ``commissioning.services.tables.Table``s
(formula-safe CSV and XLSX): one row per run (today, with the changes) with a column per
figure, the first column naming the scenario.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from fostering.commissioning.scenarios.instance import WAITING
from fostering.commissioning.scenarios.summary import UNPLACED, weekly_pounds, yearly_pounds
from fostering.commissioning.services.tables import Column, Kind, Table
from fostering.models import Scenario
from fostering.models.placement import ProviderType
from fostering.web.formatting import money_from_pounds


@dataclass(frozen=True)
class Measure:
    key: str
    label: object
    kind: Kind


MEASURES = (
    Measure("children", _l("Children matched"), Kind.COUNT),
    Measure("placed", _l("Children placed"), Kind.COUNT),
    Measure("in_house", _l("Placed in-house"), Kind.COUNT),
    Measure("out_of_county", _l("Placed out of county"), Kind.COUNT),
    Measure("for_profit", _l("Placed with for-profit providers"), Kind.COUNT),
    Measure("weekly", _l("Weekly spend"), Kind.MONEY),
    Measure("yearly", _l("Yearly spend (weekly × 52.1775)"), Kind.MONEY),
    Measure("mean_km", _l("Mean distance from home (km)"), Kind.KM),
    Measure("median_km", _l("Median distance from home (km)"), Kind.KM),
    Measure("school_kept", _l("Children who keep their school"), Kind.COUNT),
)


def value(figures: dict[str, Any], key: str):
    """One figure as a typed value: int, Decimal pounds or Decimal km (None: none)."""
    if key == "weekly":
        return weekly_pounds(figures["weekly_pence"])
    if key == "yearly":
        return yearly_pounds(figures["weekly_pence"])
    raw = figures.get(key)
    if key.endswith("_km"):
        return None if raw is None else Decimal(str(raw))
    return raw


def shown(amount, kind: Kind) -> str:
    if amount is None:
        return "–"
    if kind is Kind.MONEY:
        return money_from_pounds(amount)
    if kind is Kind.KM:
        return format_decimal(amount, "#,##0.0")
    return format_decimal(amount, "#,##0")


def difference(before, after, kind: Kind) -> str:
    """``after - before`` with its sign, or a dash when either is missing."""
    if before is None or after is None:
        return "–"
    change = after - before
    if change == 0:
        return shown(change, kind)
    sign = "+" if change > 0 else "−"
    return sign + shown(abs(change), kind)


@dataclass(frozen=True)
class FigureRow:
    label: str
    today: str
    scenario: str
    change: str


def figure_rows(result: dict[str, Any]) -> list[FigureRow]:
    """Each measure: today, with the changes, and the difference."""
    rows = []
    for measure in MEASURES:
        before = value(result["today"], measure.key)
        after = value(result["scenario"], measure.key)
        rows.append(
            FigureRow(
                str(measure.label), shown(before, measure.kind), shown(after, measure.kind),
                difference(before, after, measure.kind),
            )
        )  # fmt: skip
    return rows


@dataclass(frozen=True)
class CompareRow:
    label: str
    today: str
    cells: list[tuple[str, str]]  # (value, change from that scenario's today)


def compare_rows(scenarios: list[Scenario]) -> list[CompareRow]:
    """Each measure across scenarios; "today" is the first scenario's (each scenario's
    change is from its own today, run over the same children as it)."""
    rows = []
    for measure in MEASURES:
        first = value(scenarios[0].result["today"], measure.key)
        cells = []
        for scenario in scenarios:
            before = value(scenario.result["today"], measure.key)
            after = value(scenario.result["scenario"], measure.key)
            cells.append((shown(after, measure.kind), difference(before, after, measure.kind)))
        rows.append(CompareRow(str(measure.label), shown(first, measure.kind), cells))
    return rows


# --- Places in words -----------------------------------------------------------------

_NEW = re.compile(r"^S(\d+)([HK])(\d+)$")


def new_place_label(key: str) -> str:
    match = _NEW.match(key)
    if match is None:
        return key
    change, kind, number = int(match[1]), match[2], int(match[3])
    if kind == "K":
        return _("New council home %(number)d (change %(change)d)", number=number, change=change)
    return _("New carer household %(number)d (change %(change)d)", number=number, change=change)


def now_text(now: dict[str, Any]) -> str:
    if now["kind"] == WAITING:
        return _("Waiting for a placement")
    label = str(ProviderType(now["kind"]).label)
    if now.get("out_of_county"):
        return _("%(kind)s, out of county", kind=label)
    return label


def place_text(place: dict[str, Any]) -> str:
    """A proposal in words: in-house carers by reference, others by name."""
    if place["kind"] == UNPLACED:
        return _("Not placed")
    if place.get("new"):
        name = new_place_label(place["key"])
    elif place["kind"] == "carer":
        name = _("In-house carer %(reference)s", reference=place["label"])
    elif place["kind"] == "home":
        name = _("Council home %(name)s", name=place["label"])
    else:
        name = place["label"]
    if place.get("out_of_county"):
        return _("%(kind)s, out of county", kind=name)
    return name


def sources_text(sources: dict[str, int]) -> str:
    if not sources:
        return "–"
    parts = []
    for kind, count in sorted(sources.items(), key=lambda pair: (-pair[1], pair[0])):
        label = _("Waiting") if kind == WAITING else str(ProviderType(kind).label)
        parts.append(_("%(source)s: %(count)d", source=label, count=count))
    return "; ".join(parts)


# --- Tables (pages and downloads) ----------------------------------------------------


def moves_table(scenario: Scenario, rows: list[dict[str, Any]] | None = None) -> Table:
    table = Table(
        key="moves",
        caption=_("Children whose match would change"),
        columns=[
            Column(_("Child's reference")),
            Column(_("Now")),
            Column(_("Matched today")),
            Column(_("Matched with the changes")),
        ],
    )
    for move in scenario.result["moves"] if rows is None else rows:
        table.rows.append(
            [move["child"], now_text(move["now"]), place_text(move["today"]),
             place_text(move["scenario"])]
        )  # fmt: skip
    return table


def new_places_table(scenario: Scenario) -> Table:
    table = Table(
        key="new-places",
        caption=_("Where the new places would be filled from"),
        columns=[
            Column(_("New place")),
            Column(_("Area")),
            Column(_("Places"), Kind.COUNT),
            Column(_("Children placed there"), Kind.COUNT),
            Column(_("Where they are now")),
            Column(_("Of them, out of county now"), Kind.COUNT),
        ],
    )
    for row in scenario.result["new_places"]:
        table.rows.append(
            [new_place_label(row["key"]), _area(row), row["capacity"], row["filled"],
             sources_text(row["from"]), row["from_out_of_county"]]
        )  # fmt: skip
    return table


def _area(row: dict[str, Any]) -> str:
    return _("Out of county") if row["out_of_county"] else _("In county")


def figures_table(scenarios: list[Scenario]) -> Table:
    """One row per run of each scenario: today, then with the changes."""
    table = Table(
        key="figures",
        caption=_("Figures beside today"),
        columns=[Column(_("Scenario")), Column(_("Run"))]
        + [Column(str(measure.label), measure.kind) for measure in MEASURES],
    )
    for scenario in scenarios:
        for run, label in (("today", _("Today")), ("scenario", _("With the changes"))):
            figures = scenario.result[run]
            table.rows.append([scenario.name, label, *(value(figures, m.key) for m in MEASURES)])
    return table


def export_name(scenarios: list[Scenario]) -> str:
    """A file name from the scenarios' names: ``scenario-five-homes-of-five-beds``."""
    slugs = [re.sub(r"[^a-z0-9]+", "-", s.name.lower()).strip("-") or str(s.id) for s in scenarios]
    stem = "-and-".join(slugs)[:100].rstrip("-")
    return ("scenario-" if len(scenarios) == 1 else "scenarios-") + stem
