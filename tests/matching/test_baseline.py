"""The hand-search baseline: urgency order, in-house first, cheapest; never better."""

from __future__ import annotations

from checker import check
from helpers import agency, carer, child, instance

import matching
from matching.baseline import baseline_assign
from matching.generate import generate
from matching.load import load_instance
from matching.problem import build_problem


def test_urgent_child_takes_the_only_in_house_place() -> None:
    data = instance(
        [child("C1", placement_type="long_term"), child("C2", placement_type="emergency")],
        [carer("H1")],
        agencies=[agency("A1"), agency("A2", weekly_cost=700)],
    )
    inst = load_instance(data)
    assign = baseline_assign(build_problem(inst))
    named = {inst.children[c].id: inst.providers[p].id for c, p in assign.items()}
    assert named == {"C2": "H1", "C1": "A2"}


def test_baseline_is_valid_and_never_beats_the_optimiser() -> None:
    data = generate("S", 21)
    result = matching.solve(data)
    inst = load_instance(data)
    assign = baseline_assign(build_problem(inst))
    as_result = {
        "assignments": [
            {"child": inst.children[c].id, "provider": inst.providers[p].id}
            for c, p in assign.items()
        ],
        "unplaced": [{"child": c.id} for i, c in enumerate(inst.children) if i not in assign],
    }
    assert check(data, as_result).violations == []
    b = result.baseline
    assert b is not None
    assert (result.placed, result.in_house, -result.cost) >= (b.placed, b.in_house, -b.cost)
    gains = result.to_dict()["baseline"]
    assert gains["more_placed"] == result.placed - b.placed
    assert gains["more_in_house"] == result.in_house - b.in_house
