"""LP pricing: a restricted master LP (GLOP), column generation and reduced-cost bounds.

For a level with objective `c` (minimised), the relaxation keeps "each unit at most one
provider" and drops the rest (capacity and the earlier levels' values) into a Lagrangian
with multipliers from the master's duals. For ANY multipliers

    L = sum_u min(0, min_p v_up) - sum_p pi_p cap_p + gamma P + delta I,
    v_up = c_up + s_u (pi_p - gamma - delta [p in-house]),

is a lower bound on every integer solution, and a solution using pair j costs at least
L + rc_j with rc_j = v_j - min(0, min_p v_up) >= 0. Rule 12 and the sibling-split term
(never negative) are left out, which keeps the bound valid.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from .core import Core
from .groups import (
    Group,
    GroupPrices,
    Pattern,
    free_groups,
    pattern_from,
    patterns_of,
    price_groups,
    together,
)

log = logging.getLogger(__name__)


@dataclass
class Pricing:
    bound: float  # Lagrangian lower bound, valid over all pairs
    rc: np.ndarray  # reduced cost of every pair (>= 0)
    slack: float  # least reduced cost of any pair left out of the problem (inf: none)
    lp_value: float
    columns: np.ndarray  # pairs in the final master
    x: np.ndarray  # master LP value of those columns
    rounds: int
    patterns: list[Pattern] | None = None  # sibling-group patterns of the master
    pattern_x: np.ndarray | None = None  # their LP values
    master: Master | None = None  # the final master (for diving)


SPLIT_ROWS_UP_TO = 0  # split rows in GLOP proved slow for little gain: off
CLOSE = 5e-4  # a stalled LP's pricing ends once the bound is this close (relative)


class Master:
    """Restricted master LP over a growing set of pair columns."""

    def __init__(
        self,
        core: Core,
        level: int,
        targets: tuple[int, int],
        deadline: float | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.core = core
        # every solve gets the time left to `deadline` (time.perf_counter) as GLOP's limit
        self.deadline = deadline
        self.should_stop = should_stop
        self.costs = core.level_costs(level).astype(np.float64)
        s = pywraplp.Solver.CreateSolver("GLOP")
        if s is None:  # pragma: no cover - GLOP ships with OR-Tools
            raise RuntimeError("GLOP is not available")
        self.solver = s
        inf = s.infinity()
        self.unit_rows = [s.Constraint(-inf, 1.0) for _ in range(len(core.units))]
        self.cap_rows: dict[int, pywraplp.Constraint] = {}
        self.level = level
        self.placed_row = s.Constraint(targets[0], targets[0]) if level >= 2 else None
        self.house_row = s.Constraint(targets[1], targets[1]) if level >= 3 else None
        self.objective = s.Objective()
        self.objective.SetMinimization()
        self.vars: list[pywraplp.Variable] = []
        self.columns: list[int] = []
        self.in_master = np.zeros(core.n_pairs, dtype=bool)
        self.solved = False
        self.split = (
            level == 3
            and core.split_weight > 0
            and core.prob.n_split_groups > 0
            and core.n_pairs <= SPLIT_ROWS_UP_TO
        )
        self.y: dict[tuple[int, int], pywraplp.Variable] = {}
        self.z_rows: dict[int, pywraplp.Constraint] = {}
        # cost level: each splittable group is a convex combination of patterns
        self.groups: list[Group] = free_groups(core) if level == 3 and core.split_weight > 0 else []
        member = np.zeros(len(core.units), dtype=bool)
        for grp in self.groups:
            member[grp.members] = True
        self.member_pair = member[core.pos]
        self.group_rows = [s.Constraint(-inf, 1.0) for _ in self.groups]
        self.patterns: list[Pattern] = []
        self.pattern_vars: list[pywraplp.Variable] = []
        self.pattern_keys: set[tuple[int, ...]] = set()
        self.mu = np.zeros(len(self.groups))
        # clique cuts (see `separate`): rows over pairs, priced by kappa in the bound
        pcap = core.cap[core.pp]
        self.big = (pcap >= 2) & (2 * core.ps > pcap)
        self.var_of: dict[int, pywraplp.Variable] = {}
        self.big_at: dict[int, list[int]] = {}  # provider -> its big pairs in the master
        self.cut_keys: dict[tuple[int, int], int] = {}
        self.cut_rows: list[pywraplp.Constraint] = []
        self.cut_pairs: list[np.ndarray] = []
        self.cut_at: list[tuple[int, int]] = []  # per row: provider, least size in it
        self.rows_at: dict[int, list[int]] = {}  # provider -> its rows
        # provider -> (pattern, members there) for blocks of more than half its places
        self.big_blocks: dict[int, list[tuple[int, int]]] = {}
        self._group_cols: dict[int, list[tuple[int, int]]] | None = None
        self.cuts_of: dict[int, list[int]] = {}  # pair -> cuts it is in
        self.kappa = np.zeros(0)
        self._by_provider: tuple[np.ndarray, np.ndarray] | None = None

    def add_patterns(self, patterns: list[Pattern]) -> int:
        """Pattern columns not yet in the master; how many were new."""
        core, s = self.core, self.solver
        added = 0
        for pat in patterns:
            key = (pat.group, *pat.pairs.tolist())
            if key in self.pattern_keys or not len(pat.pairs):
                continue
            self.pattern_keys.add(key)
            lam = s.NumVar(0.0, s.infinity(), "")  # <= 1 by its group row
            self.group_rows[pat.group].SetCoefficient(lam, 1.0)
            provs, counts = np.unique(core.pp[pat.pairs], return_counts=True)
            for p, n in zip(provs.tolist(), counts.tolist(), strict=True):
                cap = int(core.cap[p])
                if cap >= 0:
                    row = self.cap_rows.get(p)
                    if row is None:
                        row = self.cap_rows[p] = s.Constraint(-s.infinity(), float(cap))
                    row.SetCoefficient(lam, float(n))
            placed = float(core.ps[pat.pairs].sum())
            house = float((core.ps[pat.pairs] * core.pih[pat.pairs]).sum())
            if self.placed_row is not None:
                self.placed_row.SetCoefficient(lam, placed)
            if self.house_row is not None and house:
                self.house_row.SetCoefficient(lam, house)
            self.objective.SetCoefficient(lam, pat.cost)
            self.patterns.append(pat)
            self.pattern_vars.append(lam)
            self._big_blocks(len(self.patterns) - 1, provs, counts)
            added += 1
        return added

    def _big_blocks(self, idx: int, provs: np.ndarray, counts: np.ndarray) -> None:
        """Record pattern `idx`'s blocks of more than half a provider's places, and put
        them in the clique rows there that they belong to."""
        cap = self.core.cap[provs]
        for p, n, c in zip(provs.tolist(), counts.tolist(), cap.tolist(), strict=True):
            if c >= 2 and 2 * n > c:
                self.big_blocks.setdefault(p, []).append((idx, n))
                for k in self.rows_at.get(p, ()):
                    if n >= self.cut_at[k][1]:
                        self.cut_rows[k].SetCoefficient(self.pattern_vars[idx], 1.0)

    def _split_rows(self, x: pywraplp.Variable, unit: int, p: int) -> None:
        """Sibling-split cost: y_gp >= x for the group's provider, z_g <= sum of x."""
        prob, s = self.core.prob, self.solver
        g = int(prob.split_group[unit])
        if g < 0:
            return
        w = float(self.core.split_weight)
        forced = prob.forced_split_providers.get(g)
        if not forced or p not in forced:
            y = self.y.get((g, p))
            if y is None:
                y = self.y[g, p] = s.NumVar(0.0, 1.0, "")
                self.objective.SetCoefficient(y, w)
            row = s.Constraint(-s.infinity(), 0.0)
            row.SetCoefficient(x, 1.0)
            row.SetCoefficient(y, -1.0)
        if not forced:
            z_row = self.z_rows.get(g)
            if z_row is None:
                z = s.NumVar(0.0, 1.0, "")
                self.objective.SetCoefficient(z, -w)
                z_row = self.z_rows[g] = s.Constraint(-s.infinity(), 0.0)
                z_row.SetCoefficient(z, 1.0)
            z_row.SetCoefficient(x, -1.0)

    def add(self, pairs: np.ndarray) -> None:
        core, s = self.core, self.solver
        pairs = pairs[~self.in_master[pairs] & ~self.member_pair[pairs]]
        self.in_master[pairs] = True
        for j, pos, p, size, ih, c in zip(
            pairs.tolist(),
            core.pos[pairs].tolist(),
            core.pp[pairs].tolist(),
            core.ps[pairs].tolist(),
            core.pih[pairs].tolist(),
            self.costs[pairs].tolist(),
            strict=True,
        ):
            x = s.NumVar(0.0, s.infinity(), "")  # <= 1 by its unit row
            self.unit_rows[pos].SetCoefficient(x, 1.0)
            cap = int(core.cap[p])
            if cap >= 0:
                row = self.cap_rows.get(p)
                if row is None:
                    row = self.cap_rows[p] = s.Constraint(-s.infinity(), float(cap))
                row.SetCoefficient(x, float(size))
            if self.placed_row is not None:
                self.placed_row.SetCoefficient(x, float(size))
            if self.house_row is not None and ih:
                self.house_row.SetCoefficient(x, float(size))
            self.objective.SetCoefficient(x, c)
            if self.split:
                self._split_rows(x, int(core.units[pos]), p)
            self.var_of[j] = x
            if self.big[j]:
                self.big_at.setdefault(p, []).append(j)
            for k in self.cuts_of.get(j, ()):
                self.cut_rows[k].SetCoefficient(x, 1.0)
            self.vars.append(x)
            self.columns.append(j)

    def _pairs_at(self, p: int) -> np.ndarray:
        if self._by_provider is None:
            order = np.argsort(self.core.pp, kind="stable")
            self._by_provider = (
                order,
                np.searchsorted(self.core.pp[order], np.arange(len(self.core.cap) + 1)),
            )
        order, start = self._by_provider
        return order[start[p] : start[p + 1]]

    def add_cut(self, p: int, v: int = -1) -> bool:
        """A clique row at provider `p` with c >= 2 places, unless already in.

        v = -1: at most one of its units of more than c/2 children. Otherwise `v` is a
        pair at p of a unit (in no splittable group) of s <= c/2 children: it and the big
        units of more than c - s children, at most one of them. Both hold in every
        solution (no two of them fit together), so the bound stays valid. A sibling
        group's pattern with a block of that many members at p counts as such a unit.
        """
        if (p, v) in self.cut_keys:
            return False
        core = self.core
        at = self._pairs_at(p)
        big = at[self.big[at]]
        least = int(core.cap[p]) // 2 + 1
        if v >= 0:
            least = int(core.cap[p] - core.ps[v]) + 1
            big = np.append(big[core.ps[big] >= least], v)
        k = len(self.cut_rows)
        self.cut_keys[p, v] = k
        row = self.solver.Constraint(-self.solver.infinity(), 1.0)
        self.cut_rows.append(row)
        self.cut_pairs.append(big)
        self.cut_at.append((p, least))
        self.rows_at.setdefault(p, []).append(k)
        for j in big.tolist():
            self.cuts_of.setdefault(j, []).append(k)
            x = self.var_of.get(j)
            if x is not None:
                row.SetCoefficient(x, 1.0)
        for idx, n in self.big_blocks.get(p, ()):
            if n >= least:
                row.SetCoefficient(self.pattern_vars[idx], 1.0)
        return True

    def add_cliques(self, keys: list[tuple[int, int]]) -> int:
        return sum(self.add_cut(p, v) for p, v in keys)

    def separate(self, tol: float = 1e-6) -> int:
        """Add the clique rows the last solution breaks; how many were added."""
        if not self.solved:
            return 0
        core = self.core
        value = dict(zip(self.columns, self.values().tolist(), strict=True))
        lam = self.pattern_values()
        broken: list[tuple[int, int]] = []
        for p in set(self.big_at) | set(self.big_blocks):
            heavy = [(int(core.ps[j]), value[j]) for j in self.big_at.get(p, ())]
            heavy += [(n, float(lam[i])) for i, n in self.big_blocks.get(p, ())]
            heavy = [(n, val) for n, val in heavy if val > tol]
            if len(heavy) > 1 and sum(val for _, val in heavy) > 1 + tol:
                broken.append((p, -1))
            if not heavy:
                continue
            cap = int(core.cap[p])
            for j in self._pairs_at(p).tolist():
                xv = value.get(j, 0.0)
                if xv <= tol or self.big[j] or self.member_pair[j]:
                    continue
                s_v = int(core.ps[j])
                if xv + sum(val for n, val in heavy if n > cap - s_v) > 1 + tol:
                    broken.append((p, j))
        return self.add_cliques(broken)

    def block_prices(self) -> list[np.ndarray] | None:
        """Per group, (providers, members + 1): the clique prices a block of that many
        members at that provider pays (None without cuts or groups)."""
        if not self.cut_rows or not self.groups:
            return None
        if self._group_cols is None:
            self._group_cols = {}
            for gi, grp in enumerate(self.groups):
                for col, p in enumerate(grp.provs.tolist()):
                    self._group_cols.setdefault(p, []).append((gi, col))
        out = [np.zeros((len(g.provs), len(g.members) + 1)) for g in self.groups]
        for (p, least), kappa in zip(self.cut_at, self.kappa.tolist(), strict=True):
            if kappa > 0:
                for gi, col in self._group_cols.get(p, ()):
                    out[gi][col, least:] += kappa
        return out

    def cut_cost(self) -> tuple[np.ndarray, float] | None:
        """Each pair's share of the cut prices, and their sum (None without cuts)."""
        if not self.cut_rows:
            return None
        sizes = [len(c) for c in self.cut_pairs]
        extra = np.bincount(
            np.concatenate(self.cut_pairs),
            weights=np.repeat(self.kappa, sizes),
            minlength=self.core.n_pairs,
        )
        return extra, float(self.kappa.sum())

    def pair_values(self, pi: np.ndarray, gamma: float, delta: float) -> np.ndarray:
        """Each pair's Lagrangian cost v_j at these prices (cut prices included)."""
        return pair_values(self.core, self.costs, pi, gamma, delta, self.cut_cost())

    def solve(self) -> tuple[float, np.ndarray, np.ndarray, float, float] | None:
        """LP value, unit duals, provider prices pi >= 0, gamma, delta; None if infeasible
        or out of time (no time left, a stop asked for, or GLOP's time limit reached)."""
        stop = self.should_stop is not None and self.should_stop()
        if self.deadline is not None:
            left = self.deadline - time.perf_counter()
            stop = stop or left <= 0
            self.solver.SetTimeLimit(max(1, int(left * 1000)))  # 0 would mean no limit
        if stop:
            self.solved = False
            return None
        status = self.solver.Solve()
        self.solved = status in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)
        if not self.solved:
            return None
        alpha = np.array([r.dual_value() for r in self.unit_rows])
        pi = np.zeros(len(self.core.cap))
        for p, row in self.cap_rows.items():
            pi[p] = max(0.0, -row.dual_value())
        self.kappa = np.array([max(0.0, -r.dual_value()) for r in self.cut_rows])
        gamma = self.placed_row.dual_value() if self.placed_row is not None else 0.0
        delta = self.house_row.dual_value() if self.house_row is not None else 0.0
        self.mu = np.array([r.dual_value() for r in self.group_rows])
        return self.objective.Value(), alpha, pi, gamma, delta

    def values(self) -> np.ndarray:
        if not self.solved:
            return np.zeros(len(self.vars))
        return np.array([v.solution_value() for v in self.vars])

    def pattern_values(self) -> np.ndarray:
        if not self.solved:
            return np.zeros(len(self.pattern_vars))
        return np.array([v.solution_value() for v in self.pattern_vars])

    def columns_and_values(self) -> tuple[np.ndarray, np.ndarray]:
        """Pair columns and their LP values, member pairs valued by their patterns."""
        cols = np.array(self.columns, dtype=np.int64)
        x = self.values()
        if not self.patterns:
            return cols, x
        lam = self.pattern_values()
        pairs = np.concatenate([p.pairs for p in self.patterns])
        weights = np.repeat(lam, [len(p.pairs) for p in self.patterns])
        extra, inv = np.unique(pairs, return_inverse=True)
        xe = np.bincount(inv.ravel(), weights=weights, minlength=len(extra))
        return np.concatenate([cols, extra]), np.concatenate([x, xe])


