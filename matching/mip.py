"""The cost level as a mixed-integer program over a few pairs per unit (SCIP).

An incumbent heuristic: each unit keeps only its pairs of least reduced cost (lp.py) and
its pair in the incumbent; SCIP, whose branch and bound works from the LP relaxation,
then finds the best answer over them, where CP-SAT on the same pairs found none better
than the dive's (on instances whose sibling groups spread over carers with 1-4 places).
The model is the level's: each unit at most once, capacity (rule 11), rule 12 at carers
and homes, the placed and in-house counts held, and the sibling-split term.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable

import numpy as np
from ortools.linear_solver import pywraplp

from .core import Core
from .cpsat import split_groups
from .groups import Pattern, patterns_of
from .lp import Master, Pricing

log = logging.getLogger(__name__)

PER_UNIT = 6  # each unit's pairs of least reduced cost
BUILD_PER_PAIR = 40e-6  # first estimate of the model's build seconds per pair


def candidates(core: Core, rc: np.ndarray, choice: np.ndarray, per_unit: int) -> np.ndarray:
    """Each unit's `per_unit` pairs of least reduced cost and the incumbent's, sorted."""
    order = np.lexsort((rc, core.pos))
    rank = np.arange(core.n_pairs) - core.start[core.pos[order]]
    return np.union1d(order[rank < per_unit], choice[choice >= 0]).astype(np.int64)


def solve_mip(
    core: Core,
    cand: np.ndarray,
    targets: tuple[int, int],
    hint: np.ndarray,
    time_limit: float,
    should_stop: Callable[[], bool] | None = None,
) -> np.ndarray | None:
    """The best choice SCIP finds over `cand` (sorted pairs holding every pair of `hint`,
    a valid choice) in `time_limit` seconds, or None (no SCIP, or nothing found)."""
    started = time.perf_counter()
    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None:
        return None
    n = len(cand)
    x = [solver.BoolVar("") for _ in range(n)]
    pos, prov, size = core.pos[cand], core.pp[cand], core.ps[cand]
    by_unit: dict[int, list[int]] = defaultdict(list)
    by_prov: dict[int, list[int]] = defaultdict(list)
    for i, (k, p) in enumerate(zip(pos.tolist(), prov.tolist(), strict=True)):
        by_unit[k].append(i)
        by_prov[p].append(i)
    inf = solver.infinity()

    def row(lo: float, hi: float, idx: list[int], coef: list[float] | None = None) -> None:
        ct = solver.Constraint(lo, hi)  # coefficients one by one: linear in the pairs
        for t, i in enumerate(idx):
            ct.SetCoefficient(x[i], 1.0 if coef is None else coef[t])

    for idx in by_unit.values():
        if len(idx) > 1:
            row(-inf, 1.0, idx)
    for p, idx in by_prov.items():
        cap = int(core.cap[p])
        if cap >= 0 and int(size[idx].sum()) > cap:
            row(-inf, cap, idx, size[idx].astype(float).tolist())
    house = size * core.pih[cand]
    everyone = list(range(n))
    row(targets[0], targets[0], everyone, size.astype(float).tolist())
    in_house = np.flatnonzero(house).tolist()
    row(targets[1], targets[1], in_house, house[in_house].astype(float).tolist())
    _avoid_rows(
        solver, x, core, list(zip(range(n), core.pu[cand].tolist(), prov.tolist(), strict=True))
    )
    objective = solver.Objective()
    for i, cost in enumerate(core.pa[cand].astype(float).tolist()):
        objective.SetCoefficient(x[i], cost)
    offset = _split(solver, x, core, cand)
    objective.SetOffset(offset)
    objective.SetMinimization()
    chosen = np.zeros(n, dtype=bool)
    chosen[np.searchsorted(cand, hint[hint >= 0])] = True
    solver.SetHint(x, chosen.astype(float).tolist())
    status = _run(solver, time_limit - (time.perf_counter() - started), should_stop)
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    values = np.array([v.solution_value() for v in x]) > 0.5
    out = np.full(len(core.units), -1, dtype=np.int64)
    out[pos[values]] = cand[values]
    _log_outcome(f"mip on {n} pairs", solver, status, started)
    return out


def _log_outcome(what: str, solver: pywraplp.Solver, status: int, started: float) -> None:
    log.info(
        "level 3: %s: %s %.0f (bound %.1f), %.2fs",
        what,
        "optimal" if status == pywraplp.Solver.OPTIMAL else "feasible",
        solver.Objective().Value(),
        solver.Objective().BestBound(),
        time.perf_counter() - started,
    )


def solve_master_mip(
    master: Master,
    targets: tuple[int, int],
    hint: np.ndarray,
    time_limit: float,
    should_stop: Callable[[], bool] | None = None,
    reach: tuple[np.ndarray, float] | None = None,
    only: tuple[np.ndarray, list[Pattern]] | None = None,
) -> np.ndarray | None:
    """The best choice SCIP finds over the master LP's columns (price and branch) in
    `time_limit` seconds, or None: its pair columns and its sibling groups' patterns,
    each a whole choice for its group, so a group's split is in its pattern's cost. The
    incumbent `hint` (a valid choice) joins them and starts the search.

    With `reach` (each pair's reduced cost, and the most a better answer can have), the
    columns that cannot be in an answer better than the hint are left out: a pair whose
    reduced cost is beyond the reach, or a pattern with such a member pair (a member
    pair's reduced cost is the least over the patterns with it). With `only` (pair
    columns and patterns), those stand for the master's (say, the LP's support)."""
    started = time.perf_counter()
    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None:
        return None
    core = master.core
    w = float(core.split_weight)
    cols, pats = _master_columns(master, hint, reach, only)
    x = [solver.BoolVar("") for _ in range(len(cols) + len(pats))]
    # each column as (variable, unit, provider, children) entries
    var = list(range(len(cols)))
    unit, prov, size = core.pu[cols].tolist(), core.pp[cols].tolist(), core.ps[cols].tolist()
    owner = core.pos[cols].tolist()
    for t, pat in enumerate(pats, start=len(cols)):
        var += [t] * len(pat.pairs)
        unit += core.pu[pat.pairs].tolist()
        prov += core.pp[pat.pairs].tolist()
        size += core.ps[pat.pairs].tolist()
    owners = owner + [-1 - pat.group for pat in pats]
    inf = solver.infinity()
    rows: dict[tuple[str, int], pywraplp.Constraint] = {}

    def add(key: tuple[str, int], hi: float, t: int, coef: float) -> None:
        ct = rows.get(key)
        if ct is None:
            ct = rows[key] = solver.Constraint(-inf, hi)
        ct.SetCoefficient(x[t], ct.GetCoefficient(x[t]) + coef)

    for t, k in enumerate(owners):
        add(("once", k), 1.0, t, 1.0)
    placed = solver.Constraint(targets[0], targets[0])
    house = solver.Constraint(targets[1], targets[1])
    ih = core.prob.t.p_in_house
    for t, p, n in zip(var, prov, size, strict=True):
        if core.cap[p] >= 0:
            add(("cap", p), float(core.cap[p]), t, float(n))
        placed.SetCoefficient(x[t], placed.GetCoefficient(x[t]) + n)
        if ih[p]:
            house.SetCoefficient(x[t], house.GetCoefficient(x[t]) + n)
    _avoid_rows(solver, x, core, list(zip(var, unit, prov, strict=True)))
    objective = solver.Objective()
    for t, cost in enumerate(core.pa[cols].astype(float).tolist()):
        objective.SetCoefficient(x[t], cost)
    for t, pat in enumerate(pats, start=len(cols)):
        objective.SetCoefficient(x[t], pat.cost)
    if w > 0:  # groups priced by pairs (no patterns): the split as in solve_mip
        objective.SetOffset(_split(solver, x[: len(cols)], core, cols))
    objective.SetMinimization()
    chosen = np.isin(cols, hint[hint >= 0]).astype(float).tolist()
    hinted = set(hint[hint >= 0].tolist())
    chosen += [float(set(pat.pairs.tolist()) <= hinted and len(pat.pairs) > 0) for pat in pats]
    solver.SetHint(x, chosen)
    status = _run(solver, time_limit - (time.perf_counter() - started), should_stop)
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    out = np.full(len(core.units), -1, dtype=np.int64)
    values = np.array([v.solution_value() for v in x]) > 0.5
    picked = cols[values[: len(cols)]]
    out[core.pos[picked]] = picked
    for pat, on in zip(pats, values[len(cols) :].tolist(), strict=True):
        if on:
            out[core.pos[pat.pairs]] = pat.pairs
    _log_outcome(
        f"master mip on {len(cols)} columns and {len(pats)} patterns", solver, status, started
    )
    return out


def _master_columns(
    master: Master,
    hint: np.ndarray,
    reach: tuple[np.ndarray, float] | None,
    only: tuple[np.ndarray, list[Pattern]] | None = None,
) -> tuple[np.ndarray, list[Pattern]]:
    """The master's pair columns and patterns (or `only` those) within reach (all
    without `reach`), with the incumbent's pairs and patterns."""
    core = master.core
    picked = hint[hint >= 0]
    own = picked[~master.member_pair[picked]]
    cols = np.array(master.columns, dtype=np.int64)
    pats = list(master.patterns)
    if only is not None:
        cols, pats = only[0].astype(np.int64), list(only[1])
    if reach is not None:
        rc, most = reach
        cols = cols[rc[cols] <= most]
        pats = [p for p in pats if not len(p.pairs) or rc[p.pairs].max() <= most]
    cols = np.union1d(cols, own).astype(np.int64)
    w = float(core.split_weight)
    seen = {(p.group, *p.pairs.tolist()) for p in pats}
    for pat in patterns_of(core, master.groups, hint, w):
        if len(pat.pairs) and (pat.group, *pat.pairs.tolist()) not in seen:
            pats.append(pat)
    return cols, pats


