"""CP-SAT on a set of candidate pairs, one lexicographic level at a time."""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .core import Core


@dataclass
class LevelRun:
    status: str  # "optimal", "feasible" or "unknown"
    choice: np.ndarray | None  # pair per core unit, -1 unplaced
    value: int | None  # level objective (minimised form)
    bound: float  # CP-SAT's bound on the candidate set
    seconds: float
    build_seconds: float = 0.0  # building the model (charged to the same deadline)


BUILD_PER_PAIR = 30e-6  # first estimate of model build seconds per candidate pair


class _OutOfTime(Exception):
    """The deadline passed (or a stop was asked for) while the model was being built."""


class _Watch(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_value: Callable[[int, float], None] | None) -> None:
        super().__init__()
        self.on_value = on_value

    def on_solution_callback(self) -> None:
        if self.on_value is not None:
            self.on_value(round(self.objective_value), self.best_objective_bound)


def _stopper(
    solver: cp_model.CpSolver, should_stop: Callable[[], bool] | None, done: threading.Event
) -> threading.Thread | None:
    if should_stop is None:
        return None

    def poll() -> None:
        while not done.wait(0.05):
            if should_stop():
                solver.stop_search()
                return

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    return thread


def solve_level(
    core: Core,
    cand: np.ndarray,
    level: int,
    targets: tuple[int, int],
    lower: int,
    hint: np.ndarray,
    time_limit: float | None,
    should_stop: Callable[[], bool] | None = None,
    on_value: Callable[[int, float], None] | None = None,
    workers: int = 2,
    deadline: float | None = None,
) -> LevelRun:
    """Optimise level `level` over the candidate pairs `cand` (sorted, unique).

    `hint` is a feasible choice (pair per core unit) whose pairs are all in `cand`;
    `lower` is a valid lower bound on the level objective. `deadline` (time.perf_counter)
    bounds building and solving together: a build it overtakes is abandoned ("skipped").
    """
    started = time.perf_counter()

    def check() -> None:
        late = deadline is not None and time.perf_counter() >= deadline
        if late or (should_stop is not None and should_stop()):
            raise _OutOfTime

    try:
        check()
        model = _build(core, cand, level, targets, hint, check)
    except _OutOfTime:
        seconds = time.perf_counter() - started
        return LevelRun("skipped", None, None, float(lower), seconds, seconds)
    built = time.perf_counter() - started
    if deadline is not None:
        left = deadline - time.perf_counter()
        if left <= 0:
            return LevelRun("skipped", None, None, float(lower), built, built)
        time_limit = left if time_limit is None else min(time_limit, left)
    n = len(cand)
    pos = core.pos[cand]
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    if time_limit is not None:
        solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    done = threading.Event()
    thread = _stopper(solver, should_stop, done)
    try:
        status = solver.solve(model, _Watch(on_value))
    finally:
        done.set()
        if thread is not None:
            thread.join()
    seconds = time.perf_counter() - started
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return LevelRun("unknown", None, None, float(lower), seconds, built)
    solution = solver.response_proto.solution
    values = np.fromiter(solution, dtype=np.int64, count=len(solution))[:n].astype(bool)
    choice = np.full(len(core.units), -1, dtype=np.int64)
    choice[pos[values]] = cand[values]
    return LevelRun(
        "optimal" if status == cp_model.OPTIMAL else "feasible",
        choice,
        round(solver.objective_value),
        solver.best_objective_bound,
        seconds,
        built,
    )


def _build(
    core: Core,
    cand: np.ndarray,
    level: int,
    targets: tuple[int, int],
    hint: np.ndarray,
    check: Callable[[], None],
) -> cp_model.CpModel:
    """The level's model over `cand`, with the hint; `check` raises when time is up."""
    model = cp_model.CpModel()
    n = len(cand)
    x = []
    for s in range(0, n, 20_000):
        x += [model.new_bool_var("") for _ in range(min(20_000, n - s))]
        check()
    pos, prov = core.pos[cand], core.pp[cand]
    sizes = core.ps[cand]
    _unit_rows(model, x, pos)
    check()
    _capacity_rows(model, x, prov, sizes, core.cap)
    check()
    _avoid_rows(model, x, core, cand)
    check()
    house = sizes * core.pih[cand]
    if level >= 2:
        model.add(cp_model.LinearExpr.weighted_sum(x, sizes.tolist()) == targets[0])
    if level >= 3:
        model.add(cp_model.LinearExpr.weighted_sum(x, house.tolist()) == targets[1])
    if level == 1:
        objective = cp_model.LinearExpr.weighted_sum(x, (-sizes).tolist())
    elif level == 2:
        objective = cp_model.LinearExpr.weighted_sum(x, (-house).tolist())
    else:
        objective = cp_model.LinearExpr.weighted_sum(x, core.pa[cand].tolist())
        split = _split_terms(model, x, core, cand, hint)
        if split is not None:
            objective = objective + split
    check()
    model.minimize(objective)
    chosen = np.zeros(n, dtype=bool)
    picked = hint[hint >= 0]
    chosen[np.searchsorted(cand, picked)] = True
    for var, value in zip(x, chosen.tolist(), strict=True):
        model.add_hint(var, value)
    check()
    return model


