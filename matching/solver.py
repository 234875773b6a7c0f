"""Lexicographic optimisation: most placed, then most in-house, then least cost.

Each level: LP column generation gives a bound valid over every eligible pair (see lp.py);
CP-SAT first optimises over the master's columns, then over every pair whose reduced
cost leaves room to beat the incumbent, which proves the level for the whole instance.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .baseline import baseline
from .core import Core, build_core
from .cpsat import ceil_bound, solve_level
from .eligibility import arc_terms
from .load import load_instance
from .lp import initial_columns, price
from .model import Assignment, Instance, LevelStats, Progress, Result
from .problem import Problem, build_problem, split_cost
from .reasons import unplaced_reasons

MAX_CANDIDATES = 400_000  # largest CP-SAT model built for a proof
INITIAL_COLUMNS = 6


@dataclass
class _Run:
    """State shared by the levels of one solve call (never global)."""

    started: float
    deadline: float | None
    on_progress: Callable[[Progress], None] | None
    should_stop: Callable[[], bool] | None
    offsets: tuple[int, int, int]
    known: list[int | None]
    workers: int = 2

    def now(self) -> float:
        return time.perf_counter() - self.started

    def left(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - self.now())

    def out_of_time(self) -> bool:
        left = self.left()
        stop = self.should_stop is not None and self.should_stop()
        return stop or (left is not None and left <= 0)

    def natural(self, level: int, value: float) -> float:
        """A level objective (minimised core form) as the whole instance's value."""
        return -value + self.offsets[level - 1] if level < 3 else value + self.offsets[2]

    def report(self, level: int, value: float, bound: float) -> None:
        if self.on_progress is None:
            return
        best, limit = self.natural(level, value), self.natural(level, bound)
        values = [*self.known[: level - 1], int(best), None, None][:3]
        gap = _gap(best, limit)
        self.on_progress(Progress(level=level, placed=values[0], in_house=values[1],
                                  cost=values[2], bound=limit, gap=gap, seconds=self.now()))


def _gap(best: float, bound: float) -> float:
    return abs(bound - best) / max(1.0, abs(best))


@dataclass
class _LevelOutcome:
    choice: np.ndarray
    proven: bool
    bound: float  # minimised core form
    stats: LevelStats


def _solve_level(core: Core, level: int, targets: tuple[int, int], choice: np.ndarray,
                 run: _Run) -> _LevelOutcome:
    started = time.perf_counter()
    chosen = choice[choice >= 0]
    columns = np.union1d(initial_columns(core, INITIAL_COLUMNS), chosen)
    deadline = None if run.deadline is None else run.started + run.deadline
    pricing = price(core, level, targets, columns, deadline=deadline, clock=time.perf_counter)
    lower = ceil_bound(pricing.bound)
    inc = core.level_value(choice, level)
    run.report(level, inc, lower)

    def outcome(proven: bool, bound: float, pairs: int, method: str) -> _LevelOutcome:
        stats = LevelStats(level=level, seconds=time.perf_counter() - started,
                           proven=proven, pairs=pairs, method=method)
        return _LevelOutcome(choice, proven, bound, stats)

    if inc <= lower:
        return outcome(True, lower, len(pricing.columns), "lp bound")
    if run.out_of_time():
        return outcome(False, lower, len(pricing.columns), "lp bound")

    def on_value(value: int, _bound: float) -> None:
        run.report(level, value, lower)

    first = np.union1d(pricing.columns, chosen)
    result = solve_level(core, first, level, targets, lower, choice, run.left(),
                         run.should_stop, on_value, run.workers)
    if result.choice is not None and core.level_value(result.choice, level) <= inc:
        choice = result.choice
        inc = core.level_value(choice, level)
    if inc <= lower:
        return outcome(True, lower, len(first), "restricted cp-sat")
    threshold = inc - 1 - pricing.bound
    tol = 1e-6 * max(1.0, abs(pricing.bound))
    wanted = np.flatnonzero(pricing.rc <= threshold + tol)
    provable = True
    if len(wanted) > MAX_CANDIDATES:
        order = np.argsort(pricing.rc[wanted], kind="stable")[:MAX_CANDIDATES]
        wanted = wanted[order]
        provable = False
    second = np.union1d(wanted, choice[choice >= 0])
    if result.status == "optimal" and np.isin(second, first).all():
        return outcome(True, inc, len(first), "restricted cp-sat + reduced costs")
    if run.out_of_time():
        return outcome(False, lower, len(first), "restricted cp-sat")
    result = solve_level(core, second, level, targets, lower, choice, run.left(),
                         run.should_stop, on_value, run.workers)
    if result.choice is not None and core.level_value(result.choice, level) <= inc:
        choice = result.choice
        inc = core.level_value(choice, level)
    bound = float(lower)
    if provable:
        bound = max(bound, ceil_bound(result.bound))
    proven = inc <= bound or (provable and result.status == "optimal")
    return outcome(proven, inc if proven else bound, len(second), "reduced-cost cp-sat")


