"""The cost level's group pricing, Lagrangian bound and dived incumbent.

Checked against brute force on small random instances: the exact group term equals an
enumeration of every pattern; the bound (for any multipliers, and as column generation
leaves it) never passes the optimum; a dived incumbent is valid by the independent
checker and meets the first two levels' values.
"""

from __future__ import annotations

import itertools
from typing import Any
from unittest import mock

import numpy as np
import pytest
from checker import brute_force, check
from helpers import carer, child, instance
from hypothesis import event, given, reject, settings
from hypothesis import strategies as st
from test_properties import PROPERTY, instances

import matching
from matching import lp, problem, solver
from matching.core import Core, build_core
from matching.dive import dive
from matching.generate import generate
from matching.groups import free_groups, price_groups

SPLIT = {"sibling_split": 2000}


def _with_split_groups(data: dict[str, Any]) -> dict[str, Any]:
    """The first three children a sibling group that may split, the next two another, and
    splitting costs something."""
    children = [
        {**c, "sibling_group": "S1" if i < 3 else "S2", "siblings_may_split": True} if i < 5 else c
        for i, c in enumerate(data["children"])
    ]
    policy = {**data["policy"], "weights": {**data["policy"]["weights"], **SPLIT}}
    return {**data, "children": children, "policy": policy}


def _core(data: dict[str, Any], keep: tuple[int, int] | None = None) -> tuple[Any, Core, dict]:
    with (
        mock.patch.object(problem, "PRUNE_ABOVE", 0 if keep else problem.PRUNE_ABOVE),
        mock.patch.object(problem, "KEEP", keep or problem.KEEP),
    ):
        try:
            prob = problem.build_problem(matching.load_instance(data))
        except matching.FixedPairError:
            reject()  # a fixed pair that cannot hold: refused, as test_properties checks
    core, trivial = build_core(prob)
    return prob, core, trivial


def _core_optimum(prob: Any, trivial: dict, best: tuple[int, int, int]) -> tuple[int, int, int]:
    offsets = solver._offsets(prob, solver._fixed_assignments(prob, trivial))
    placed, in_house, cost = (b - o for b, o in zip(best, offsets, strict=True))
    return placed, in_house, cost


def _patterns_by_enumeration(
    core: Core, grp: Any, v: np.ndarray, w: float, force: tuple[int, int] | None = None
) -> float:
    """The least pattern value of a group by trying every member -> provider-or-none
    (with `force` = (member position, pair), that member at that pair)."""
    options = []
    for k in grp.members.tolist():
        if force is not None and force[0] == k:
            options.append([force[1]])
        else:
            options.append([None, *range(core.start[k], core.start[k + 1])])
    best = np.inf if force is not None else 0.0
    for combo in itertools.product(*options):
        used = [j for j in combo if j is not None]
        counts: dict[int, int] = {}
        for p in core.pp[used].tolist():
            counts[p] = counts.get(p, 0) + 1
        if any(0 <= core.cap[p] < n for p, n in counts.items()):
            continue
        if grp.fixed:  # each provider none of the fixed members is at adds a split
            split = w * len(set(counts) - grp.fixed)
        else:
            split = w * (len(counts) - 1) if counts else 0.0
        value = float(v[used].sum()) + split
        best = min(best, value)
    return best


@settings(PROPERTY, max_examples=100)
@given(instances(max_fixed=1).map(_with_split_groups), st.integers(0, 2**31 - 1))
def test_group_term_is_the_least_pattern(data: dict[str, Any], seed: int) -> None:
    """The exact group term equals enumeration; a member pair's reduced cost never
    exceeds what using that pair really adds (so pairs are never wrongly left out)."""
    _, core, _ = _core(data)
    groups = free_groups(core)
    rng = np.random.default_rng(seed)
    v = rng.integers(-3000, 3000, size=core.n_pairs).astype(float)
    w = float(core.split_weight)
    no_left_out = np.full(len(core.units), np.inf)
    got = price_groups(core, groups, v, no_left_out, w)
    event(f"{len(groups)} splittable groups")
    for gi, grp in enumerate(groups):
        least = got.best[gi][0]
        assert least == _patterns_by_enumeration(core, grp, v, w)
        for i, k in enumerate(grp.members.tolist()):
            for j in range(core.start[k], core.start[k + 1]):
                col = int(np.searchsorted(grp.provs, core.pp[j]))
                forced = _patterns_by_enumeration(core, grp, v, w, force=(k, j))
                if np.isfinite(forced):
                    assert got.rc[gi][i, col] <= forced - least + 1e-6


