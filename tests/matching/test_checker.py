"""Tests of the independent checker itself, on hand-made instances and the spec's tiny cases."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from checker import brute_force, check, violated_rules
from helpers import CASES, child, expected_rows


def carer(pid: str, **kw: Any) -> dict[str, Any]:
    base = {
        "id": pid,
        "in_house": True,
        "places": 2,
        "min_age": 0,
        "max_age": 17,
        "easting": 318000,
        "northing": 179000,
        "weekly_cost": 400,
    }
    return {**base, **kw}


def base_instance() -> dict[str, Any]:
    return {
        "policy": {},
        "children": [child("C1"), child("C2"), child("C3", setting="residential", age=14)],
        "carers": [carer("H1"), carer("H2", places=1)],
        "homes": [
            {
                "id": "K1",
                "beds": 6,
                "occupied": 3,
                "min_age": 10,
                "max_age": 17,
                "easting": 318000,
                "northing": 176000,
                "weekly_cost": 4000,
                "residents": ["R1", "R2", "R3"],
            }
        ],
        "agencies": [
            {
                "id": "A1",
                "setting": "foster",
                "not_for_profit": False,
                "places": 1,
                "min_age": 0,
                "max_age": 17,
                "easting": 321000,
                "northing": 180000,
                "weekly_cost": 1000,
            }
        ],
    }


def result(*pairs: tuple[str, str], children: tuple[str, ...] = ("C1", "C2", "C3")) -> dict:
    placed = {c for c, _ in pairs}
    return {
        "assignments": [{"child": c, "provider": p} for c, p in pairs],
        "unplaced": [{"child": c, "reasons": []} for c in children if c not in placed],
    }


def test_valid_result_has_no_violations_and_right_objectives() -> None:
    report = check(base_instance(), result(("C1", "H1"), ("C2", "H1"), ("C3", "K1")))
    assert report.violations == []
    # arcs: 400 + 10*3 km = 430 each carer pair; home at 0 km = 4000
    assert (report.placed, report.in_house, report.cost) == (3, 3, 4860)


def _with(*edits: tuple[str, Any]) -> dict[str, Any]:
    inst = base_instance()
    for path, value in edits:
        key, index, name = path.split(".")
        inst[key][int(index)][name] = value
    return inst


PAIR_RULES = [
    (1, _with(("children.0.setting", "residential"))),
    (2, _with(("children.0.age", 18))),
    (3, _with(("carers.0.sexes", ["M"]))),
    (4, _with(("children.0.needs", ["autism"]))),
    (5, _with(("carers.0.placement_types", ["respite"]))),
    (7, _with(("children.0.avoid", ["R9"]), ("carers.0.residents", ["R9"]))),
]


@pytest.mark.parametrize(("rule", "inst"), PAIR_RULES)
def test_each_pair_rule_is_reported(rule: int, inst: dict) -> None:
    assert violated_rules(check(inst, result(("C1", "H1"))).violations) == {rule}


def test_profit_rule() -> None:
    inst = base_instance()
    inst["policy"]["not_for_profit_only"] = True
    assert violated_rules(check(inst, result(("C1", "A1"))).violations) == {6}
    inst["agencies"][0]["not_for_profit"] = True
    assert check(inst, result(("C1", "A1"))).violations == []


def test_distance_rule() -> None:
    inst = base_instance()
    inst["policy"]["max_km"] = 2.9
    assert violated_rules(check(inst, result(("C1", "H1"))).violations) == {8}
    inst["policy"]["max_km"] = 3
    assert check(inst, result(("C1", "H1"))).violations == []


def test_forbidden_rule() -> None:
    inst = base_instance()
    inst["forbidden"] = [{"child": "C1", "provider": "H1"}]
    assert violated_rules(check(inst, result(("C1", "H1"))).violations) == {9}


def test_child_placed_twice() -> None:
    assert violated_rules(
        check(base_instance(), result(("C1", "H1"), ("C1", "A1"))).violations
    ) == {10}


@pytest.mark.parametrize(
    ("pairs", "beds_occupied"),
    [
        ((("C1", "H2"), ("C2", "H2")), None),
        ((("C1", "A1"), ("C2", "A1")), None),
        ((("C3", "K1"),), (5, 5)),
        ((("C3", "K1"),), (9, 5)),  # policy.max_home_beds caps beds at 5
    ],
)
def test_capacity_rule(pairs: tuple, beds_occupied: tuple[int, int] | None) -> None:
    inst = base_instance()
    if beds_occupied:
        inst["homes"][0]["beds"], inst["homes"][0]["occupied"] = beds_occupied
    assert violated_rules(check(inst, result(*pairs)).violations) == {11}


def test_null_agency_places_means_no_limit() -> None:
    inst = base_instance()
    inst["agencies"][0]["places"] = None
    assert check(inst, result(("C1", "A1"), ("C2", "A1"))).violations == []


def test_avoid_between_run_children() -> None:
    inst = base_instance()
    inst["children"][1]["avoid"] = ["C1"]
    assert violated_rules(check(inst, result(("C1", "H1"), ("C2", "H1"))).violations) == {12}
    inst["agencies"][0]["places"] = 2  # agencies are exempt
    assert check(inst, result(("C1", "A1"), ("C2", "A1"))).violations == []


@pytest.mark.parametrize(
    "pairs",
    [
        (("C1", "H1"), ("C2", "A1")),  # split
        (("C1", "H1"),),  # partly placed
    ],
)
def test_sibling_rule(pairs: tuple) -> None:
    inst = base_instance()
    for c in inst["children"][:2]:
        c["sibling_group"] = "G1"
    assert violated_rules(check(inst, result(*pairs)).violations) == {13}


def test_siblings_that_may_split_cost_a_penalty() -> None:
    inst = base_instance()
    for c in inst["children"][:2]:
        c.update(sibling_group="G1", siblings_may_split=True)
    report = check(inst, result(("C1", "H1"), ("C2", "A1")))
    assert report.violations == []
    # 430 + (1000 + 10 * 5 km) + sibling_split 2000 * (2 - 1)
    assert report.cost == 430 + 1050 + 2000


def test_siblings_disagreeing_is_reported() -> None:
    inst = base_instance()
    inst["children"][0].update(sibling_group="G1", siblings_may_split=True)
    inst["children"][1].update(sibling_group="G1")
    assert violated_rules(check(inst, result()).violations) == {13}


def test_fixed_rule() -> None:
    inst = base_instance()
    inst["fixed"] = [{"child": "C2", "provider": "H2"}]
    assert violated_rules(check(inst, result(("C2", "H1"))).violations) == {14}
    assert check(inst, result(("C2", "H2"))).violations == []


def test_cost_terms_and_half_to_even_rounding() -> None:
    inst = base_instance()
    inst["policy"] = {"school_radius_km": 2, "weights": {"km": 1}}
    # 3.5 km away: 400 + 3.5 = 403.5 rounds to 404; 2.5 km: 402.5 rounds to 402
    inst["carers"][0]["northing"] = 179500
    inst["carers"][1]["northing"] = 178500
    inst["children"][0].update(school_easting=318000, school_northing=176000, welsh_speaking=True)
    report = check(inst, result(("C1", "H1"), ("C2", "H2")))
    assert report.violations == []
    assert report.cost == (404 + 500 + 200) + 402


def test_reported_figures_are_compared() -> None:
    res = result(("C1", "H1"))
    res.update(placed=2, in_house=1, cost=430)
    res["assignments"][0].update(kind="agency", in_house=True, arc=431)
    found = " ".join(check(base_instance(), res).violations)
    assert "reported placed 2" in found and "kind is 'agency'" in found and "arc is 431" in found


def test_unplaced_list_must_cover_every_child() -> None:
    res = result(("C1", "H1"))
    res["unplaced"] = res["unplaced"][:1]
    assert any("unplaced" in v for v in check(base_instance(), res).violations)


def test_brute_force_small_examples() -> None:
    inst = base_instance()
    assert brute_force(inst) == (3, 3, 4000 + 430 + 430)
    inst["fixed"] = [{"child": "C1", "provider": "A1"}]
    assert brute_force(inst) == (3, 2, 4000 + 430 + 1050)
    inst["fixed"].append({"child": "C2", "provider": "A1"})  # A1 has one place
    assert brute_force(copy.deepcopy(inst)) is None


def _expected() -> list[dict[str, str]]:
    return [r for r in expected_rows() if r["case"].startswith("tiny")]


@pytest.mark.parametrize("row", _expected(), ids=lambda r: r["case"])
def test_brute_force_matches_spec_cases(row: dict[str, str]) -> None:
    inst = json.loads((CASES / f"{row['case']}.json").read_text())
    want = (
        None
        if row["status"] == "refused"
        else (int(row["placed"]), int(row["in_house"]), int(row["cost"]))
    )
    assert brute_force(inst) == want


def test_null_means_absent() -> None:
    inst = base_instance()
    inst["children"][0].update(school_easting=None, school_northing=None, avoid=None)
    inst["policy"] = None
    inst["agencies"][0]["places"] = None
    report = check(inst, result(("C1", "A1"), ("C2", "A1")))
    assert report.violations == []
    plain = base_instance()
    del plain["policy"]
    plain["agencies"][0]["places"] = None
    assert report == check(plain, result(("C1", "A1"), ("C2", "A1")))