def neighbourhood(
    master: Master, pricing: Pricing, per_unit: int
) -> tuple[np.ndarray, list[Pattern]]:
    """The master LP's support at the end of pricing, with each unit's `per_unit` master
    columns and each group's `per_unit` patterns of least reduced cost (a pattern by its
    members' greatest): the columns for `solve_master_mip` where the master is too big."""
    core, rc = master.core, pricing.rc
    on = (pricing.x > 1e-9) & ~master.member_pair[pricing.columns]
    cols = np.array(master.columns, dtype=np.int64)
    cols = cols[~master.member_pair[cols]]
    order = np.lexsort((rc[cols], core.pos[cols]))
    ranked = cols[order]
    rank = np.arange(len(ranked)) - np.searchsorted(core.pos[ranked], core.pos[ranked])
    cols = np.union1d(pricing.columns[on], ranked[rank < per_unit]).astype(np.int64)
    pats = master.patterns
    worst = np.array([rc[p.pairs].max() if len(p.pairs) else 0.0 for p in pats])
    group = np.array([p.group for p in pats], dtype=np.int64)
    order = np.lexsort((worst, group))
    rank = np.arange(len(order)) - np.searchsorted(group[order], group[order])
    keep = set(order[rank < per_unit].tolist())
    lam = pricing.pattern_x if pricing.pattern_x is not None else np.zeros(0)
    keep |= set(np.flatnonzero(lam > 1e-9).tolist())
    return cols, [pats[i] for i in sorted(keep)]