@settings(PROPERTY, max_examples=80)
@given(
    instances(max_fixed=1).map(_with_split_groups),
    st.sampled_from([None, (1, 1), (2, 1)]),
    st.integers(0, 2**31 - 1),
)
def test_cost_bound_never_passes_the_optimum(
    data: dict[str, Any], keep: tuple[int, int] | None, seed: int
) -> None:
    """The Lagrangian bound with exact group terms, for random multipliers and as column
    generation leaves it, is at or below the brute-force optimum's cost."""
    best = brute_force(data)
    if best is None:
        return
    prob, core, trivial = _core(data, keep)
    placed, in_house, cost = _core_optimum(prob, trivial, best)
    if not len(core.units):
        return
    groups = free_groups(core)
    costs = core.level_costs(3).astype(np.float64)
    rng = np.random.default_rng(seed)
    for _ in range(5):
        pi = rng.uniform(0, 3000, size=len(core.cap)) * (rng.random(len(core.cap)) < 0.5)
        pi[core.cap < 0] = 0.0  # no capacity row, no place price (as the master's duals)
        gamma, delta = rng.uniform(-5000, 5000, size=2)
        bound, rc, slack, _ = lp.lagrangian(
            core, costs, pi, gamma, delta, (placed, in_house), 3, groups
        )
        assert bound <= cost + 1e-6
        assert (rc >= -1e-9).all() and slack >= -1e-9
    choice, _ = _first_levels(core)
    priced = lp.price(core, 3, (placed, in_house), lp.initial_columns(core, 2), choice=choice)
    assert priced.bound <= cost + 1e-6


def _first_levels(core: Core) -> tuple[np.ndarray, tuple[int, int]]:
    """The solver's own levels 1 and 2: a choice and its (placed, in_house)."""
    run = solver._Run(0.0, None, None, None, (0, 0, 0), [None, None, None])
    choice = np.full(len(core.units), -1, dtype=np.int64)
    targets = (0, 0)
    for level in (1, 2):
        out = solver._solve_level(core, level, targets, choice, run)
        choice = out.choice
        placed, in_house, _ = core.values(choice)
        targets = (placed, in_house)
    return choice, targets


def _dived(data: dict[str, Any]) -> tuple[Any, Core, dict, np.ndarray | None, tuple[int, int]]:
    prob, core, trivial = _core(data)
    run = solver._Run(0.0, None, None, None, (0, 0, 0), [None, None, None])
    choice, targets = _first_levels(core)
    if not len(core.units):
        return prob, core, trivial, None, targets
    columns = np.union1d(lp.initial_columns(core, 3), choice[choice >= 0])
    priced = lp.price(core, 3, targets, columns, choice=choice)
    return prob, core, trivial, solver._dive_incumbent(core, priced, choice, targets, run), targets


def _as_result(prob: Any, core: Core, trivial: dict, choice: np.ndarray) -> dict[str, Any]:
    assign = solver._fixed_assignments(prob, trivial)
    for k, j in enumerate(choice.tolist()):
        if j >= 0:
            for c in prob.units[core.units[k]].tolist():
                assign[c] = int(core.pp[j])
    return solver._result(prob, assign, "feasible", None, 0.0).to_dict()


@settings(PROPERTY, max_examples=100)
@given(instances(max_fixed=1).map(_with_split_groups))
def test_dived_incumbent_is_valid_and_keeps_the_counts(data: dict[str, Any]) -> None:
    best = brute_force(data)
    if best is None:
        return
    prob, core, trivial, dived, targets = _dived(data)
    event("dived" if dived is not None else "no dive")
    if dived is None:
        return
    assert core.values(dived)[:2] == targets
    result = _as_result(prob, core, trivial, dived)
    report = check(data, result)
    assert report.violations == []
    assert (report.placed, report.in_house) == best[:2]
    assert report.cost >= best[2] and report.cost == result["cost"]


def test_dive_on_a_generated_instance_is_valid() -> None:
    """A generated S instance (sibling groups of both kinds, avoid lists, fixed pairs)."""
    data = generate("S", 5)
    prob, core, trivial, dived, targets = _dived(data)
    assert dived is not None
    assert core.values(dived)[:2] == targets
    report = check(data, _as_result(prob, core, trivial, dived))
    assert report.violations == []


