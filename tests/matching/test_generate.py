"""The instance generator: deterministic, the right sizes, valid and feasible."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import pytest
from checker import check, instance_problems, normalise, pair_faults

import matching
from matching.generate import SIZES, add_arguments, generate, run


def test_same_seed_gives_the_same_instance() -> None:
    assert json.dumps(generate("S", 3)) == json.dumps(generate("S", 3))
    assert generate("S", 3) != generate("S", 4)


@pytest.mark.parametrize("size", ["S", "M"])
def test_sizes(size: str) -> None:
    inst = generate(size, 1)
    counts = tuple(len(inst[k]) for k in ("children", "carers", "homes", "agencies"))
    assert counts == SIZES[size]


@pytest.mark.parametrize(("size", "seed"), [("S", 1), ("S", 2), ("S", 3), ("M", 1)])
def test_valid_by_the_spec_input_rules(size: str, seed: int) -> None:
    data = generate(size, seed)
    assert instance_problems(data) == []
    assert len(matching.load_instance(data).children) == len(data["children"])


@pytest.mark.parametrize(("size", "seed"), [("S", 1), ("S", 5), ("M", 2)])
def test_fixed_pairs_hold_together_and_forbidden_pairs_are_otherwise_eligible(
    size: str, seed: int
) -> None:
    data = generate(size, seed)
    assert data["fixed"] and data["forbidden"]
    fixed = {f["child"] for f in data["fixed"]}
    result = {
        "assignments": data["fixed"],
        "unplaced": [{"child": c["id"]} for c in data["children"] if c["id"] not in fixed],
    }
    assert check(data, result).violations == []
    inst = normalise({**data, "forbidden": []})
    for f in data["forbidden"]:
        assert f["child"] not in fixed
        assert pair_faults(inst, f["child"], f["provider"]) == []


def test_realistic_mix() -> None:
    data = generate("M", 1)
    kids = data["children"]
    ages = Counter(c["age"] for c in kids)
    assert sum(ages[a] for a in range(12, 18)) > sum(ages[a] for a in range(6))
    settings = Counter(c["setting"] for c in kids)
    assert 0.75 < settings["foster"] / len(kids) < 0.95
    assert 0 < Counter(c["sex"] for c in kids)["X"] < 0.06 * len(kids)
    groups = Counter(c["sibling_group"] for c in kids if c.get("sibling_group"))
    assert set(groups.values()) <= {2, 3, 4} and len(groups) > 50
    assert all(h["beds"] <= 5 and h["occupied"] <= h["beds"] for h in data["homes"])
    assert any(h["occupied"] for h in data["homes"])
    carer_cost = [c["weekly_cost"] for c in data["carers"] if c["in_house"]]
    foster_agency = [a["weekly_cost"] for a in data["agencies"] if a["setting"] == "foster"]
    assert 350 <= min(carer_cost) and max(carer_cost) <= 600
    assert 800 <= min(foster_agency) and max(foster_agency) <= 1400
    assert all(3500 <= h["weekly_cost"] <= 6000 for h in data["homes"])
    agencies = data["agencies"]
    assert any(a["places"] is None for a in agencies)
    assert any(a["not_for_profit"] for a in agencies)
    assert any(a["easting"] > 340000 for a in agencies)  # out of county, over the border


def test_welsh_speakers_more_common_in_the_north_west() -> None:
    kids = generate("M", 2)["children"]
    north_west = [c for c in kids if c["easting"] < 270000 and c["northing"] > 330000]
    south_east = [c for c in kids if c["easting"] > 300000 and c["northing"] < 220000]

    def share(rows: list[dict]) -> float:
        return sum(c["welsh_speaking"] for c in rows) / len(rows)

    assert share(north_west) > 2 * share(south_east)


def test_avoid_names_run_children_and_residents() -> None:
    data = generate("M", 4)
    children = {c["id"] for c in data["children"]}
    names = [a for c in data["children"] for a in c.get("avoid", [])]
    assert any(a in children for a in names) and any(a not in children for a in names)


def test_cli_writes_the_instance(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = tmp_path / "s.json"
    args = parser.parse_args(["--size", "S", "--seed", "9", "--out", str(out)])
    assert run(args) == 0
    assert json.loads(out.read_text()) == generate("S", 9)


def test_unknown_size_is_refused() -> None:
    with pytest.raises(ValueError, match="size"):
        generate("XXL", 1)