def _avoid_rows(
    solver: pywraplp.Solver, x: list, core: Core, entries: list[tuple[int, int, int]]
) -> None:
    """Rule 12: two units that must not live together, at most one of them at a carer or
    home, over (variable, unit, provider) entries (a pattern's member counts too)."""
    wanted = {u for pair in core.avoid for u in pair}
    at: dict[tuple[int, int], list[int]] = defaultdict(list)
    for t, u, p in entries:
        if u in wanted:
            at[u, p].append(t)
    kind = core.prob.t.p_kind
    by_unit: dict[int, set[int]] = defaultdict(set)
    for u, p in at:
        by_unit[u].add(p)
    for a, b in core.avoid:
        for p in by_unit.get(a, set()) & by_unit.get(b, set()):
            if kind[p] != 2:
                ct = solver.Constraint(-solver.infinity(), 1.0)
                for t in at[a, p] + at[b, p]:
                    ct.SetCoefficient(x[t], ct.GetCoefficient(x[t]) + 1.0)


def _run(
    solver: pywraplp.Solver, left: float, should_stop: Callable[[], bool] | None
) -> int | None:
    """Solve in `left` seconds, interrupted when a stop is asked for; the status, or None
    when no time is left."""
    if left <= 0.05:
        return None
    solver.SetTimeLimit(max(1, int(left * 1000)))
    done = threading.Event()

    def poll() -> None:  # a stop asked for (the web app's cancel) interrupts SCIP
        while not done.wait(0.05):
            if should_stop is not None and should_stop():
                solver.InterruptSolve()
                return

    watch = threading.Thread(target=poll, daemon=True)
    if should_stop is not None:
        watch.start()
    try:
        return solver.Solve()
    finally:
        done.set()
        if watch.is_alive():
            watch.join()


def _split(solver: pywraplp.Solver, x: list, core: Core, cand: np.ndarray) -> float:
    """The sibling-split term as in CP-SAT's model (cpsat.split_groups), added to the
    objective: y >= x at each provider, z <= the members placed, both in [0, 1] (whole
    at an optimum); returns the constant part."""
    groups, constant = split_groups(core, cand)
    w = float(core.split_weight)
    objective = solver.Objective()
    inf = solver.infinity()
    for grp in groups:
        for items in grp.at.values():
            y = solver.NumVar(0.0, 1.0, "")
            objective.SetCoefficient(y, w)
            for i in items:
                ct = solver.Constraint(-inf, 0.0)  # x <= y
                ct.SetCoefficient(x[i], 1.0)
                ct.SetCoefficient(y, -1.0)
        if grp.any_placed:
            z = solver.NumVar(0.0, 1.0, "")
            objective.SetCoefficient(z, -w)
            ct = solver.Constraint(-inf, 0.0)  # z <= sum of x
            ct.SetCoefficient(z, 1.0)
            for i in grp.members:
                ct.SetCoefficient(x[i], -1.0)
    return w * constant