def _every_cut(core: Core, level: int, targets: tuple[int, int]) -> lp.Master:
    """A master holding every clique row the separation could ever add."""
    master = lp.Master(core, level, targets)
    for p in np.flatnonzero(core.cap >= 2).tolist():
        master.add_cut(p)
        at = np.flatnonzero(core.pp == p)
        for j in at[~master.big[at] & ~master.member_pair[at]].tolist():
            master.add_cut(p, j)
    return master


@settings(PROPERTY, max_examples=80)
@given(instances(max_fixed=1).map(_with_split_groups), st.integers(0, 2**31 - 1))
def test_clique_rows_never_cut_off_a_solution(data: dict[str, Any], seed: int) -> None:
    """Every clique row holds for the brute-force optimum, and the bound with any prices
    on every clique row stays at or below the optimum's cost."""
    best = brute_force(data)
    if best is None:
        return
    prob, core, trivial = _core(data)
    if not len(core.units):
        return
    placed, in_house, cost = _core_optimum(prob, trivial, best)
    master = _every_cut(core, 3, (placed, in_house))
    event(f"{len(master.cut_rows)} clique rows")
    choice = solver.solve(data).to_dict()  # optimal, so any row it breaks is wrong
    chosen = {(a["child"], a["provider"]) for a in choice["assignments"]}
    ids = [c["id"] for c in data["children"]]
    pids = [p["id"] for kind in ("carers", "homes", "agencies") for p in data.get(kind, [])]
    for pairs in master.cut_pairs:
        used = {
            (int(core.pu[j]), int(core.pp[j]))
            for j in pairs.tolist()
            if (ids[int(prob.units[core.pu[j]][0])], pids[int(core.pp[j])]) in chosen
        }
        assert len(used) <= 1
    costs = core.level_costs(3).astype(np.float64)
    groups = free_groups(core)
    rng = np.random.default_rng(seed)
    for _ in range(5):
        pi = rng.uniform(0, 3000, size=len(core.cap)) * (rng.random(len(core.cap)) < 0.5)
        pi[core.cap < 0] = 0.0  # no capacity row, no place price (as the master's duals)
        gamma, delta = rng.uniform(-5000, 5000, size=2)
        master.kappa = rng.uniform(0, 5000, size=len(master.cut_rows))
        bound, rc, slack, _ = lp.lagrangian(
            core, costs, pi, gamma, delta, (placed, in_house), 3, groups, master.cut_cost()
        )
        assert bound <= cost + 1e-6
        assert (rc >= -1e-9).all() and slack >= -1e-9


def test_clique_rows_close_the_gap_two_units_leave_in_one_carer() -> None:
    """Two sibling groups of two that may not split and one carer with three places: the
    LP alone would put one and a half groups in-house; the clique row says one."""
    base = {"age": 9, "sex": "F", "setting": "foster", "placement_type": "long_term"}
    spot = {"easting": 300000, "northing": 200000}
    children = [
        {**base, **spot, "id": f"C{i}", "sibling_group": "G1" if i < 2 else "G2"} for i in range(4)
    ]
    carer = {"id": "H1", "places": 3, "min_age": 0, "max_age": 18, "weekly_cost": 400}
    agency = {"id": "A1", "setting": "foster", "not_for_profit": False, "places": None}
    data = {
        "children": children,
        "carers": [{**carer, **spot}],
        "homes": [],
        "agencies": [{**agency, **spot, "min_age": 0, "max_age": 18, "weekly_cost": 1200}],
    }
    _, core, _ = _core(data)
    priced = lp.price(core, 2, (4, 0), lp.initial_columns(core, 2))
    assert priced.bound == -2  # in-house: at most one group of two
    assert len(priced.master.cut_rows) == 1
    result = matching.solve(data)
    assert (result.status, result.placed, result.in_house) == ("optimal", 4, 2)
    assert [s.method for s in result.levels][:2] == ["lp bound", "lp bound"]


