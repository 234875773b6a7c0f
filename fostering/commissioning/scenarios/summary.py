"""A scenario's result beside today's: the figures, who would move, what fills new places.

Everything here is over the run's children only (those waiting, those of closed
providers, and, when chosen, those placed out of county or with agencies): the rest of
the council's placements are the same either way. Spend is each placed child's provider
weekly cost (its current rate, or the scenario's changed or new one) in whole pence; the
yearly figure is weekly × 52.1775 (README, Money), rounded half-up only when shown.
Children are named by reference only.
"""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import matching
from fostering.commissioning.scenarios.instance import WAITING, Prepared

WEEKS_IN_YEAR = Decimal("52.1775")
UNPLACED = "unplaced"


def yearly_pounds(weekly_pence: int) -> Decimal:
    """A weekly cost's yearly equivalent in pounds, to the penny (half-up)."""
    pounds = Decimal(weekly_pence) * WEEKS_IN_YEAR / 100
    return pounds.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def weekly_pounds(weekly_pence: int) -> Decimal:
    return (Decimal(weekly_pence) / 100).quantize(Decimal("0.01"))


def _pence(pounds: int | float) -> int:
    return round(pounds * 100)


def figures(prepared: Prepared, instance: dict[str, Any], result: matching.Result) -> dict:
    """The headline figures of one run."""
    costs = {
        p["id"]: _pence(p["weekly_cost"])
        for group in ("carers", "homes", "agencies")
        for p in instance[group]
    }
    schools = {c["id"] for c in instance["children"] if "school_easting" in c}
    kms = [a.km for a in result.assignments]
    facts = prepared.providers
    return {
        "children": len(instance["children"]),
        "placed": result.placed,
        "in_house": result.in_house,
        "out_of_county": sum(facts[a.provider].out_of_county for a in result.assignments),
        "for_profit": sum(facts[a.provider].for_profit for a in result.assignments),
        "weekly_pence": sum(costs[a.provider] for a in result.assignments),
        "mean_km": round(statistics.fmean(kms), 1) if kms else None,
        "median_km": round(statistics.median(kms), 1) if kms else None,
        "school_known": len(schools),
        "school_kept": sum(
            1 for a in result.assignments if a.child in schools and not a.school_move
        ),
        "status": result.status,
        "seconds": round(result.seconds, 2),
    }


def _where(prepared: Prepared, key: str | None) -> dict[str, Any]:
    """A provider (or none) as the result shows it."""
    if key is None:
        return {"kind": UNPLACED}
    facts = prepared.providers[key]
    return {
        "kind": facts.kind, "key": key, "label": facts.label, "new": facts.change is not None,
        "in_house": facts.in_house, "out_of_county": facts.out_of_county,
    }  # fmt: skip


def _now(prepared: Prepared, key: str) -> dict[str, Any]:
    child = prepared.children[key]
    return {"kind": child.now, "out_of_county": child.out_of_county}


def moves(prepared: Prepared, today: matching.Result, scenario: matching.Result) -> list[dict]:
    """Each child whose place differs between today's run and the scenario's."""
    before = {a.child: a.provider for a in today.assignments}
    after = {a.child: a.provider for a in scenario.assignments}
    rows = []
    for key in sorted(prepared.children, key=lambda k: prepared.children[k].reference):
        if before.get(key) == after.get(key):
            continue
        rows.append(
            {
                "child": prepared.children[key].reference,
                "now": _now(prepared, key),
                "today": _where(prepared, before.get(key)),
                "scenario": _where(prepared, after.get(key)),
            }
        )
    return rows


def new_places(prepared: Prepared, scenario: matching.Result) -> list[dict]:
    """Each new home or carer: its places, how many it fills and where from."""
    filled: dict[str, list[str]] = {}
    for assignment in scenario.assignments:
        if prepared.providers[assignment.provider].change is not None:
            filled.setdefault(assignment.provider, []).append(assignment.child)
    rows = []
    for key, facts in prepared.providers.items():
        if facts.change is None:
            continue
        children = filled.get(key, [])
        sources: dict[str, int] = {}
        for child in children:
            now = prepared.children[child].now
            sources[now] = sources.get(now, 0) + 1
        rows.append(
            {
                "key": key, "change": facts.change, "kind": facts.kind,
                "capacity": facts.capacity, "filled": len(children),
                "from": sources,
                "from_out_of_county": sum(
                    prepared.children[c].out_of_county for c in children
                ),
                "out_of_county": facts.out_of_county,
            }
        )  # fmt: skip
    return rows


def build(
    prepared: Prepared, today: matching.Result, scenario: matching.Result, run_date: str
) -> dict[str, Any]:
    """The JSON kept on the scenario."""
    return {
        "run_date": run_date,
        "unlocated": prepared.unlocated,
        "waiting": sum(1 for c in prepared.children.values() if c.now == WAITING),
        "today": figures(prepared, prepared.today, today),
        "scenario": figures(prepared, prepared.scenario, scenario),
        "moves": moves(prepared, today, scenario),
        "new_places": new_places(prepared, scenario),
    }
