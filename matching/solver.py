"""Lexicographic optimisation: most placed, then most in-house, then least cost.

Each level: LP column generation gives a bound valid over every eligible pair (see lp.py);
CP-SAT first optimises over the master's columns, then over every pair whose reduced
cost leaves room to beat the incumbent, which proves the level for the whole instance.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import cpsat
from .baseline import baseline
from .core import Core, build_core
from .cpsat import BUILD_PER_PAIR, LevelRun, ceil_bound, solve_level
from .dive import Dive, dive, timed_out
from .eligibility import arc_terms
from .flow import consolidate, cost_flow, count_flow, relaxed_flow, split_penalty, toward
from .load import load_instance
from .lp import Pricing, fresh_master, initial_columns, price
from .mip import BUILD_PER_PAIR as MIP_BUILD_PER_PAIR
from .mip import PER_UNIT as MIP_PER_UNIT
from .mip import candidates, neighbourhood, solve_master_mip, solve_mip
from .model import Assignment, Instance, LevelStats, Progress, Result
from .problem import Problem, build_problem, split_cost
from .reasons import unplaced_reasons

log = logging.getLogger(__name__)

MAX_CANDIDATES = 150_000  # largest CP-SAT model built for a proof
INITIAL_COLUMNS = 6
GROWTH = 3
MIN_CANDIDATES = 20_000
FIRST_BUDGET = 5.0  # seconds for CP-SAT on the master's columns alone
FLOW_PAIRS = 3_000_000  # pairs routed by min-cost flow at once
FLOW_PER_UNIT = 60
OPEN_COMBINED = 3  # open dive items tried in combinations; more are settled greedily
# above FAST_PAIRS a dive stops this early (or FLOWS_AFTER of the longest flow so far),
# for the flows after it
SETTLE_SECONDS = 4.0
FLOWS_AFTER = 3
TOWARD_ROUNDS = 8  # rounds of groups moved toward the LP's rounding into spare places
# the cost level's restricted MIP (mip.py): its share of the time left after the dive
# (the flows and the proof get the rest), and its seconds with no time limit
MIP_SHARE = 0.5
# above FAST_PAIRS: the master MIP's columns a unit, in turn while they fit, and the
# seconds a column takes (L-101: 16,717 columns and patterns for 2 a unit, 16.8 s at a
# load of 4.5; 24,381 for 3, 22 s)
NEIGHBOURS = (2, 3)
MASTER_MIP_PER_COLUMN = 1e-3
MIP_LEFT = 0.8
NEAR = 0.01  # above FAST_PAIRS, the neighbourhood MIPs come before the dive this near
MIP_SECONDS = 20.0
MOVES = 200  # LP-guided moves of units of several children before a dive
FAST_PAIRS = 2_000_000  # above this, each level starts with the flow relaxation
# above FAST_PAIRS, cost-level pricing ends after this many rounds without progress
STALL_ROUNDS = 3
# above this the cost level ends with its dive: CP-SAT on the master's 80,000 columns and
# more (L) found nothing in the seconds the dive left, on every seed
DIVE_ONLY_PAIRS = 2_000_000
NO_LP_PAIRS = 8_000_000  # above this, the flow relaxation alone bounds a level (no GLOP)
# kept back from the time limit for the result, reasons and baseline: seconds per
# eligible pair (measured) and a floor
FINISH_PER_PAIR = 3.5e-7
FINISH_FLOOR = 0.02


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
    flow_seconds: float = 0.0  # the longest min-cost flow so far
    reserve: float = 0.0  # seconds kept back from the limit for the result and baseline
    build_rate: float = BUILD_PER_PAIR  # CP-SAT model build seconds per pair (highest seen)
    skipped: list[str] = field(default_factory=list)

    def at(self) -> float | None:
        """The levels' deadline on time.perf_counter's clock (the result's time kept back)."""
        return None if self.deadline is None else self.started + self.deadline - self.reserve

    def skip(self, what: str) -> None:
        log.info("skipped for time: %s", what)
        self.skipped.append(what)

    def cpsat(self, core: Core, cand: np.ndarray, level: int, *rest: Any) -> LevelRun:
        """CP-SAT on `cand` (see cpsat.solve_level) with the run's deadline, unless the
        time left is less than the model build is estimated to take."""
        estimate = self.build_rate * len(cand)
        left = self.left()
        if self.out_of_time() or (left is not None and left < estimate):
            self.skip(f"level {level}: cp-sat on {len(cand)} pairs (build ~{estimate:.1f} s)")
            return LevelRun("skipped", None, None, -np.inf, 0.0)
        result = solve_level(core, cand, level, *rest, deadline=self.at())
        if result.status == "skipped":
            self.skip(f"level {level}: cp-sat on {len(cand)} pairs (out of time while built)")
        elif len(cand):
            self.build_rate = max(self.build_rate, result.build_seconds / len(cand))
        return result

    def flow_fits(self) -> bool:
        """Whether another flow like the longest so far ends before the time limit."""
        left = self.left()
        return not self.out_of_time() and (left is None or left >= self.flow_seconds)

    def timed_flow(self, started: float) -> None:
        self.flow_seconds = max(self.flow_seconds, time.perf_counter() - started)

    def now(self) -> float:
        return time.perf_counter() - self.started

    def left(self) -> float | None:
        at = self.at()
        return None if at is None else max(0.0, at - time.perf_counter())

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
        best = self.natural(level, value)
        limit = self.natural(level, bound) if abs(bound) < 2**61 else None
        values = [*self.known[: level - 1], int(best), None, None][:3]
        gap = None if limit is None else _gap(best, limit)
        self.on_progress(
            Progress(
                level=level,
                placed=values[0],
                in_house=values[1],
                cost=values[2],
                bound=limit,
                gap=gap,
                seconds=self.now(),
            )
        )


def _gap(best: float, bound: float) -> float:
    return abs(bound - best) / max(1.0, abs(best))


@dataclass
class _LevelOutcome:
    choice: np.ndarray
    proven: bool
    bound: float  # minimised core form
    stats: LevelStats


@dataclass
class _Level:
    """One level being solved: what each of its phases needs."""

    core: Core
    level: int
    targets: tuple[int, int]
    run: _Run
    started: float

    def value(self, choice: np.ndarray) -> int:
        return self.core.level_value(choice, self.level)

    def outcome(
        self, choice: np.ndarray, proven: bool, bound: float, pairs: int, method: str
    ) -> _LevelOutcome:
        stats = LevelStats(
            level=self.level,
            seconds=time.perf_counter() - self.started,
            proven=proven,
            pairs=pairs,
            method=method,
        )
        return _LevelOutcome(choice, proven, bound, stats)


def _solve_level(
    core: Core, level: int, targets: tuple[int, int], choice: np.ndarray, run: _Run
) -> _LevelOutcome:
    """One level, in phases: on large instances the flow relaxation first (the whole level
    above NO_LP_PAIRS); then the LP bound, the incumbents, and the proof."""
    lv = _Level(core, level, targets, run, time.perf_counter())
    flow_lower = -np.inf
    if core.n_pairs > FAST_PAIRS and not run.out_of_time():
        fast = _flow_level(core, level, targets, choice, run)
        if fast.proven or core.n_pairs > NO_LP_PAIRS or run.out_of_time():
            return fast
        choice, flow_lower = fast.choice, fast.bound
    pricing = _lp_bound(lv, choice)
    lower = max(ceil_bound(pricing.bound), ceil_bound(flow_lower))
    run.report(level, lv.value(choice), lower)
    choice = _incumbents(lv, pricing, choice, lower)
    return _prove(lv, pricing, choice, lower)


def _lp_bound(lv: _Level, choice: np.ndarray) -> Pricing:
    """Column generation (lp.price) from each unit's cheapest pairs and the incumbent's:
    the level's bound over every eligible pair, the reduced costs and the master LP."""
    core, level = lv.core, lv.level
    columns = np.union1d(initial_columns(core, INITIAL_COLUMNS), choice[choice >= 0])
    return price(
        core,
        level,
        lv.targets,
        columns,
        deadline=lv.run.at(),
        clock=time.perf_counter,
        choice=choice,
        should_stop=lv.run.should_stop,
        stall=STALL_ROUNDS if level == 3 and core.n_pairs > FAST_PAIRS else None,
    )


def _incumbents(lv: _Level, pricing: Pricing, choice: np.ndarray, lower: int) -> np.ndarray:
    """The best choice found for the level: the incumbent, the LP rounded, then the count
    flows (levels 1 and 2) or the cost flows and the dive (level 3)."""
    core, level, targets, run = lv.core, lv.level, lv.targets, lv.run
    rounded = _rounded(lv, pricing)
    if _meets(core, rounded, level, targets) and lv.value(rounded) < lv.value(choice):
        choice = rounded
    if level == 3:
        choice = _cost_incumbents(lv, pricing, rounded, choice, lower)
    else:
        choice = _count_incumbents(lv, pricing, rounded, choice, lower)
    inc = lv.value(choice)
    log.info(
        "level %d: %d rounds, %d columns, LP %.2f, bound %.2f, incumbent %d, %.2fs",
        level,
        pricing.rounds,
        len(pricing.columns),
        pricing.lp_value,
        pricing.bound,
        inc,
        time.perf_counter() - lv.started,
    )
    run.report(level, inc, lower)
    return choice


def _rounded(lv: _Level, pricing: Pricing) -> np.ndarray:
    """The master LP's solution rounded to a valid choice (see _round), logged."""
    core, level, targets = lv.core, lv.level, lv.targets
    rounded = _round(core, pricing.columns, pricing.x, level, targets)
    frac = (pricing.x > 1e-6) & (pricing.x < 1 - 1e-6)
    log.info(
        "level %d: %d fractional columns over %d units; rounded %s split %s",
        level,
        frac.sum(),
        len(np.unique(core.pos[pricing.columns[frac]])),
        core.values(rounded),
        core.split_cost(rounded),
    )
    log.info(
        "level %d: rounded LP %d (targets %s met: %s)",
        level,
        lv.value(rounded),
        targets,
        _meets(core, rounded, level, targets),
    )
    return rounded


def _cost_incumbents(
    lv: _Level, pricing: Pricing, rounded: np.ndarray, choice: np.ndarray, lower: int
) -> np.ndarray:
    """Level 3: the cost flows around the LP's rounding and the incumbent, and the dive;
    the flows and the neighbourhood MIPs first above FAST_PAIRS, where the dive is slow,
    and after the dive the MIPs over the master's columns and over pairs."""
    core, targets, run, started = lv.core, lv.targets, lv.run, lv.started
    flows_first = core.n_pairs > FAST_PAIRS
    if flows_first and lv.value(choice) > lower and not run.out_of_time():
        choice = _level_three_flows(core, pricing, rounded, choice, targets, run, started)
    inc = lv.value(choice)
    # near the bound, the neighbourhood MIPs first (L-101: 9,035,094 in 17 s from the
    # flows' 9,048,564, where the dive took 67 s for 9,039,346); far from it they find
    # nothing better (L seed 2 at 3.5 %) and the dive needs the time
    near = inc - lower <= NEAR * max(1.0, abs(inc))
    if flows_first and near and inc > lower and not run.out_of_time():
        choice = _neighbourhood_mip(lv, pricing, choice, lower)
        inc = lv.value(choice)
    if inc > lower and pricing.master is not None and not run.out_of_time():
        dived = _dive_incumbent(core, pricing, choice, targets, run)
        if dived is not None and lv.value(dived) < inc:
            choice, inc = dived, lv.value(dived)
            run.report(3, inc, lower)  # progress: the phases after it can take seconds
        log.info("level 3: dive incumbent %d, %.2fs", inc, time.perf_counter() - started)
    if flows_first and not near and inc > lower and not run.out_of_time():
        choice = _neighbourhood_mip(lv, pricing, choice, lower)
        inc = lv.value(choice)
    if not flows_first and inc > lower and not run.out_of_time():
        choice = _master_mip(lv, pricing, choice, lower, MIP_SHARE)
        inc = lv.value(choice)
    if not flows_first and inc > lower and not run.out_of_time():
        # the flows after it and the proof get the rest; above FAST_PAIRS (L: 52,000
        # pairs) SCIP did not finish its root in 90 s
        choice = _restricted_mip(lv, pricing, choice, lower, MIP_SHARE)
        inc = lv.value(choice)
    if not flows_first and inc > lower and not run.out_of_time():
        choice = _level_three_flows(core, pricing, rounded, choice, targets, run, started)
    return choice


def _master_mip(
    lv: _Level, pricing: Pricing, choice: np.ndarray, lower: int, share: float
) -> np.ndarray:
    """The cost level's incumbent, improved where SCIP finds a better answer over the
    master LP's columns and patterns (mip.solve_master_mip) in `share` of the time left
    (with no time limit, MIP_SECONDS)."""
    targets, run, master = lv.targets, lv.run, pricing.master
    if master is None:
        return choice
    left = run.left()
    budget = MIP_SECONDS if left is None else share * left
    size = len(master.columns) + len(master.patterns)
    if budget < MIP_BUILD_PER_PAIR * size * 3:
        run.skip(f"level 3: master mip on {size} columns")
        return choice
    reach = lv.value(choice) - 1 - pricing.bound + 1e-6 * max(1.0, abs(pricing.bound))
    found = solve_master_mip(master, targets, choice, budget, run.should_stop, (pricing.rc, reach))
    return _better(lv, choice, found, lower, "master mip")


def _neighbourhood_mip(lv: _Level, pricing: Pricing, choice: np.ndarray, lower: int) -> np.ndarray:
    """Above FAST_PAIRS, where SCIP over the whole master finds nothing in minutes: the
    master MIP over the LP's support and each unit's and group's k columns of least
    reduced cost (mip.neighbourhood), for each k of NEIGHBOURS in turn while its
    estimate fits the time left (one a unit when the first does not fit)."""
    for i, k in enumerate(NEIGHBOURS):
        if lv.value(choice) <= lower:
            break
        choice, ran = _neighbourhood_step(lv, pricing, choice, lower, k)
        if not ran:
            if i == 0:
                choice, _ = _neighbourhood_step(lv, pricing, choice, lower, 1)
            break
    return choice


def _neighbourhood_step(
    lv: _Level, pricing: Pricing, choice: np.ndarray, lower: int, k: int
) -> tuple[np.ndarray, bool]:
    """One master MIP over the neighbourhood of k columns a unit, from `choice`: the best
    choice, and whether it ran (not when its estimate does not fit the time left)."""
    targets, run, master = lv.targets, lv.run, pricing.master
    if master is None or pricing.pattern_x is None or run.out_of_time():
        return choice, False
    cols, pats = neighbourhood(master, pricing, k)
    size = len(cols) + len(pats)
    left = run.left()
    if left is not None and MASTER_MIP_PER_COLUMN * size > MIP_LEFT * left:
        run.skip(f"level 3: neighbourhood mip on {size} columns")
        return choice, False
    budget = MIP_SECONDS if left is None else MIP_LEFT * left  # SCIP may overrun its limit
    found = solve_master_mip(master, targets, choice, budget, run.should_stop, None, (cols, pats))
    return _better(lv, choice, found, lower, f"neighbourhood mip ({k} a unit)"), True


def _restricted_mip(
    lv: _Level, pricing: Pricing, choice: np.ndarray, lower: int, share: float
) -> np.ndarray:
    """The cost level's incumbent, improved where SCIP finds a better answer over each
    unit's pairs of least reduced cost (mip.py) in `share` of the time left (with no
    time limit, MIP_SECONDS)."""
    core, targets, run = lv.core, lv.targets, lv.run
    cand = candidates(core, pricing.rc, choice, MIP_PER_UNIT)
    left = run.left()
    budget = MIP_SECONDS if left is None else share * left
    if budget < MIP_BUILD_PER_PAIR * len(cand) * 3:
        run.skip(f"level 3: mip on {len(cand)} pairs")
        return choice
    found = solve_mip(core, cand, targets, choice, budget, run.should_stop)
    return _better(lv, choice, found, lower, "mip")


def _better(
    lv: _Level, choice: np.ndarray, found: np.ndarray | None, lower: int, what: str
) -> np.ndarray:
    """`found` (what a MIP returned, or None) when it is a valid choice that meets the
    level's targets and costs less than `choice`, reported as the new incumbent;
    otherwise `choice`."""
    core, targets = lv.core, lv.targets
    if found is None or not (feasible(core, found) and _meets(core, found, 3, targets)):
        return choice
    if lv.value(found) >= lv.value(choice):
        return choice
    log.info("level 3: %s incumbent %d", what, lv.value(found))
    lv.run.report(3, lv.value(found), lower)
    return found


def _count_incumbents(
    lv: _Level, pricing: Pricing, rounded: np.ndarray, choice: np.ndarray, lower: int
) -> np.ndarray:
    """Levels 1 and 2: count flows around the groups as the LP rounded them, as a greedy
    fill with the groups first placed them, and as the incumbent has them."""
    core, level, targets, run = lv.core, lv.level, lv.targets, lv.run
    inc = lv.value(choice)
    if inc <= lower or run.out_of_time():
        return choice
    pairs = _flow_pairs(core, pricing.rc, choice[choice >= 0])
    groups_first = _round(core, pairs[:0], pairs[:0], level, targets)
    for keep in (rounded, groups_first, choice):
        if not run.flow_fits() or inc <= lower:
            break
        flow_started = time.perf_counter()
        counted = _repair_avoid(core, count_flow(core, pairs, keep))
        run.timed_flow(flow_started)
        ok = (
            counted is not None
            and feasible(core, counted)
            and _meets(core, counted, level, targets)
        )
        log.info("level %d: count flow %s", level, core.values(counted) if ok else "not valid")
        if ok and lv.value(counted) < inc:
            choice, inc = counted, lv.value(counted)
    return choice


def _prove(lv: _Level, pricing: Pricing, choice: np.ndarray, lower: int) -> _LevelOutcome:
    """The level's outcome: proven when the incumbent meets the LP bound; else CP-SAT on
    the master's columns, then on pairs widened by reduced cost (_widen). Above
    DIVE_ONLY_PAIRS the cost level ends with its incumbent."""
    core, level, run = lv.core, lv.level, lv.run
    if lv.value(choice) <= lower:
        return lv.outcome(choice, True, lower, len(pricing.columns), "lp bound")
    if run.out_of_time() or (level == 3 and core.n_pairs > DIVE_ONLY_PAIRS):
        return lv.outcome(choice, False, lower, len(pricing.columns), "lp bound")
    first = np.union1d(pricing.columns, choice[choice >= 0])
    left = run.left()
    budget = FIRST_BUDGET if left is None else min(left, max(FIRST_BUDGET, left / 10))
    result, choice = _cpsat_step(lv, first, choice, lower, budget)
    inc = lv.value(choice)
    log.info(
        "level %d: restricted cp-sat on %d pairs: %s %d in %.2fs",
        level,
        len(first),
        result.status,
        inc,
        result.seconds,
    )
    if inc <= lower:
        return lv.outcome(choice, True, lower, len(first), "restricted cp-sat")
    return _widen(lv, pricing, choice, lower, first, result.status == "optimal")


def _cpsat_step(
    lv: _Level, cand: np.ndarray, choice: np.ndarray, lower: int, budget: float | None
) -> tuple[LevelRun, np.ndarray]:
    """CP-SAT on `cand` from `choice`: its run, and its choice where no worse."""
    core, level, run = lv.core, lv.level, lv.run

    def on_value(value: int, _bound: float) -> None:
        run.report(level, value, lower)

    result = run.cpsat(
        core,
        cand,
        level,
        lv.targets,
        lower,
        choice,
        budget,
        run.should_stop,
        on_value,
        run.workers,
    )
    if result.choice is not None and lv.value(result.choice) <= lv.value(choice):
        choice = result.choice
    return result, choice


def _widen(
    lv: _Level,
    pricing: Pricing,
    choice: np.ndarray,
    lower: int,
    solved_set: np.ndarray,
    solved_optimal: bool,
) -> _LevelOutcome:
    """CP-SAT on candidates widened by reduced cost until they hold every pair that could
    appear in a solution better than the incumbent: CP-SAT optimal over them proves the
    level. `solved_set` is the last set solved, to optimality or not."""
    level, run = lv.level, lv.run
    method = "cp-sat + reduced costs"
    inc = lv.value(choice)
    tol = 1e-6 * max(1.0, abs(pricing.bound))
    step = max(1.0, (inc - 1 - pricing.bound) / 8)
    while True:
        needed = inc - 1 - pricing.bound
        cand, reach, provable = _candidates(pricing, choice, step, needed, tol, len(solved_set))
        covers = reach >= needed and pricing.slack > needed + tol
        if solved_optimal and covers and np.isin(cand, solved_set).all():
            return lv.outcome(choice, True, inc, len(solved_set), method)
        if run.out_of_time():
            return lv.outcome(choice, False, lower, len(solved_set), method)
        log.info(
            "level %d: cp-sat on %d pairs with reduced cost <= %.1f (gap %d)",
            level,
            len(cand),
            reach,
            inc - lower,
        )
        budget = run.left()
        if not provable and level < 3 and budget is not None:
            # no proof can come of it: improve for a while, leave time for the later levels
            budget = min(budget, max(FIRST_BUDGET, budget / 4))
        result, choice = _cpsat_step(lv, cand, choice, lower, budget)
        log.info(
            "level %d: cp-sat %s %s bound %.1f in %.2fs",
            level,
            result.status,
            result.value,
            result.bound,
            result.seconds,
        )
        inc = lv.value(choice)
        solved_set, solved_optimal = cand, result.status == "optimal"
        if inc <= lower:
            return lv.outcome(choice, True, inc, len(cand), method)
        if not solved_optimal or not provable:
            bound = float(lower)
            if provable and covers:
                bound = max(bound, ceil_bound(result.bound))
            proven = inc <= bound
            return lv.outcome(choice, proven, inc if proven else bound, len(cand), method)
        if reach >= inc - 1 - pricing.bound and pricing.slack > inc - 1 - pricing.bound + tol:
            return lv.outcome(choice, True, inc, len(cand), method)
        if reach >= needed:  # left-out pairs might help: no proof from candidates
            return lv.outcome(choice, False, lower, len(cand), method)
        step = reach * 2


def _candidates(
    pricing: Pricing, choice: np.ndarray, step: float, needed: float, tol: float, solved: int
) -> tuple[np.ndarray, float, bool]:
    """The pairs of reduced cost up to `reach` (the least of `step` and `needed`, lowered
    so the set grows at most GROWTH-fold from the `solved` pairs of the last round, so
    CP-SAT stays quick) with the incumbent's, `reach`, and whether the set holds every
    such pair (at most MAX_CANDIDATES are taken, the least reduced costs first)."""
    limit = max(GROWTH * solved, MIN_CANDIDATES)
    if (pricing.rc <= min(step, needed) + tol).sum() > limit:
        step = float(np.partition(pricing.rc, limit)[limit])
    reach = min(step, needed)
    wanted = np.flatnonzero(pricing.rc <= reach + tol)
    provable = len(wanted) <= MAX_CANDIDATES
    if not provable:
        wanted = wanted[np.argsort(pricing.rc[wanted], kind="stable")[:MAX_CANDIDATES]]
    return np.union1d(wanted, choice[choice >= 0]), reach, provable


def _level_three_flows(
    core: Core,
    pricing: Pricing,
    rounded: np.ndarray,
    choice: np.ndarray,
    targets: tuple[int, int],
    run: _Run,
    started: float,
) -> np.ndarray:
    """The best of `choice` and the cost flows around the LP's rounding and `choice`."""
    inc = core.level_value(choice, 3)
    pairs = _flow_pairs(core, pricing.rc, choice[choice >= 0])
    for keep in (rounded, choice):
        if run.out_of_time():
            break
        flowed = _cost_flows(core, pairs, keep, targets, run)
        if flowed is not None and core.level_value(flowed, 3) < inc:
            choice, inc = flowed, core.level_value(flowed, 3)
        log.info(
            "level 3: flows from %s: %d, %.2fs",
            "rounded" if keep is rounded else "incumbent",
            inc,
            time.perf_counter() - started,
        )
    flowed = _flows_toward(core, pairs, choice, rounded, targets, run)
    if flowed is not None and core.level_value(flowed, 3) < inc:
        choice, inc = flowed, core.level_value(flowed, 3)
    log.info("level 3: flows toward rounded: %d, %.2fs", inc, time.perf_counter() - started)
    return choice


def _flows_toward(
    core: Core,
    pairs: np.ndarray,
    choice: np.ndarray,
    rounded: np.ndarray,
    targets: tuple[int, int],
    run: _Run,
) -> np.ndarray | None:
    """A cheaper choice than `choice`, or None: cost flows around its groups moved toward
    the LP's rounding (flow.toward). First, rounds of moves into places nobody uses (the
    singles keep every route, so the counts hold); then, up to FAST_PAIRS pairs, as many
    of all the moves as still let the singles make up the counts, found by bisection (a
    group moved into a carer's places can leave a child who fits nowhere else in-house)."""
    best, bar = None, core.level_value(choice, 3)
    for _ in range(TOWARD_ROUNDS):  # moves that displace no single, while they pay
        keep, moved = toward(core, choice, rounded, spare=True)
        if not moved or run.out_of_time():
            break
        flowed = _cost_flows(core, np.union1d(pairs, keep[keep >= 0]), keep, targets, run)
        if flowed is None or core.level_value(flowed, 3) >= bar:
            break
        choice = best = flowed
        bar = core.level_value(best, 3)
    # then the bisection, except on large instances: its dozen flows there cost the dive
    # the time it needs
    _, most = toward(core, choice, rounded) if core.n_pairs <= FAST_PAIRS else (None, 0)
    lo, hi = 0, most  # lo moves are known to work (none: the incumbent)
    limit = most
    while hi > lo and not run.out_of_time():
        keep, _ = toward(core, choice, rounded, limit)
        flowed = _cost_flows(core, np.union1d(pairs, keep[keep >= 0]), keep, targets, run)
        if flowed is None:
            hi = limit - 1
        else:
            if core.level_value(flowed, 3) < bar:
                best, bar = flowed, core.level_value(flowed, 3)
            lo = limit
        limit = (lo + hi + 1) // 2
    return best


def _flow_level(
    core: Core, level: int, targets: tuple[int, int], choice: np.ndarray, run: _Run
) -> _LevelOutcome:
    """A level by min-cost flow alone: the relaxation's bound (see flow.relaxed_flow), and
    incumbents from its whole units, greedy rounding, exact flows for the single units
    and a repair of rule 12. Proven when the incumbent reaches the bound."""
    started = time.perf_counter()
    inc = core.level_value(choice, level)
    got = relaxed_flow(core, level, targets) if run.flow_fits() else None
    run.timed_flow(started)
    lower = -(2**62) if got is None else ceil_bound(got[0])
    log.info(
        "level %d: flow relaxation bound %s, incumbent %d, %.2fs",
        level,
        None if got is None else got[0],
        inc,
        time.perf_counter() - started,
    )
    if got is not None and inc > lower and not run.out_of_time():
        picked = got[1][got[1] >= 0]
        seed = _round(core, picked, np.ones(len(picked)), level, targets)
        # sibling groups first, each to its best pair with room, then the singles
        groups_first = _round(core, picked[:0], picked[:0], level, targets)
        if core.n_pairs <= FLOW_PAIRS:
            pairs = np.arange(core.n_pairs)
        else:  # each unit's cheapest pairs and those the relaxation used
            rank = np.arange(core.n_pairs) - core.start[core.pos]
            pairs = np.union1d(np.flatnonzero(rank < FLOW_PER_UNIT), got[2])
        # on the cost level the greedy seeds seldom meet both counts: the incumbent's
        # groups come first
        keeps = {1: (seed, groups_first), 2: (seed, groups_first, choice), 3: (choice, seed)}[level]
        for keep in keeps:
            if not run.flow_fits() or inc <= lower:
                break
            if level < 3 and _meets(core, keep, level, targets):
                fixed = _repair_avoid(core, keep)
                if (
                    fixed is not None
                    and feasible(core, fixed)
                    and core.level_value(fixed, level) < inc
                ):
                    choice, inc = fixed, core.level_value(fixed, level)
                if inc <= lower:
                    break
            keep_pairs = np.union1d(pairs, keep[keep >= 0])
            flow_started = time.perf_counter()
            if level < 3:
                found = count_flow(core, keep_pairs, keep)
                run.timed_flow(flow_started)
            else:
                found = _cost_flows(core, keep_pairs, keep, targets, run)
            for cand in (keep, found):
                fixed = None if cand is None else _repair_avoid(core, cand)
                if fixed is None or not _meets(core, fixed, level, targets):
                    continue
                if feasible(core, fixed) and core.level_value(fixed, level) < inc:
                    choice, inc = fixed, core.level_value(fixed, level)
            log.info(
                "level %d: flow incumbent %d, %.2fs", level, inc, time.perf_counter() - started
            )
    run.report(level, inc, lower)
    proven = inc <= lower
    lv = _Level(core, level, targets, run, started)
    return lv.outcome(
        choice, proven, float(inc if proven else lower), core.n_pairs, "min-cost flow"
    )


def _cost_flows(
    core: Core, pairs: np.ndarray, keep: np.ndarray, targets: tuple[int, int], run: _Run
) -> np.ndarray | None:
    """The cheapest valid choice of cost flows around `keep`: splittable groups steered
    to an anchor by penalties (two anchors), or held together where one provider takes
    them all; None if none meets the targets."""
    best, value = None, None
    variants = [(keep, None, True), (keep, None, False), (*consolidate(core, keep), True)]
    for base, held, whole in variants:
        if not run.flow_fits():
            break
        started = time.perf_counter()
        flowed = cost_flow(core, pairs, base, targets, split_penalty(core, base, whole), held)
        run.timed_flow(started)
        flowed = None if flowed is None else _repair_avoid(core, flowed)
        if flowed is None or not _meets(core, flowed, 3, targets) or not feasible(core, flowed):
            continue
        cost = core.level_value(flowed, 3)
        if value is None or cost < value:
            best, value = flowed, cost
    return best


def _dive_incumbent(
    core: Core, pricing: Pricing, choice: np.ndarray, targets: tuple[int, int], run: _Run
) -> np.ndarray | None:
    """The cost level's master LP dived to whole groups (see dive.py) and the singles
    routed around them by an exact min-cost flow; None if no valid choice comes of it.

    Units of several children start where the LP has them whole, the rest are dived
    too; failing that, all start where the incumbent has them.
    """
    at = run.at()
    if at is not None and core.n_pairs > FAST_PAIRS:  # a partial dive needs its flows
        at -= max(SETTLE_SECONDS, FLOWS_AFTER * run.flow_seconds)
    stop = timed_out(at)
    multi = core.ps[core.start[:-1]] > 1
    whole = pricing.x >= 1 - 1e-6
    blend = np.where(multi, -2, choice)  # units of several children: left to the dive
    on = pricing.columns[whole & multi[core.pos[pricing.columns]]]
    blend[core.pos[on]] = on
    best, value = None, None
    holds = [blend, choice] if not np.array_equal(blend, choice) else [choice]
    fresh = False
    for hold in holds:
        if best is not None:
            break
        if run.out_of_time() or stop():
            break
        master = fresh_master(core, 3, targets, pricing) if fresh else pricing.master
        fresh = True
        if at is not None:  # GLOP stops there too: one re-solve can take 15 s on L
            master.deadline = at if master.deadline is None else min(master.deadline, at)
        moves = MOVES if hold is choice else 0
        left = run.left()
        move_stop = timed_out(None if left is None else time.perf_counter() + left / 8)
        got = dive(
            master,
            lambda: stop() or run.out_of_time(),
            hold=hold,
            moves=moves,
            moves_stop=move_stop,
            partial=core.n_pairs > FAST_PAIRS,
        )
        for flowed in (
            [] if got is None else _flows_around(core, pricing, choice, got, targets, run)
        ):
            cost = core.level_value(flowed, 3)
            if value is None or cost < value:
                best, value = flowed, cost
        log.info(
            "level 3: dive from %s: %s, %d steps, %d moves, %d open",
            "incumbent" if hold is choice else "blend",
            value,
            -1 if got is None else got.steps,
            -1 if got is None else got.moved,
            -1 if got is None else len(got.open),
        )
    return best


def _flows_around(
    core: Core,
    pricing: Pricing,
    choice: np.ndarray,
    got: Dive,
    targets: tuple[int, int],
    run: _Run,
) -> list[np.ndarray]:
    """Valid choices routing the singles by min-cost flow around a dive's groups (the
    first two options of each group the dive left open)."""
    held_pairs = got.choice[got.choice >= 0]
    pairs = _flow_pairs(core, pricing.rc, np.union1d(choice[choice >= 0], held_pairs))
    out = []
    options = []
    for opts in got.open:  # its two best in the LP, and where the incumbent has it
        mine = choice[core.pos[opts[0]]]
        options.append([*opts[:3], mine[mine >= 0]])
    if len(options) > OPEN_COMBINED:  # a dive cut short: each item where it has room,
        # the same with the incumbent's in-house count (the singles made up the counts
        # around that), else each first where the incumbent has it
        incumbent_first = [[opts[-1], *opts[:-1]] for opts in options]
        keeps = [
            _settle(core, got.choice, options),
            _settle(core, got.choice, [_same_kind(core, opts) for opts in options]),
            _settle(core, got.choice, incumbent_first),
        ]
    else:
        keeps = []
        for combo in itertools.islice(itertools.product(*options), 8):
            keep = got.choice.copy()
            for option in combo:
                keep[core.pos[option]] = option
            keeps.append(keep)
    for keep in keeps:
        if not run.flow_fits():
            break
        # splittable groups held as dived, else free with a penalty away from their
        # dived provider (room for the counts when a unit left open takes places)
        for held in (got.held, None):
            flow_started = time.perf_counter()
            extra = None if held is not None else split_penalty(core, keep, False)
            flowed = cost_flow(core, pairs, keep, targets, extra, held)
            run.timed_flow(flow_started)
            flowed = None if flowed is None else _repair_avoid(core, flowed)
            if flowed is not None and _meets(core, flowed, 3, targets) and feasible(core, flowed):
                out.append(flowed)
                break
    if not out and len(options) > OPEN_COMBINED:
        # no flow meets the in-house count around the settled items (it is the most
        # there is, so a group in the wrong places breaks it): move the incumbent's
        # groups toward them instead, into places no child uses
        flowed = _flows_toward(core, pairs, choice, keeps[0], targets, run)
        if flowed is not None:
            out.append(flowed)
    return out


def _same_kind(core: Core, options: list[np.ndarray]) -> list[np.ndarray]:
    """An open item's options (the incumbent's last) that place as many children in-house
    as the incumbent's option does."""

    def in_house(pairs: np.ndarray) -> int:
        return int((core.pih[pairs] * core.ps[pairs]).sum())

    mine = options[-1]
    if not len(mine):
        return options
    return [o for o in options[:-1] if len(o) and in_house(o) == in_house(mine)] + [mine]


def _settle(core: Core, fixed: np.ndarray, options: list[list[np.ndarray]]) -> np.ndarray:
    """`fixed` with each open item (largest first) at its first option with room beside
    the units already placed, else each of its units at its cheapest pair with room of
    the in-house kind the last option (the incumbent's) has it at (a place over a
    provider's room leaves no flow), else at that last option."""
    keep = fixed.copy()
    placed = keep[keep >= 0]
    load = np.bincount(core.pp[placed], weights=core.ps[placed], minlength=len(core.cap))
    room = np.where(core.cap >= 0, core.cap - load.astype(np.int64), -1)
    by_size = sorted(options, key=lambda opts: -int(core.ps[opts[0]].sum()))
    for opts in by_size:
        usable = [pairs for pairs in opts if len(pairs)]
        if not usable:
            continue
        for pairs in usable:
            at, need = _places_needed(core, pairs)
            if ((room[at] < 0) | (room[at] >= need)).all():
                break
        else:
            pairs = _with_room(core, usable[-1], room)
            at, need = _places_needed(core, pairs)
        limited = room[at] >= 0
        room[at[limited]] -= need[limited]
        keep[core.pos[pairs]] = pairs
    return keep


def _with_room(core: Core, pairs: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Each unit of `pairs` moved to its cheapest pair of the same in-house kind at a
    provider with room for it (`room` is updated as they go: units of one item must not
    share the last place), or left where it is when it has none."""
    out = pairs.copy()
    left = room.copy()
    for n, j in enumerate(pairs.tolist()):
        k = int(core.pos[j])
        span = np.arange(core.start[k], core.start[k + 1])
        ok = span[core.pih[span] == core.pih[j]]
        ok = ok[(left[core.pp[ok]] < 0) | (left[core.pp[ok]] >= core.ps[ok])]
        if len(ok):
            best = int(ok[np.argmin(core.pa[ok])])
            out[n] = best
            if left[core.pp[best]] >= 0:
                left[core.pp[best]] -= core.ps[best]
    return np.sort(out)


def _places_needed(core: Core, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The providers `pairs` use and how many places each of them takes there."""
    at, inv = np.unique(core.pp[pairs], return_inverse=True)
    return at, np.bincount(inv.ravel(), weights=core.ps[pairs]).astype(np.int64)


def _repair_avoid(core: Core, choice: np.ndarray) -> np.ndarray | None:
    """The choice with rule 12 restored: of two units that avoid each other at one carer
    or home, the second moves to its cheapest pair with room of the same in-house kind.
    None when one cannot move."""
    picked = np.flatnonzero(choice >= 0)
    kind = core.prob.t.p_kind
    where = dict(zip(core.units[picked].tolist(), core.pp[choice[picked]].tolist(), strict=True))
    bad = [
        (a, b)
        for a, b in core.avoid
        if a in where and where.get(b) == where[a] and kind[where[a]] != 2
    ]
    if not bad:
        return choice
    choice = choice.copy()
    load = np.bincount(
        core.pp[choice[picked]], weights=core.ps[choice[picked]], minlength=len(core.cap)
    ).astype(np.int64)
    room = np.where(core.cap >= 0, core.cap - load, -1)
    at: dict[int, set[int]] = {}
    for u, p in where.items():
        at.setdefault(p, set()).add(u)
    shun = _shunned(core)
    for a, b in bad:
        k = int(np.searchsorted(core.units, b))
        j = int(choice[k])
        if j < 0 or int(core.pp[j]) != where[a] or b not in at.get(where[a], set()):
            continue
        p, size, home = int(core.pp[j]), int(core.ps[j]), bool(core.pih[j])
        at[p].discard(b)
        if room[p] >= 0:
            room[p] += size
        choice[k] = -1
        lo, hi = core.start[k], core.start[k + 1]
        same = lo + np.flatnonzero(core.pih[lo:hi] == home)
        for j2 in same[np.argsort(core.pa[same], kind="stable")].tolist():
            if int(core.pp[j2]) != p and _try_place(core, choice, room, at, shun, kind, j2):
                where[b] = int(core.pp[j2])
                break
        else:
            return None
    return choice


def _flow_pairs(core: Core, rc: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """The pairs a min-cost flow routes over: all of them, or on large instances each
    unit's FLOW_PER_UNIT of least reduced cost and `extra`."""
    if core.n_pairs <= FLOW_PAIRS:
        return np.arange(core.n_pairs)
    return _cheapest(core, rc, FLOW_PER_UNIT, extra)


def _cheapest(core: Core, rc: np.ndarray, k: int, extra: np.ndarray) -> np.ndarray:
    """The k pairs of least reduced cost of each unit, and `extra`."""
    order = np.lexsort((rc, core.pos))
    rank = np.arange(core.n_pairs) - core.start[core.pos[order]]
    return np.union1d(order[rank < k], extra)


def _round(
    core: Core, columns: np.ndarray, x: np.ndarray, level: int, targets: tuple[int, int]
) -> np.ndarray:
    """The master LP's solution rounded and repaired to a choice obeying rules 11 and 12.

    The result may miss the earlier levels' targets; callers check.
    """
    keep = x > 0.5
    picked, weight = columns[keep], x[keep]
    # fractional picks and dear ones are dropped first where a provider is over capacity
    order = np.lexsort((-core.pa[picked], weight))[::-1]
    picked = picked[order]
    room = core.cap.copy()
    choice = np.full(len(core.units), -1, dtype=np.int64)
    at: dict[int, set[int]] = {}
    shun = _shunned(core)
    kind = core.prob.t.p_kind
    for j in picked.tolist():
        _try_place(core, choice, room, at, shun, kind, j)
    # greedy fill: unplaced units, largest first, to their best pair with room by the
    # level's costs; placing one more is never worse at any level (placed is the first)
    costs = core.level_costs(level)
    open_units = np.flatnonzero(choice < 0)
    sizes = core.ps[core.start[open_units]]
    for k in open_units[np.argsort(-sizes, kind="stable")].tolist():
        lo, hi = core.start[k], core.start[k + 1]
        for j in (lo + np.lexsort((core.pa[lo:hi], costs[lo:hi]))).tolist():
            if _try_place(core, choice, room, at, shun, kind, j):
                break
    return choice


def _shunned(core: Core) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for a, b in core.avoid:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def _try_place(
    core: Core,
    choice: np.ndarray,
    room: np.ndarray,
    at: dict[int, set[int]],
    shun: dict[int, set[int]],
    kind: np.ndarray,
    j: int,
) -> bool:
    p, size, k = int(core.pp[j]), int(core.ps[j]), int(core.pos[j])
    if 0 <= room[p] < size:
        return False
    unit = int(core.units[k])
    if kind[p] != 2 and shun.get(unit, set()) & at.get(p, set()):
        return False
    choice[k] = j
    if room[p] >= 0:
        room[p] -= size
    at.setdefault(p, set()).add(unit)
    return True


def _meets(core: Core, choice: np.ndarray, level: int, targets: tuple[int, int]) -> bool:
    placed, in_house, _ = core.values(choice)
    return (level < 2 or placed == targets[0]) and (level < 3 or in_house == targets[1])


def feasible(core: Core, choice: np.ndarray) -> bool:
    """Capacity (rule 11) and avoid (rule 12) hold for a choice of pairs."""
    picked = choice[choice >= 0]
    load = np.bincount(core.pp[picked], weights=core.ps[picked], minlength=len(core.cap))
    if ((core.cap >= 0) & (load > core.cap)).any():
        return False
    at = dict(zip(core.units[core.pos[picked]].tolist(), core.pp[picked].tolist(), strict=True))
    kind = core.prob.t.p_kind
    return not any(a in at and at.get(b) == at[a] and kind[at[a]] != 2 for a, b in core.avoid)


def solve(
    instance: Instance | dict[str, Any],
    *,
    time_limit: float | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int = 2,
    with_baseline: bool = True,
) -> Result:
    """Solve an instance lexicographically; see matching/SPEC.md.

    Raises InstanceError for a bad instance and FixedPairError when fixed pairs cannot
    hold. With a time limit (seconds) or `should_stop` returning true, the best solution
    found so far comes back with status "feasible" and the gap of the open level. A level
    left unproven with time to spare (large instances keep only each unit's cheapest
    pairs, and the proof may need the rest) is reported the same way, and the later
    levels are still optimised with its value held.
    """
    started = time.perf_counter()
    inst = load_instance(instance)  # pair building below is charged to the time limit too
    prob = build_problem(inst)
    core, trivial = build_core(prob)
    log.info(
        "%d pairs, %d core units, %d core pairs, %d trivial units, %.2fs",
        len(prob.pair_unit),
        len(core.units),
        core.n_pairs,
        len(trivial),
        time.perf_counter() - started,
    )
    fixed_assign = _fixed_assignments(prob, trivial)
    offsets = _offsets(prob, fixed_assign)
    run = _Run(
        started=started,
        deadline=time_limit,
        on_progress=on_progress,
        should_stop=should_stop,
        offsets=offsets,
        known=[None, None, None],
        workers=workers,
        reserve=FINISH_FLOOR + FINISH_PER_PAIR * len(prob.pair_unit),
        build_rate=cpsat.BUILD_PER_PAIR,
    )
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
            run.report(level, value, max(out.bound, _trivial_bound(core, level, targets)))
            if not out.proven and status == "optimal":
                # the first level left open gives the gap; later levels keep its value
                status = "feasible"
                bound = max(out.bound, _trivial_bound(core, level, targets))
                gap = _gap(run.natural(level, value), run.natural(level, bound))
            if not out.proven and run.out_of_time():
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
    result.skipped = run.skipped
    if with_baseline and not (should_stop is not None and should_stop()):
        result.baseline = baseline(prob, result)
    result.seconds = time.perf_counter() - started
    return result


def _trivial_bound(core: Core, level: int, targets: tuple[int, int]) -> float:
    """A bound needing no LP: every unit placed, every placement in-house, no cost."""
    if level == 1:
        return -float(core.ps[core.start[:-1]].sum())
    return -float(targets[0]) if level == 2 else 0.0


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
    cost = sum(
        arc_terms(inst.children[c], inst.providers[p], inst.policy)[0] for c, p in assign.items()
    )
    return placed, in_house, cost


def _result(
    prob: Problem, assign: dict[int, int], status: str, gap: float | None, seconds: float
) -> Result:
    inst = prob.inst
    assignments = []
    cost = split_cost(prob, assign)
    in_house = 0
    for c in sorted(assign):
        child, prov = inst.children[c], inst.providers[assign[c]]
        arc, km, school, welsh = arc_terms(child, prov, inst.policy)
        cost += arc
        in_house += prov.in_house
        assignments.append(
            Assignment(child.id, prov.id, prov.kind, prov.in_house, arc, km, school, welsh)
        )
    unplaced = unplaced_reasons(prob, assign)
    return Result(
        status=status,
        placed=len(assign),
        in_house=in_house,  # type: ignore[arg-type]
        cost=cost,
        seconds=seconds,
        assignments=assignments,
        unplaced=unplaced,
        gap=gap,
    )