def test_two_blocks_never_share_a_carer_without_room_for_both() -> None:
    """Four siblings who may split, a cheap carer and a dearer one with two places each:
    two blocks of two at the cheap carer is no answer (four children, two places), so
    the least pattern puts the blocks at both carers and pays the split term."""
    kids = [child(f"C{i}", sibling_group="S", siblings_may_split=True) for i in range(4)]
    carers = [carer("P0", places=2), carer("P1", places=2, weekly_cost=500)]
    _, core, _ = _core(instance(kids, carers, policy={"weights": SPLIT}))
    (grp,) = free_groups(core)
    v = np.where(core.pp == 0, -3000.0, -2900.0)
    got = price_groups(core, [grp], v, np.full(len(core.units), np.inf), 2000.0)
    least, blocks = got.best[0]  # the partitions alone would give -12000 + 2000
    assert least == -11800.0 + 2000.0 == _patterns_by_enumeration(core, grp, v, 2000.0)
    assert sorted(col for _, col in blocks) == [0, 1]
    (pattern,) = lp._priced_patterns(core, [grp], got, v, [0.0], 2000.0, 1e-7)
    assert sorted(np.bincount(core.pp[pattern.pairs]).tolist()) == [2, 2]


def test_a_group_with_a_fixed_member_pays_for_each_provider_it_adds() -> None:
    """A sibling at P0 by a fixed pair: the others cost nothing extra there, and a split
    weight at any other provider, in the patterns and so in the bound."""
    kids = [child(f"C{i}", sibling_group="S", siblings_may_split=True) for i in range(3)]
    carers = [carer("P0", places=3, weekly_cost=900), carer("P1", places=2)]
    data = instance(kids, carers, policy={"weights": SPLIT})
    data["fixed"] = [{"child": "C0", "provider": "P0"}]
    _, core, _ = _core(data)
    (grp,) = free_groups(core)
    assert grp.fixed == {0}
    v = np.where(core.pp == 0, -500.0, -1000.0)
    got = price_groups(core, [grp], v, np.full(len(core.units), np.inf), 2000.0)
    assert got.best[0][0] == -1000.0 == _patterns_by_enumeration(core, grp, v, 2000.0)
    result = matching.solve(data)
    assert result.status == "optimal"
    assert {a.provider for a in result.assignments} == {"P0"}


def test_pricing_that_stalls_ends_early_with_a_bound_no_higher() -> None:
    """Large instances end cost-level pricing once the LP and the bound stop moving; the
    bound it leaves is still one the full pricing reaches or passes."""
    data = generate("S", 4)
    _, core, _ = _core(data)
    choice, targets = _first_levels(core)
    columns = np.union1d(lp.initial_columns(core, 1), choice[choice >= 0])
    full = lp.price(core, 3, targets, columns, choice=choice)
    stalled = lp.price(core, 3, targets, columns, choice=choice, stall=1)
    assert full.rounds > stalled.rounds >= 2
    assert stalled.bound <= full.bound + 1e-6


def test_pricing_goes_on_while_the_bound_is_far_below_the_lp() -> None:
    """The LP settles before the bound does (L seed 1: three rounds at 9.38 M against an LP
    of 9.63 M, then 9,629,432 four rounds later); pricing ends when the bound is close to
    the LP, or has not moved for twice the rounds."""
    lp_values = [9_729_018.0, 9_629_663.8, 9_629_604.2, 9_629_596.5, 9_629_591.0]
    far = [6_529_209.0, 8_095_409.0, 9_384_824.0, 9_384_824.0, 9_384_824.0]
    assert not lp.stalled(lp_values, far, 3)
    flat_lp = [9_629_590.0] * 7  # the LP and the bound both still for six rounds
    assert lp.stalled(flat_lp, [9_384_824.0] * 7, 3)
    assert not lp.stalled(flat_lp[:6], [9_384_824.0] * 6, 3)
    close = [*far[:4], 9_629_431.8]
    assert lp.stalled(lp_values, close, 3)
    assert not lp.stalled(lp_values[:3], close[:3], 3)  # too few rounds to tell
    moving = [9_000_000.0, 9_100_000.0, 9_200_000.0, 9_300_000.0, 9_400_000.0]
    assert not lp.stalled(
        [9_729_018.0, 9_629_663.8, 9_500_000.0, 9_400_000.0, 9_300_000.0], moving, 3
    )