def solve(instance: Instance | dict[str, Any], *, time_limit: float | None = None,
          on_progress: Callable[[Progress], None] | None = None,
          should_stop: Callable[[], bool] | None = None, workers: int = 2,
          with_baseline: bool = True) -> Result:
    """Solve an instance lexicographically; see shared/spec/matching.md.

    Raises InstanceError for a bad instance and FixedPairError when fixed pairs cannot
    hold. With a time limit (seconds) or `should_stop` returning true, the best solution
    found so far comes back with status "feasible" and the gap of the open level.
    """
    started = time.perf_counter()
    inst = load_instance(instance)
    prob = build_problem(inst)
    core, trivial = build_core(prob)
    fixed_assign = _fixed_assignments(prob, trivial)
    offsets = _offsets(prob, fixed_assign)
    run = _Run(started=started, deadline=time_limit, on_progress=on_progress,
               should_stop=should_stop, offsets=offsets, known=[None, None, None],
               workers=workers)
    choice = np.full(len(core.units), -1, dtype=np.int64)
    targets = (0, 0)
    status, gap = "optimal", None
    levels: list[LevelStats] = []
    if len(core.units):
        for level in (1, 2, 3):
            out = _solve_level(core, level, targets, choice, run)
            levels.append(out.stats)
            choice = out.choice
            value = core.level_value(choice, level)
            if not out.proven:
                status = "feasible"
                gap = _gap(run.natural(level, value), run.natural(level, out.bound))
                break
            run.known[level - 1] = int(run.natural(level, value))
            placed, in_house, _ = core.values(choice)
            targets = (placed, in_house)
    assign = dict(fixed_assign)
    for k, j in enumerate(choice.tolist()):
        if j >= 0:
            for c in prob.units[core.units[k]].tolist():
                assign[c] = int(core.pp[j])
    result = _result(prob, assign, status, gap, time.perf_counter() - started)
    result.levels = levels
    result.eligible_pairs = len(prob.pair_unit)
    if with_baseline:
        result.baseline = baseline(prob, result)
    result.seconds = time.perf_counter() - started
    return result


def _fixed_assignments(prob: Problem, trivial: dict[int, int]) -> dict[int, int]:
    assign = dict(prob.forced)
    for u, j in trivial.items():
        for c in prob.units[u].tolist():
            assign[c] = int(prob.pair_provider[j])
    return assign


def _offsets(prob: Problem, assign: dict[int, int]) -> tuple[int, int, int]:
    inst = prob.inst
    placed = len(assign)
    in_house = sum(inst.providers[p].in_house for p in assign.values())
    cost = sum(arc_terms(inst.children[c], inst.providers[p], inst.policy)[0]
               for c, p in assign.items())
    return placed, in_house, cost


def _result(prob: Problem, assign: dict[int, int], status: str, gap: float | None,
            seconds: float) -> Result:
    inst = prob.inst
    assignments = []
    cost = split_cost(prob, assign)
    in_house = 0
    for c in sorted(assign):
        child, prov = inst.children[c], inst.providers[assign[c]]
        arc, km, school, welsh = arc_terms(child, prov, inst.policy)
        cost += arc
        in_house += prov.in_house
        assignments.append(Assignment(child.id, prov.id, prov.kind, prov.in_house, arc, km,
                                      school, welsh))
    unplaced = unplaced_reasons(prob, assign)
    return Result(status=status, placed=len(assign), in_house=in_house,  # type: ignore[arg-type]
                  cost=cost, seconds=seconds, assignments=assignments, unplaced=unplaced,
                  gap=gap)
