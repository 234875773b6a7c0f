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
    units = core.pu[cand]
    at: dict[int, dict[int, int]] = defaultdict(dict)
    wanted = {u for pair in core.avoid for u in pair}
    for i in np.flatnonzero(np.isin(units, list(wanted))).tolist():
        at[int(units[i])][int(prov[i])] = i
    kind = core.prob.t.p_kind
    for a, b in core.avoid:
        for p in at.get(a, {}).keys() & at.get(b, {}).keys():
            if kind[p] != 2:
                row(-inf, 1.0, [at[a][p], at[b][p]])
    objective = solver.Objective()
    for i, cost in enumerate(core.pa[cand].astype(float).tolist()):
        objective.SetCoefficient(x[i], cost)
    offset = _split(solver, x, core, cand)
    objective.SetOffset(offset)
    objective.SetMinimization()
    chosen = np.zeros(n, dtype=bool)
    chosen[np.searchsorted(cand, hint[hint >= 0])] = True
    solver.SetHint(x, chosen.astype(float).tolist())
    left = time_limit - (time.perf_counter() - started)
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
        status = solver.Solve()
    finally:
        done.set()
        if watch.is_alive():
            watch.join()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    values = np.array([v.solution_value() for v in x]) > 0.5
    out = np.full(len(core.units), -1, dtype=np.int64)
    out[pos[values]] = cand[values]
    log.info(
        "level 3: mip on %d pairs: %s %.0f (bound %.1f), %.2fs",
        n,
        "optimal" if status == pywraplp.Solver.OPTIMAL else "feasible",
        solver.Objective().Value(),
        solver.Objective().BestBound(),
        time.perf_counter() - started,
    )
    return out


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