def test_a_block_at_a_left_out_provider_pays_a_left_out_pair() -> None:
    """Two members whose kept pairs are at different carers: together they can only be at
    a provider left out for one of them, so the block costs that member's left-out bound
    plus the other's least value, not both least values with the split waived."""
    kids = [child(f"C{i}", sibling_group="S", siblings_may_split=True) for i in range(2)]
    data = instance(kids, [carer("P0"), carer("P1")], policy={"weights": SPLIT})
    _, core, _ = _core(data)
    (grp,) = free_groups(core)
    v = np.full(core.n_pairs, 0.0)
    v[grp.pair[0, 0]], v[grp.pair[1, 1]] = -100.0, -100.0  # each keeps one carer
    v[grp.pair[0, 1]], v[grp.pair[1, 0]] = np.inf, np.inf  # the other is "left out"
    got = price_groups(core, [grp], v, np.array([-50.0, -50.0]), 1000.0)
    # apart: -200 + 1000 split; one alone: -100; together at a left-out carer: -150
    assert got.best[0][0] == -150.0


def test_pricing_offers_a_kept_pattern_when_the_least_is_at_a_left_out_provider() -> None:
    """No column can stand for a block at a left-out provider; the group then gets its
    least pattern over kept pairs, or the master would never place it well."""
    kids = [child(f"C{i}", sibling_group="S", siblings_may_split=True) for i in range(2)]
    data = instance(kids, [carer("P0"), carer("P1")], policy={"weights": SPLIT})
    _, core, _ = _core(data)
    (grp,) = free_groups(core)
    v = np.full(core.n_pairs, 0.0)
    v[grp.pair[0, 0]], v[grp.pair[1, 1]] = -100.0, -90.0
    v[grp.pair[0, 1]], v[grp.pair[1, 0]] = np.inf, np.inf
    gp = price_groups(core, [grp], v, np.array([-50.0, -50.0]), 1000.0)
    assert gp.best[0][1] == [(3, -1)]  # both together at a left-out carer: -150
    (pattern,) = lp._priced_patterns(core, [grp], gp, v, [0.0], 1000.0, 1e-7)
    assert pattern.pairs.tolist() == [grp.pair[0, 0]]  # apart would pay the split term
    assert lp._priced_patterns(core, [grp], gp, v, [-150.0], 1000.0, 1e-7) == []


@pytest.mark.parametrize("calls", [0, 3])
def test_a_dive_cut_short_leaves_items_open_and_its_flows_stay_valid(calls: int) -> None:
    """Large instances stop the dive before the deadline: the items fixed so far hold,
    the rest are settled where they have room, and the singles' flows keep the counts."""
    data = generate("S", 5)
    prob, core, trivial = _core(data)
    choice, targets = _first_levels(core)
    columns = np.union1d(lp.initial_columns(core, 3), choice[choice >= 0])
    priced = lp.price(core, 3, targets, columns, choice=choice)
    asked = itertools.count()
    got = dive(priced.master, lambda: next(asked) >= calls, partial=True)
    assert got is not None
    assert bool(got.open) == (calls == 0)  # at once: every item open; later: all fixed
    run = solver._Run(0.0, None, None, None, (0, 0, 0), [None, None, None])
    with mock.patch.object(solver, "OPEN_COMBINED", 0):  # always the greedy settling
        flowed = solver._flows_around(core, priced, choice, got, targets, run)
    assert flowed, "no valid choice from the settled items"
    for out in flowed:
        assert core.values(out)[:2] == targets
        assert check(data, _as_result(prob, core, trivial, out)).violations == []


def test_settling_puts_the_largest_item_first_where_it_has_room() -> None:
    kids = [child(f"G{i}", sibling_group="G") for i in range(2)] + [child("S1")]
    data = instance(kids, [carer("P0", places=2), carer("P1", places=2)])
    _, core, _ = _core(data)
    t = core.prob.t
    pair = {(int(core.pos[j]), t.provider_ids[int(core.pp[j])]): j for j in range(core.n_pairs)}
    g, s = (int(core.pos[np.flatnonzero(core.ps == n)[0]]) for n in (2, 1))
    fixed = np.full(len(core.units), -1, dtype=np.int64)
    # the single first wants P0, the pair wants P0 then P1: the pair goes first and
    # takes P0, the single then finds P0 full and takes its next option
    options = [
        [np.array([pair[s, "P0"]]), np.array([pair[s, "P1"]])],
        [np.array([pair[g, "P0"]]), np.array([pair[g, "P1"]])],
    ]
    settled = solver._settle(core, fixed, options)
    assert settled[g] == pair[g, "P0"] and settled[s] == pair[s, "P1"]
    # no room left for the pair at its only option (the single holds one of P0's two
    # places): it goes to its cheapest pair with room of the same kind, P1 (a place over
    # a provider's room leaves no flow)
    fixed[s] = pair[s, "P0"]
    settled = solver._settle(core, fixed, [[np.array([pair[g, "P0"]])]])
    assert settled[g] == pair[g, "P1"]
    # with no room anywhere it stays at its last option, for the flow to judge
    full = core.cap.copy()
    core.cap[:] = 1
    try:
        settled = solver._settle(core, fixed, [[np.array([pair[g, "P0"]])]])
    finally:
        core.cap[:] = full
    assert settled[g] == pair[g, "P0"]


