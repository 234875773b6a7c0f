"""Property tests: the solver against the independent checker and brute force.

Small random instances (at most 6 children, 4 providers) with sibling groups, avoid lists,
residents, fixed and forbidden pairs; the spec's cases; and generated S instances.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from checker import brute_force, check, normalise, pair_faults
from helpers import CASES, expected_rows
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import matching
from matching.generate import generate

TYPES = ["emergency", "short_term", "long_term", "respite", "parent_and_child"]
SKILLS = ["disability", "therapeutic"]
TIME_LIMIT = 30.0  # seconds; a small instance proves optimal far sooner
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _point(draw: st.DrawFn) -> dict[str, int]:
    return {
        "easting": draw(st.integers(300_000, 330_000)),
        "northing": draw(st.integers(170_000, 200_000)),
    }


def _child(
    draw: st.DrawFn, i: int, n: int, residents: list[str], settings_: list[str]
) -> dict[str, Any]:
    c: dict[str, Any] = {
        "id": f"C{i}",
        "age": draw(st.sampled_from([0, 5, 9, 12, 15, 17])),
        "sex": draw(st.sampled_from(["F", "M", "X"])),
        "setting": draw(st.sampled_from([*settings_, "foster", "residential"])),
        "placement_type": draw(st.sampled_from(TYPES[:3])),
        "needs": draw(st.sampled_from([[], [], [], ["disability"], ["therapeutic"]])),
        **_point(draw),
        "welsh_speaking": draw(st.booleans()),
    }
    if draw(st.booleans()):
        school = _point(draw)
        c["school_easting"], c["school_northing"] = school["easting"], school["northing"]
    others = [f"C{j}" for j in range(n) if j != i] + residents
    if others and draw(st.integers(0, 3)) == 0:
        c["avoid"] = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
    return c


def _provider(draw: st.DrawFn, i: int, kind: str) -> dict[str, Any]:
    lo = draw(st.sampled_from([0, 0, 0, 5, 11]))
    p: dict[str, Any] = {
        "id": f"P{i}",
        "min_age": lo,
        "max_age": draw(st.sampled_from([17, 17, 17, lo + 6])),
        "sexes": draw(st.sampled_from([[], [], [], [], ["F"], ["F", "M"]])),
        "skills": draw(st.lists(st.sampled_from(SKILLS), max_size=2, unique=True)),
        "placement_types": draw(st.sampled_from([[], [], [], ["long_term"], TYPES[:2]])),
        **_point(draw),
        "welsh_speaking": draw(st.booleans()),
    }
    if kind == "agencies":
        p["setting"] = draw(st.sampled_from(["foster", "foster", "residential"]))
        p["not_for_profit"] = draw(st.booleans())
        p["places"] = draw(st.sampled_from([2, None, 1, 3]))
        p["weekly_cost"] = draw(st.integers(700, 1500))
    else:
        p["in_house"] = draw(st.sampled_from([True, True, True, False]))
        p["residents"] = draw(st.sampled_from([[], [f"R{i}"]]))
        if kind == "carers":
            p["places"] = draw(st.sampled_from([1, 1, 2, 3, 0]))
            p["weekly_cost"] = draw(st.integers(350, 650))
        else:
            p["beds"] = draw(st.integers(1, 6))
            p["occupied"] = draw(st.integers(0, p["beds"]))
            p["residents"] = [f"R{i}x{k}" for k in range(p["occupied"])]
            p["weekly_cost"] = draw(st.integers(3500, 6000))
    return p


def _sibling_groups(draw: st.DrawFn, children: list[dict[str, Any]]) -> None:
    flags = {g: draw(st.booleans()) for g in ("G1", "G2")}
    for c in children:
        group = draw(st.sampled_from([None, None, None, None, "G1", "G2"]))
        if group is not None:
            c["sibling_group"], c["siblings_may_split"] = group, flags[group]


@st.composite
def instances(draw: st.DrawFn, max_fixed: int = 1, any_fixed: bool = False) -> dict[str, Any]:
    """A small random instance that the spec's input rules accept.

    Fixed pairs are drawn among pairs that pass rules 1-9 unless `any_fixed`.
    """
    kinds = draw(
        st.lists(st.sampled_from(["carers", "carers", "homes", "agencies"]), min_size=2, max_size=4)
    )
    providers = [(_provider(draw, i, k), k) for i, k in enumerate(kinds)]
    residents = [r for p, _ in providers for r in p.get("residents", [])]
    n = draw(st.integers(2, 6))
    settings_ = [
        p.get("setting", "foster" if k == "carers" else "residential") for p, k in providers
    ]
    children = [_child(draw, i, n, residents, settings_) for i in range(n)]
    _sibling_groups(draw, children)
    pair = st.fixed_dictionaries(
        {"child": st.sampled_from([c["id"] for c in children]),
         "provider": st.sampled_from([p["id"] for p, _ in providers])}
    )  # fmt: skip
    forbidden = draw(st.lists(pair, max_size=2))
    fixed = draw(st.lists(pair, max_size=max_fixed, unique_by=lambda f: f["child"]))
    weights = {
        "km": draw(st.sampled_from([0, 10, 25])),
        "welsh_mismatch": draw(st.sampled_from([0, 200])),
        "sibling_split": draw(st.sampled_from([0, 150, 2000])),
    }
    data = {
        "policy": {
            "max_home_beds": draw(st.integers(3, 6)),
            "not_for_profit_only": draw(st.sampled_from([False, False, True])),
            "school_radius_km": draw(st.sampled_from([5, 15, 25])),
            "max_km": draw(st.sampled_from([None, None, None, 15, 30])),
            "weights": weights,
        },
        "children": children,
        **{k: [p for p, kind in providers if kind == k] for k in ("carers", "homes", "agencies")},
        "fixed": [],
        "forbidden": forbidden,
    }
    if not any_fixed:
        inst = normalise(data)
        fixed = [f for f in fixed if not pair_faults(inst, f["child"], f["provider"])]
    return {**data, "fixed": fixed}


def solved_and_checked(data: dict[str, Any]) -> tuple[int, int, int]:
    """Solve; assert the result is valid, optimal and reports the checker's figures."""
    result = matching.solve(matching.load_instance(data), time_limit=TIME_LIMIT).to_dict()
    report = check(data, result)
    assert report.violations == []
    figures = (report.placed, report.in_house, report.cost)
    assert (result["placed"], result["in_house"], result["cost"]) == figures
    assert result["status"] == "optimal"
    return figures


