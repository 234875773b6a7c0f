"""The solver API: rules respected, levels in order, progress, cancelling, threads."""

from __future__ import annotations

import threading

import pytest
from checker import brute_force
from helpers import agency, assert_valid, carer, child, home, instance

import matching
from matching import FixedPairError, Progress
from matching.generate import generate


def solved(data: dict, **kw: object) -> matching.Result:
    result = matching.solve(data, **kw)  # type: ignore[arg-type]
    assert_valid(data, result)
    return result


def test_in_house_beats_cheaper_agency_and_placed_beats_in_house() -> None:
    # one in-house carer that both could use; C2 can only go to it or nowhere
    data = instance(
        [child("C1"), child("C2", needs=["disability"])],
        [carer("H1", skills=["disability"], weekly_cost=900)],
        agencies=[agency("A1", weekly_cost=100)],
    )
    result = solved(data)
    assert (result.placed, result.in_house) == (2, 1)
    assert {a.child: a.provider for a in result.assignments} == {"C1": "A1", "C2": "H1"}


def test_unsplittable_siblings_go_together_or_not_at_all() -> None:
    kids = [child("C1", sibling_group="G"), child("C2", sibling_group="G", age=12)]
    data = instance(kids, [carer("H1", places=1), carer("H2", places=2, max_age=10)])
    result = solved(data)
    assert result.placed == 0
    assert {u.child for u in result.unplaced} == {"C1", "C2"}
    assert all("sibling" in u.reasons[0] for u in result.unplaced)


def test_split_cost_and_avoid_rule() -> None:
    kids = [
        child("C1", sibling_group="G", siblings_may_split=True),
        child("C2", sibling_group="G", siblings_may_split=True),
        child("C3", avoid=["C1"]),
    ]
    data = instance(kids, [carer("H1", places=3), carer("H2", places=1, easting=330000)])
    result = solved(data)
    assert result.placed == 3
    assert result.cost == brute_force(data)[2]


def test_unplaced_reasons_name_the_rule() -> None:
    data = instance(
        [child("C1", needs=["therapeutic"], age=16), child("C2"), child("C3")],
        [carer("H1", places=1)],
        [home("K1")],
    )
    result = solved(data)
    reasons = {u.child: u.reasons for u in result.unplaced}
    assert "rule 4 (needs)" in reasons["C1"][-1] and reasons["C1"][-1].startswith("all ")
    full = [r for c, r in reasons.items() if c != "C1"]
    assert full == [("every eligible provider was full (1 eligible)",)]


def test_fixed_pairs_are_kept_or_refused() -> None:
    data = instance(
        [child("C1"), child("C2")],
        [carer("H1", weekly_cost=900), carer("H2")],
        fixed=[{"child": "C1", "provider": "H1"}],
    )
    result = solved(data)
    assert {a.child: a.provider for a in result.assignments}["C1"] == "H1"
    data["fixed"].append({"child": "C2", "provider": "H1"})
    with pytest.raises(FixedPairError) as info:
        matching.solve(data)
    assert "rule 11 (capacity)" in info.value.problems[0]


def test_result_dict_has_the_spec_fields_and_baseline() -> None:
    result = solved(instance([child("C1")], [carer("H1")], agencies=[agency("A1")]))
    d = result.to_dict()
    assert list(d)[:5] == ["status", "placed", "in_house", "cost", "seconds"]
    assert d["baseline"] == {
        "placed": 1,
        "in_house": 1,
        "cost": d["cost"],
        "weekly_cost": 400,
        "more_placed": 0,
        "more_in_house": 0,
        "weekly_cost_saved": 0,
    }


def test_progress_reports_levels_in_order() -> None:
    seen: list[Progress] = []
    data = generate("S", 5)
    result = solved(data, on_progress=seen.append)
    assert result.status == "optimal"
    levels = [p.level for p in seen]
    assert levels == sorted(levels) and levels[0] == 1
    assert seen[-1].gap is not None and seen[-1].gap >= 0


def test_should_stop_returns_a_feasible_result_with_gap() -> None:
    data = generate("S", 7)
    result = solved(data, should_stop=lambda: True)
    assert result.status in ("feasible", "optimal")
    if result.status == "feasible":
        assert result.gap is not None and result.gap >= 0
        assert "gap" in result.to_dict()


def test_threads_solve_independently() -> None:
    datas = [generate("S", seed) for seed in (11, 12)]
    alone = [matching.solve(d) for d in datas]
    results: dict[int, matching.Result] = {}

    def work(k: int) -> None:
        results[k] = matching.solve(datas[k])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(2):
        assert (results[k].placed, results[k].in_house, results[k].cost) == (
            alone[k].placed,
            alone[k].in_house,
            alone[k].cost,
        )


def test_matching_never_imports_flask() -> None:
    import subprocess
    import sys

    code = (
        "import sys, matching, matching.cli, matching.generate; "
        "assert not any(m.split('.')[0] in ('flask', 'fostering') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@pytest.mark.parametrize(
    ("seed", "keep"), [(31, (1, 1)), (31, (8, 2)), (46, (4, 1)), (46, (10, 3)), (43, (10, 3))]
)
def test_pruned_pairs_never_give_a_false_proof(
    seed: int, keep: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from matching import problem

    data = generate("S", seed)
    exact = matching.solve(data)
    monkeypatch.setattr(problem, "PRUNE_ABOVE", 0)
    monkeypatch.setattr(problem, "KEEP", keep)
    pruned = solved(data)
    assert pruned.eligible_pairs < exact.eligible_pairs
    found = (pruned.placed, pruned.in_house, -pruned.cost)
    best = (exact.placed, exact.in_house, -exact.cost)
    assert found <= best
    if pruned.status == "optimal":
        assert found == best
    else:
        assert pruned.gap is not None and pruned.gap >= 0


@pytest.mark.parametrize(
    ("seed", "keep", "cell"),
    [(31, (4, 1), 2_000.0), (46, (10, 3), 10_000.0), (43, (1, 1), 5_000.0)],
)
def test_near_cells_keep_the_same_cheapest_pairs(
    seed: int, keep: tuple[int, int], cell: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pricing only the grid cells that could hold a child's cheapest providers keeps the
    same pairs (up to ties) and a least left-out arc that is never above the true one."""
    import numpy as np

    from matching import eligibility, problem

    data = generate("S", seed)
    data["children"][0]["welsh_speaking"] = True
    inst = matching.load_instance(data)
    monkeypatch.setattr(problem, "PRUNE_ABOVE", 0)
    monkeypatch.setattr(problem, "KEEP", keep)
    monkeypatch.setattr(eligibility, "NEAR_ABOVE", 10**9)
    every = problem.build_problem(inst)
    monkeypatch.setattr(eligibility, "NEAR_ABOVE", 0)
    monkeypatch.setattr(eligibility, "CELL_M", cell)
    near = problem.build_problem(inst)
    a = np.lexsort((every.pair_arc, every.pair_unit))
    b = np.lexsort((near.pair_arc, near.pair_unit))
    assert np.array_equal(every.pair_unit[a], near.pair_unit[b])
    assert np.array_equal(every.pair_arc[a], near.pair_arc[b])
    finite = np.isfinite(every.unit_cut)
    assert (near.unit_cut[finite] <= every.unit_cut[finite]).all()
    assert np.isfinite(near.unit_cut[finite]).all()
    assert finite.any()