def _unit_rows(model: cp_model.CpModel, x: list, pos: np.ndarray) -> None:
    # candidates are sorted by pair index, hence by unit
    bounds = np.flatnonzero(np.diff(pos)) + 1
    for a, b in zip([0, *bounds.tolist()], [*bounds.tolist(), len(pos)], strict=True):
        if b - a > 1:
            model.add_at_most_one(x[a:b])


def _capacity_rows(
    model: cp_model.CpModel, x: list, prov: np.ndarray, sizes: np.ndarray, cap: np.ndarray
) -> None:
    order = np.argsort(prov, kind="stable")
    sp = prov[order]
    bounds = np.flatnonzero(np.diff(sp)) + 1
    for a, b in zip([0, *bounds.tolist()], [*bounds.tolist(), len(sp)], strict=True):
        if a == b:
            continue
        p = int(sp[a])
        idx = order[a:b]
        if cap[p] < 0 or sizes[idx].sum() <= cap[p]:
            continue
        terms = [x[i] for i in idx.tolist()]
        if cap[p] == 1 and (sizes[idx] == 1).all():
            model.add_at_most_one(terms)
        else:
            model.add(cp_model.LinearExpr.weighted_sum(terms, sizes[idx].tolist()) <= int(cap[p]))


def _avoid_rows(model: cp_model.CpModel, x: list, core: Core, cand: np.ndarray) -> None:
    if not core.avoid:
        return
    wanted = {u for pair in core.avoid for u in pair}
    units = core.pu[cand]
    at: dict[int, dict[int, int]] = defaultdict(dict)
    for i in np.flatnonzero(np.isin(units, list(wanted))).tolist():
        p = int(core.pp[cand[i]])
        if core.prob.t.p_kind[p] != 2:
            at[int(units[i])][p] = i
    for a, b in core.avoid:
        pa, pb = at.get(a), at.get(b)
        if not pa or not pb:
            continue
        for p in pa.keys() & pb.keys():
            cap = core.cap[p]
            if cap >= core.prob.size[a] + core.prob.size[b]:
                model.add_at_most_one([x[pa[p]], x[pb[p]]])


@dataclass
class SplitGroup:
    """A splittable group's share of the sibling-split term over candidate pairs: one
    indicator per provider in `at` (candidate positions there; providers of fixed
    members are left out, already counted) and, with `any_placed`, one less when any
    of `members` (candidate positions) is placed."""

    at: dict[int, list[int]]
    members: list[int]
    any_placed: bool


def split_groups(core: Core, cand: np.ndarray) -> tuple[list[SplitGroup], int]:
    """sibling_split * (distinct providers - 1) over the splittable groups with members
    among `cand`, as indicators (SplitGroup) and a constant number of splits (the fixed
    members' providers); ([], 0) without splittable groups or split weight."""
    prob = core.prob
    if prob.n_split_groups == 0 or core.split_weight == 0:
        return [], 0
    groups = prob.split_group[core.pu[cand]]
    members: dict[int, list[int]] = defaultdict(list)
    for i in np.flatnonzero(groups >= 0).tolist():
        members[int(groups[i])].append(i)
    out: list[SplitGroup] = []
    constant = 0
    for g, forced in prob.forced_split_providers.items():
        if g not in members:
            constant += len(forced) - 1
    for g, idx in members.items():
        forced = prob.forced_split_providers.get(g, set())
        by_provider: dict[int, list[int]] = defaultdict(list)
        for i in idx:
            by_provider[int(core.pp[cand[i]])].append(i)
        if len(by_provider.keys() | forced) <= 1:
            constant += max(0, len(forced) - 1)
            continue
        at = {p: items for p, items in by_provider.items() if p not in forced}
        out.append(SplitGroup(at, idx, not forced))
        if forced:
            constant += len(forced) - 1
    return out, constant


def _split_terms(
    model: cp_model.CpModel, x: list, core: Core, cand: np.ndarray, hint: np.ndarray
) -> cp_model.LinearExpr | None:
    """sibling_split * (distinct providers - 1) for each splittable group with members."""
    groups, constant = split_groups(core, cand)
    if not groups and constant == 0:
        return None
    hinted = set(hint[hint >= 0].tolist())
    terms: list = []
    coeffs: list[int] = []
    for grp in groups:
        for items in grp.at.values():
            y = model.new_bool_var("")
            for i in items:
                model.add_implication(x[i], y)
            model.add_hint(y, any(int(cand[i]) in hinted for i in items))
            terms.append(y)
            coeffs.append(1)
        if grp.any_placed:
            z = model.new_bool_var("")
            model.add(sum(x[i] for i in grp.members) >= z)
            model.add_hint(z, any(int(cand[i]) in hinted for i in grp.members))
            terms.append(z)
            coeffs.append(-1)
    weight = core.split_weight
    if not float(weight).is_integer():
        raise ValueError("sibling_split must be a whole number")  # pragma: no cover
    w = int(weight)
    return cp_model.LinearExpr.weighted_sum(terms, [w * c for c in coeffs]) + w * constant


def ceil_bound(value: float) -> int:
    """The smallest integer not below a float bound, allowing for rounding error."""
    if not math.isfinite(value):
        return -(2**62) if value < 0 else 2**62
    return math.ceil(value - 1e-6 * max(1.0, abs(value)) * 1e-3 - 1e-6)