def pair_values(
    core: Core,
    costs: np.ndarray,
    pi: np.ndarray,
    gamma: float,
    delta: float,
    cuts: tuple[np.ndarray, float] | None = None,
) -> np.ndarray:
    """Each pair's Lagrangian cost v_j: its cost, its children at the place price less the
    placed and in-house prices, and its share of the clique prices (`Master.cut_cost`)."""
    v = costs + core.ps * (pi[core.pp] - gamma - delta * core.pih)
    return v if cuts is None else v + cuts[0]


def lagrangian(
    core: Core,
    costs: np.ndarray,
    pi: np.ndarray,
    gamma: float,
    delta: float,
    targets: tuple[int, int],
    level: int,
    groups: list[Group] | None = None,
    cuts: tuple[np.ndarray, float] | None = None,
    blocks: list[np.ndarray] | None = None,
) -> tuple[float, np.ndarray, float, GroupPrices | None]:
    """The bound L, each pair's reduced cost rc (a solution using pair j costs >= L + rc_j),
    the least reduced cost of a left-out pair, and the groups' prices (when given).

    `cuts` (each pair's share of the clique prices, and their sum: `Master.cut_cost`)
    prices rows "at most one of these pairs" that hold in every solution, so L stays a
    bound for any prices >= 0; `blocks` (`Master.block_prices`) charges the same prices
    to the groups' blocks that are in those rows.
    """
    v = pair_values(core, costs, pi, gamma, delta, cuts)
    clique_base = 0.0 if cuts is None else cuts[1]
    unit_min = np.minimum(np.minimum.reduceat(v, core.start[:-1]), 0.0) if len(v) else v
    left_out = _left_out(core, level, gamma, delta)
    unit_min = np.minimum(unit_min, left_out)
    finite = core.cap >= 0
    if level >= 2:
        base = gamma * targets[0] + (delta * targets[1] if level >= 3 else 0.0)
    else:
        base = 0.0
    base -= float((pi[finite] * core.cap[finite]).sum()) + clique_base
    rc = v - unit_min[core.pos]
    gp = None
    member = np.zeros(len(core.units), dtype=bool)
    skip = np.zeros(core.prob.n_split_groups, dtype=bool)
    if level == 3 and groups:
        gp = price_groups(
            core, groups, v, left_out, float(core.split_weight), (pi, gamma, delta), blocks
        )
        for gi, grp in enumerate(groups):
            member[grp.members] = True
            skip[grp.index] = True
            ok = grp.pair >= 0
            rc[grp.pair[ok]] = gp.rc[gi][ok]
    bound = base + float(unit_min[~member].sum()) + (gp.total if gp is not None else 0.0)
    if level == 3 and core.split_weight > 0 and not skip.all():
        bound += _split_blocks(core, v, unit_min, rc, skip)
    outside = left_out - unit_min
    slack = float(outside[~member].min()) if (~member).any() else np.inf
    if gp is not None:
        slack = min(slack, gp.slack)
    return bound, rc, slack, gp