def assert_solver_is_exact(data: dict[str, Any]) -> None:
    """The solver's result is valid, its figures are right and it is the true optimum."""
    best = brute_force(data)
    if best is None:
        event("fixed pairs impossible")
        with pytest.raises(matching.FixedPairError) as refused:
            matching.solve(matching.load_instance(data))
        named = [(f["child"], f["provider"]) for f in data["fixed"]]
        assert any(c in line and p in line for line in refused.value.problems for c, p in named)
        return
    event(f"placed {best[0]} of {len(data['children'])}")
    assert solved_and_checked(data) == best


@PROPERTY
@given(instances())
def test_solver_agrees_with_checker_and_brute_force(data: dict[str, Any]) -> None:
    assert_solver_is_exact(data)


@settings(PROPERTY, max_examples=60)
@given(instances(max_fixed=3, any_fixed=True))
def test_fixed_pairs_hold_or_are_refused(data: dict[str, Any]) -> None:
    assert_solver_is_exact(data)


def crowded(data: dict[str, Any]) -> dict[str, Any]:
    """Everyone eligible everywhere by rules 1-8: only capacity, avoid, siblings and cost."""
    broad = {"min_age": 0, "max_age": 17, "sexes": [], "skills": [], "placement_types": []}
    keep = ("id", "in_house", "easting", "northing", "welsh_speaking", "weekly_cost")
    carers = [
        {**{k: p[k] for k in keep}, **broad, "places": p.get("places", 2)}
        for p in data["carers"] + data["homes"]
    ]
    agencies = [{**p, **broad, "setting": "foster"} for p in data["agencies"]]
    children = [{**c, "setting": "foster", "needs": []} for c in data["children"]]
    for c in children:  # residents are gone
        c["avoid"] = [a for a in c.get("avoid", []) if a.startswith("C")]
    policy = {**data["policy"], "max_km": None, "not_for_profit_only": False}
    return {
        **data,
        "policy": policy,
        "children": children,
        "carers": carers,
        "homes": [],
        "agencies": agencies,
        "fixed": [],
    }


@settings(PROPERTY, max_examples=100)
@given(instances(max_fixed=0).map(crowded))
def test_crowded_instances_are_solved_exactly(data: dict[str, Any]) -> None:
    assert_solver_is_exact(data)


@settings(PROPERTY, max_examples=100)
@given(instances(max_fixed=2).map(lambda d: d if d["fixed"] else crowded(d)))
def test_flow_first_levels_are_exact(data: dict[str, Any]) -> None:
    """The path large instances take (min-cost flow first on every level) is exact too."""
    from unittest import mock

    from matching import solver

    with mock.patch.object(solver, "FAST_PAIRS", 0):
        assert_solver_is_exact(data)


@pytest.mark.parametrize("flow_first", [False, True], ids=["lp", "flow"])
@pytest.mark.parametrize("row", expected_rows(), ids=lambda r: r["case"])
def test_spec_cases(row: dict[str, str], flow_first: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from matching import solver

    if flow_first:  # the path large instances take
        monkeypatch.setattr(solver, "FAST_PAIRS", 0)
    data = json.loads((CASES / f"{row['case']}.json").read_text())
    if row["status"] == "refused":
        with pytest.raises(matching.FixedPairError, match="rule"):
            matching.solve(matching.load_instance(data))
        return
    want = (int(row["placed"]), int(row["in_house"]), int(row["cost"]))
    assert solved_and_checked(data) == want


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_generated_small_instances(seed: int) -> None:
    data = generate("S", seed)
    placed, _, _ = solved_and_checked(data)
    assert placed >= len(data["fixed"])


@settings(PROPERTY, max_examples=80)
@given(instances(max_fixed=1), st.sampled_from([None, (1, 1), (2, 1)]))
def test_flow_relaxation_never_passes_the_optimum(
    data: dict[str, Any], keep: tuple[int, int] | None
) -> None:
    """The min-cost-flow bound of every level is at or beyond the brute-force optimum,
    with all pairs and with only each unit's cheapest pairs kept."""
    from unittest import mock

    from matching import problem, solver
    from matching.core import build_core
    from matching.flow import relaxed_flow

    best = brute_force(data)
    if best is None:
        return
    with (
        mock.patch.object(problem, "PRUNE_ABOVE", 0 if keep else problem.PRUNE_ABOVE),
        mock.patch.object(problem, "KEEP", keep or problem.KEEP),
    ):
        prob = problem.build_problem(matching.load_instance(data))
    core, trivial = build_core(prob)
    offsets = solver._offsets(prob, solver._fixed_assignments(prob, trivial))
    placed, in_house, cost = (b - o for b, o in zip(best, offsets, strict=True))
    optimum = (-placed, -in_house, cost)  # the core's levels, minimised
    for level in (1, 2, 3):
        got = relaxed_flow(core, level, (placed, in_house))
        assert got is not None
        assert got[0] <= optimum[level - 1] + 1e-9