def test_blocks_at_left_out_providers_with_room_are_priced_exactly() -> None:
    """Each sibling keeps only its cheapest carer (P0, one place); P2, with room for both,
    is left out for both. Their block there is priced as it is (-1160), not at each
    member's least value with the split term waived (-1190), and matches the full core."""
    kids = [child(f"C{i}", sibling_group="S", siblings_may_split=True) for i in range(2)]
    carers = [
        carer("P0", weekly_cost=400),
        carer("P1", weekly_cost=410),
        carer("P2", weekly_cost=420, places=2),
    ]
    data = instance(kids, carers, policy={"weights": SPLIT})
    with mock.patch.object(problem, "ROOM_KEEP", 0):  # P2 stays out of the pairs
        _, core, _ = _core(data, keep=(1, 1))
    (grp,) = free_groups(core)
    assert grp.room_arc is not None and np.isfinite(grp.room_arc).sum() == 2
    pi, gamma, delta = np.zeros(len(core.cap)), 1000.0, 0.0
    v = core.level_costs(3) + core.ps * (pi[core.pp] - gamma)
    left_out = lp._left_out(core, 3, gamma, delta)
    exact = price_groups(core, [grp], v, left_out, 2000.0, (pi, gamma, delta))
    loose = price_groups(core, [grp], v, left_out, 2000.0)
    assert (exact.best[0][0], loose.best[0][0]) == (-1160.0, -1190.0)
    _, full, _ = _core(data)
    (whole,) = free_groups(full)
    v_full = full.level_costs(3) + full.ps * (pi[full.pp] - gamma)
    assert _patterns_by_enumeration(full, whole, v_full, 2000.0) == -1160.0
    # above MEMBER_ROOM_CHILDREN (XL: no LP to use them) nothing is recorded
    with mock.patch.object(problem, "MEMBER_ROOM_CHILDREN", 1):
        _, small, _ = _core(data, keep=(1, 1))
    assert small.prob.member_room == {} and free_groups(small)[0].room_arc is None


def _siblings_at(carers: list[dict[str, Any]], n: int) -> tuple[dict[str, Any], Core]:
    """n siblings who may split, the carers, and the core with each keeping one pair
    per kind and ROOM_KEEP 1."""
    kids = [child(f"C{i}", sibling_group="S", siblings_may_split=True) for i in range(n)]
    data = instance(kids, carers, policy={"weights": SPLIT})
    with mock.patch.object(problem, "ROOM_KEEP", 1):
        _, core, _ = _core(data, keep=(1, 1))
    return data, core


def _pruned_and_full(data: dict[str, Any]) -> tuple[Any, Any]:
    """Solves with each unit keeping one pair per kind (ROOM_KEEP 1), and unpruned."""
    with (
        mock.patch.object(problem, "PRUNE_ABOVE", 0),
        mock.patch.object(problem, "KEEP", (1, 1)),
        mock.patch.object(problem, "ROOM_KEEP", 1),
    ):
        pruned = matching.solve(matching.load_instance(data), time_limit=10)
    return pruned, matching.solve(matching.load_instance(data), time_limit=10)


def test_places_where_pruned_siblings_fit_together_join_the_pairs() -> None:
    """Each sibling keeps only its cheapest carer (P0, one place). P3 has room for both
    and, with the split term, is the cheapest for the pair; P2 has room but is dearer.
    With ROOM_KEEP 1 only P3's pairs join the core, and the solve puts both children
    there, as the unpruned solve does."""
    carers = [
        carer("P0", weekly_cost=400),
        carer("P1", weekly_cost=400),
        carer("P2", weekly_cost=900, places=2),
        carer("P3", weekly_cost=600, places=2),
    ]
    data, core = _siblings_at(carers, 2)
    names = core.prob.t.provider_ids
    pairs = sorted((int(core.pu[j]), names[int(core.pp[j])]) for j in range(core.n_pairs))
    assert [p for _, p in pairs] == ["P0", "P3", "P0", "P3"]
    with mock.patch.object(problem, "ROOM_KEEP", 0):
        _, without, _ = _core(data, keep=(1, 1))
    assert without.n_pairs == 2
    pruned, full = _pruned_and_full(data)
    assert {a.provider for a in pruned.assignments} == {"P3"}
    assert (pruned.placed, pruned.cost) == (full.placed, full.cost)
    assert check(data, pruned.to_dict()).violations == []