def _left_out(core: Core, level: int, gamma: float, delta: float) -> np.ndarray:
    """Per unit, a lower bound on v over its left-out pairs (inf when none were)."""
    s = core.ps[core.start[:-1]].astype(np.float64)
    cut_in, cut_out = core.cut[:, 0], core.cut[:, 1]
    if level == 3:
        c_in, c_out = cut_in, cut_out
    else:
        c_in = np.where(np.isfinite(cut_in), -s, np.inf)
        c_out = np.where(np.isfinite(cut_out), -s if level == 1 else 0.0, np.inf)
    with np.errstate(invalid="ignore"):
        lb_in = c_in - s * (gamma + (delta if level >= 3 else 0.0))
        lb_out = c_out - s * gamma
    return np.minimum(np.nan_to_num(lb_in, nan=np.inf), np.nan_to_num(lb_out, nan=np.inf))


def _split_blocks(
    core: Core, v: np.ndarray, unit_min: np.ndarray, rc: np.ndarray, skip: np.ndarray
) -> float:
    """Tighten L and rc with the split term of each splittable group without fixed members.

    A group's members placed with one provider p cost at least the sum of the cap_p most
    negative min(0, v_cp) (A_g);
    spread over two or more they cost at least sum_c min(0, min_p v_cp) + w (B_g).
    """
    prob = core.prob
    group_of_unit = prob.split_group[core.units]
    free_group = np.ones(prob.n_split_groups, dtype=bool)
    free_group[list(prob.forced_split_providers)] = False
    free_group &= ~skip  # groups priced exactly elsewhere
    unit_ok = group_of_unit >= 0
    unit_ok[unit_ok] = free_group[group_of_unit[unit_ok]]
    if not unit_ok.any():
        return 0.0
    w = float(core.split_weight)
    sel = np.flatnonzero(unit_ok[core.pos])
    g = group_of_unit[core.pos[sel]]
    keys, inv = np.unique(g * len(core.cap) + core.pp[sel], return_inverse=True)
    inv = inv.ravel()
    neg = np.minimum(v[sel], 0.0)
    # at one provider no more members than its places: the most negative ones count
    order = np.lexsort((v[sel], inv))
    start = np.searchsorted(inv[order], np.arange(len(keys)))
    rank = np.empty(len(sel), dtype=np.int64)
    rank[order] = np.arange(len(sel)) - start[inv[order]]
    cap = core.cap[keys % len(core.cap)]
    counted = (cap[inv] < 0) | (rank < cap[inv])
    together = np.bincount(inv, weights=neg * counted, minlength=len(keys))
    n = prob.n_split_groups
    a = np.zeros(n)
    np.minimum.at(a, keys // len(core.cap), together)
    b = np.bincount(group_of_unit[unit_ok], weights=unit_min[unit_ok], minlength=n)
    pruned = np.isfinite(core.cut).any(axis=1) & unit_ok
    if pruned.any():  # together at a left-out provider: bounded by the members' own minima
        hit = np.unique(group_of_unit[pruned])
        a[hit] = np.minimum(a[hit], b[hit])
    block = np.minimum(a, b + w)
    used = np.zeros(n, dtype=bool)
    used[group_of_unit[unit_ok]] = True
    own = unit_min[core.pos[sel]]
    with_j = np.minimum(together[inv] - neg * counted + v[sel], v[sel] + b[g] - own + w)
    rc[sel] = with_j - block[g]
    return float((block - b)[used].sum())


def price(
    core: Core,
    level: int,
    targets: tuple[int, int],
    initial: np.ndarray,
    per_unit: int = 5,
    max_rounds: int = 60,
    deadline: float | None = None,
    clock=None,
    choice: np.ndarray | None = None,
    should_stop: Callable[[], bool] | None = None,
    stall: int | None = None,
) -> Pricing:
    """Column generation until no pair prices out (or rounds run out); returns the bound.

    With `stall`, pricing also ends once it stalls (see `stalled`): on large instances with
    left-out pairs the bound can stay below the LP however long pricing goes on, and the
    time is better spent on incumbents.

    `choice` (a pair per core unit meeting the targets) gives the master its first
    sibling-group patterns on the cost level, so the master is feasible.
    """
    master = Master(core, level, targets, deadline, should_stop)
    master.add(np.unique(initial))
    groups = master.groups
    w = float(core.split_weight)
    if groups:
        start = np.full(len(core.units), -1, dtype=np.int64)
        if choice is not None:
            start = choice
        master.add_patterns(patterns_of(core, groups, start, w))
        master.add_patterns(together(core, groups, master.costs, w, 3))
    costs = master.costs
    best = -np.inf
    rc = np.zeros(core.n_pairs)
    slack = np.inf
    lp_value = -np.inf
    rounds = 0
    lp_seen: list[float] = []
    bounds_seen: list[float] = []
    for rounds in range(1, max_rounds + 1):
        solved = master.solve()
        if solved is None:
            break
        lp_value, alpha, pi, gamma, delta = solved
        cut_prices = master.cut_cost()
        blocks = master.block_prices()
        bound, pair_rc, pair_slack, gp = lagrangian(
            core, costs, pi, gamma, delta, targets, level, groups, cut_prices, blocks
        )

        if bound > best:
            best, rc, slack = bound, pair_rc, pair_slack
        lp_seen.append(lp_value)
        v = pair_values(core, costs, pi, gamma, delta, cut_prices)
        lp_rc = v - alpha[core.pos]
        scale = 1e-9 * max(1.0, abs(lp_value))
        neg = np.flatnonzero((lp_rc < -1e-7 - scale) & ~master.in_master & ~master.member_pair)
        new_patterns = []
        if gp is not None:
            new_patterns = _priced_patterns(core, groups, gp, v, master.mu, w, 1e-7 + scale, blocks)
        late = deadline is not None and clock is not None and clock() > deadline
        late = late or (should_stop is not None and should_stop())
        bounds_seen.append(best)
        if stall is not None:
            late = late or stalled(lp_seen, bounds_seen, stall)
        cuts = 0 if late else master.separate()
        log.debug(
            "pricing round %d: LP %.1f bound %.1f, %d priced out, %d patterns, %d cuts",
            rounds,
            lp_value,
            bound,
            len(neg),
            len(new_patterns),
            cuts,
        )
        if (len(neg) == 0 and not new_patterns and not cuts) or late or rounds == max_rounds:
            break
        master.add(best_per_unit(core, neg, lp_rc[neg], per_unit))
        added = master.add_patterns(new_patterns)
        if len(neg) == 0 and added == 0 and not cuts:
            break
    columns, x = master.columns_and_values()
    return Pricing(
        bound=best,
        rc=rc,
        slack=slack,
        lp_value=lp_value,
        columns=columns,
        x=x,
        rounds=rounds,
        patterns=master.patterns,
        pattern_x=master.pattern_values(),
        master=master,
    )


def stalled(lp_seen: list[float], bounds_seen: list[float], rounds: int) -> bool:
    """Whether pricing has stalled: the LP value has not moved (by 1e-5, relative) over the
    last `rounds` rounds, and the best bound so far is within CLOSE of it or has not moved
    over twice as many rounds.

    The LP settles first and the bound can stay far below it for a while: on L seed 1 it
    stood at 9.38 M for three rounds against an LP of 9.63 M, then reached 9,629,432 four
    rounds later."""
    if len(lp_seen) <= rounds:
        return False
    still = 1e-5 * max(1.0, abs(lp_seen[-1]))
    if abs(lp_seen[-1] - lp_seen[-rounds - 1]) > still:
        return False
    if bounds_seen[-1] >= lp_seen[-1] - CLOSE * max(1.0, abs(lp_seen[-1])):
        return True
    return len(bounds_seen) > 2 * rounds and bounds_seen[-1] - bounds_seen[-2 * rounds - 1] <= still


def _priced_patterns(
    core: Core,
    groups: list[Group],
    gp: GroupPrices,
    v: np.ndarray,
    mu: list[float],
    w: float,
    tol: float,
    block_prices: list[np.ndarray] | None = None,
) -> list[Pattern]:
    """The patterns that price out: each group's least one, or when that has a block at a
    left-out provider (no column can stand for it), its least over the kept pairs.

    Without the second, a group whose bound counts on a left-out provider never gets a
    pattern, and the master keeps it unplaced or badly placed at prices that hold the
    bound down (on L, 1.3 million of the 1.7 million between the LP and the bound).
    """
    out = []
    kept_only = np.full(len(core.units), np.inf)
    for gi, (least, blocks) in enumerate(gp.best):
        if least - mu[gi] >= -tol or not blocks:
            continue
        pat = pattern_from(core, groups[gi], gi, blocks, w)
        if pat is None:
            extra = None if block_prices is None else [block_prices[gi]]
            (real,) = price_groups(core, [groups[gi]], v, kept_only, w, None, extra).best
            if real[0] - mu[gi] < -tol and real[1]:
                pat = pattern_from(core, groups[gi], gi, real[1], w)
        if pat is not None:
            out.append(pat)
    return out


def fresh_master(core: Core, level: int, targets: tuple[int, int], pricing: Pricing) -> Master:
    """A new master with the columns and patterns a pricing ended with (and its limits)."""
    old = pricing.master
    master = Master(
        core,
        level,
        targets,
        None if old is None else old.deadline,
        None if old is None else old.should_stop,
    )
    master.add(pricing.columns)
    master.add_patterns(pricing.patterns or [])
    if old is not None:
        master.add_cliques(list(old.cut_keys))
    return master


def best_per_unit(core: Core, idx: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    order = np.lexsort((score, core.pos[idx]))
    idx, units = idx[order], core.pos[idx[order]]
    first = np.searchsorted(units, units)  # first occurrence of each unit (units sorted)
    rank = np.arange(len(units)) - first
    return idx[rank < k]


def initial_columns(core: Core, k: int) -> np.ndarray:
    """The k cheapest pairs of each unit and its cheapest in-house pair."""
    rank = np.arange(core.n_pairs) - core.start[core.pos]
    cols = [np.flatnonzero(rank < k)]
    ih = np.flatnonzero(core.pih)
    if len(ih):
        first = np.ones(len(ih), dtype=bool)
        first[1:] = core.pos[ih][1:] != core.pos[ih][:-1]
        cols.append(ih[first])
    return np.unique(np.concatenate(cols))
