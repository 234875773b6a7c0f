"""Small instances built in code for the matching tests."""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

from checker import check

CASES = Path(__file__).resolve().parent / "cases"  # see cases/README.md


def expected_rows() -> list[dict[str, str]]:
    """The rows of cases/expected.tsv: case, status, placed, in_house, cost."""
    with (CASES / "expected.tsv").open() as f:
        return list(csv.DictReader(f, delimiter="\t"))


def child(cid: str, **kw: Any) -> dict[str, Any]:
    base = {
        "id": cid,
        "age": 9,
        "sex": "F",
        "setting": "foster",
        "placement_type": "long_term",
        "needs": [],
        "easting": 318000,
        "northing": 176000,
    }
    base.update(kw)
    return base


def carer(pid: str, **kw: Any) -> dict[str, Any]:
    base = {
        "id": pid,
        "in_house": True,
        "places": 1,
        "min_age": 0,
        "max_age": 17,
        "easting": 318000,
        "northing": 176000,
        "weekly_cost": 400,
    }
    base.update(kw)
    return base


def home(pid: str, **kw: Any) -> dict[str, Any]:
    base = {
        "id": pid,
        "beds": 4,
        "occupied": 0,
        "min_age": 8,
        "max_age": 17,
        "easting": 320000,
        "northing": 175000,
        "weekly_cost": 3800,
    }
    base.update(kw)
    return base


def agency(pid: str, **kw: Any) -> dict[str, Any]:
    base = {
        "id": pid,
        "setting": "foster",
        "not_for_profit": True,
        "places": None,
        "min_age": 0,
        "max_age": 17,
        "easting": 330000,
        "northing": 190000,
        "weekly_cost": 950,
    }
    base.update(kw)
    return base


def instance(
    children: list[dict[str, Any]],
    carers: list[dict[str, Any]] | None = None,
    homes: list[dict[str, Any]] | None = None,
    agencies: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    out = {
        "children": children,
        "carers": carers or [],
        "homes": homes or [],
        "agencies": agencies or [],
    }
    out.update(extra)
    return copy.deepcopy(out)


def assert_valid(data: dict[str, Any], result: Any) -> None:
    """The independent checker finds no rule broken and the result's three objectives."""
    report = check(data, result.to_dict())
    assert report.violations == []
    assert (report.placed, report.in_house, report.cost) == (
        result.placed,
        result.in_house,
        result.cost,
    )