def test_large_cost_levels_end_with_the_dive() -> None:
    """Above DIVE_ONLY_PAIRS no CP-SAT model is built for the cost level; the dive's
    result stands, valid, with the LP's bound."""
    data = generate("S", 5)
    levels = []
    original = solver.solve_level

    def spy(core: Core, cand: np.ndarray, level: int, *rest: Any, **kw: Any) -> Any:
        levels.append(level)
        return original(core, cand, level, *rest, **kw)

    with (
        mock.patch.object(solver, "FAST_PAIRS", 0),
        mock.patch.object(solver, "DIVE_ONLY_PAIRS", 0),
        mock.patch.object(solver, "solve_level", spy),
    ):
        result = matching.solve(matching.load_instance(data), time_limit=30)
    assert 3 not in levels
    assert result.levels[2].method in ("lp bound", "min-cost flow")
    assert check(data, result.to_dict()).violations == []


def test_large_cost_levels_take_the_neighbourhood_mip() -> None:
    """Above FAST_PAIRS the master MIP runs over the LP's support and each unit's k
    columns of least reduced cost, for each k of NEIGHBOURS in turn (before the dive
    when the incumbent is near the bound, else after it); each neighbourhood holds the
    LP's support, and the result is valid."""
    data = generate("S", 6)  # its cost level is left open by the LP bound
    seen: list[int] = []
    original = solver.neighbourhood

    def spy(master: Any, pricing: Any, k: int) -> Any:
        cols, pats = original(master, pricing, k)
        on = (pricing.x > 1e-9) & ~master.member_pair[pricing.columns]
        assert np.isin(pricing.columns[on], cols).all()
        assert len(pats) >= int((pricing.pattern_x > 1e-9).sum())
        seen.append(k)
        return cols, pats

    with (
        mock.patch.object(solver, "FAST_PAIRS", 0),
        mock.patch.object(solver, "DIVE_ONLY_PAIRS", 0),
        mock.patch.object(solver, "neighbourhood", spy),
    ):
        result = matching.solve(matching.load_instance(data), time_limit=30)
    assert seen == list(solver.NEIGHBOURS)
    assert check(data, result.to_dict()).violations == []


def test_a_dive_stopped_inside_a_solve_keeps_the_last_values() -> None:
    """GLOP stopped by the deadline leaves no values: the items left open keep their
    options in the order of the last solve that ended, best first (with none they came
    in column order and the flows around them failed on L)."""
    data = generate("S", 5)
    _, core, _ = _core(data)
    choice, targets = _first_levels(core)
    columns = np.union1d(lp.initial_columns(core, 3), choice[choice >= 0])
    master = lp.price(core, 3, targets, columns, choice=choice).master
    real = master.solve
    calls = itertools.count()
    last: list[tuple[np.ndarray, np.ndarray]] = []

    def solve() -> Any:
        if next(calls) >= 1:  # the dive's second solve is stopped by the deadline
            master.solved = False
            return None
        got = real()
        last[:] = [(master.values(), master.pattern_values())]
        return got

    with mock.patch.object(master, "solve", solve):  # out of time at once: all open
        got = dive(master, lambda: True, partial=True)
    assert got is not None and len(got.open) > 1 and not master.solved
    x, lam = last[0]
    value = {int(j): float(v) for j, v in zip(master.columns, x, strict=False)}
    for pat, v in zip(master.patterns, lam, strict=True):
        value[tuple(pat.pairs.tolist())] = float(v)  # type: ignore[index]

    def of(option: np.ndarray) -> float:
        key = int(option[0]) if len(option) == 1 and int(option[0]) in value else None
        return value[key] if key is not None else value[tuple(option.tolist())]  # type: ignore[index]

    for options in got.open:
        values = [of(o) for o in options]
        assert values == sorted(values, reverse=True)
        assert values[0] > 0


def test_room_pairs_count_only_the_members_a_provider_has_places_for() -> None:
    """Three siblings: P2 is cheap but has two places, P3 dearer with three. Counting
    all three at P2 would rank it first; with the third apart (the split term) P3 is the
    group's cheapest, and its pairs are the ones that join."""
    carers = [
        carer("P0", weekly_cost=400),
        carer("P2", weekly_cost=500, places=2),
        carer("P3", weekly_cost=900, places=3),
    ]
    data, core = _siblings_at(carers, 3)
    names = core.prob.t.provider_ids
    joined = {names[int(p)] for p in core.pp.tolist()} - {"P0"}
    assert joined == {"P3"}
    pruned, full = _pruned_and_full(data)
    assert (pruned.placed, pruned.cost) == (full.placed, full.cost)
    assert {a.provider for a in pruned.assignments} == {"P3"}


def test_same_kind_options_keep_the_incumbents_in_house_count() -> None:
    """The incumbent's units of several children met the in-house count with the singles
    around them; an open item's options that place as many children in-house keep that
    possible, so they are tried first (the incumbent's own option last)."""
    kids = [child(f"G{i}", sibling_group="G") for i in range(2)]
    outside = carer("A1", in_house=False, places=2)
    data = instance(kids, [carer("P0", places=2), carer("P1", places=2), outside])
    _, core, _ = _core(data)
    names = core.prob.t.provider_ids
    by_name = {names[int(core.pp[j])]: np.array([j]) for j in range(core.n_pairs)}
    options = [by_name["A1"], by_name["P1"], by_name["P0"]]  # the incumbent's: P0
    kept = solver._same_kind(core, options)
    assert [names[int(core.pp[o[0]])] for o in kept] == ["P1", "P0"]
    assert solver._same_kind(core, [*options[:2], np.zeros(0, np.int64)])[0] is options[0]


def test_when_no_flow_meets_the_counts_around_settled_items_the_incumbent_moves() -> None:
    """A dive cut short whose settled items leave the singles' flow short of the in-house
    count (every such flow fails here) still gives a result: the incumbent's groups moved
    toward the settled items, valid and cheaper than the incumbent."""
    data = generate("S", 5)
    prob, core, trivial = _core(data)
    choice, targets = _first_levels(core)
    columns = np.union1d(lp.initial_columns(core, 3), choice[choice >= 0])
    priced = lp.price(core, 3, targets, columns, choice=choice)
    got = dive(priced.master, lambda: True, partial=True)
    assert got is not None and got.open
    run = solver._Run(0.0, None, None, None, (0, 0, 0), [None, None, None])
    calls = itertools.count()
    real = solver.cost_flow

    def failing_at_first(*args: Any, **kw: Any) -> Any:
        return None if next(calls) < 6 else real(*args, **kw)  # the settled items' flows

    with (
        mock.patch.object(solver, "OPEN_COMBINED", 0),
        mock.patch.object(solver, "cost_flow", failing_at_first),
    ):
        flowed = solver._flows_around(core, priced, choice, got, targets, run)
    assert next(calls) > 6, "the incumbent was not moved"
    assert len(flowed) == 1
    assert core.level_value(flowed[0], 3) < core.level_value(choice, 3)
    assert check(data, _as_result(prob, core, trivial, flowed[0])).violations == []


def test_a_partial_dive_leaves_open_the_items_it_could_neither_fix_nor_forbid() -> None:
    """The loop marks such an item fixed without a column; a dive cut short must still
    settle it (left out, its children were missing from the counts on L seed 1), but not
    a unit held unplaced."""
    from matching import dive as diving

    data = generate("S", 5)
    _, core, _ = _core(data)
    choice, targets = _first_levels(core)
    columns = np.union1d(lp.initial_columns(core, 3), choice[choice >= 0])
    priced = lp.price(core, 3, targets, columns, choice=choice)
    items = diving._Items(priced.master)
    multi = np.unique(items.unit_of[items.multi_col])
    assert len(multi) >= 2
    stuck, unplaced = int(multi[0]), int(multi[1])
    items.mark(0, int(np.flatnonzero(items.unit_of == stuck)[0]), True)
    items.fixed_unit[unplaced] = True
    items.unplaced.add(unplaced)
    got = diving._partial(items, 0, 0)
    open_units = {int(core.pos[opts[0][0]]) for opts in got.open}
    assert stuck in open_units and unplaced not in open_units
