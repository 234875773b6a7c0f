"""An incumbent for the cost level by diving on the master LP.

Sibling groups that may not split (units of several children) and the patterns of
splittable groups are what a min-cost flow cannot route; single children it routes
exactly. So the dive fixes the groups (and units of several children) whose LP values
are closest to whole, a batch at a time, re-solving the LP after each batch (GLOP starts
from the last basis), until every one of them is whole. A batch that leaves the LP
infeasible is retried one item at a time; an item that can be neither fixed nor
forbidden is left to the caller, with its options by LP value. The singles then go by
min-cost flow around the groups so fixed, meeting the placed and in-house counts exactly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .lp import Master, best_per_unit

WHOLE = 1 - 1e-6
RELEASES = 8  # open items a dive tries to settle by freeing the items around them
BIG = 1e6  # cost of a missing or extra child on the count rows (elastic LP)


@dataclass
class Dive:
    choice: np.ndarray  # pair per core unit for units of several children and group members
    held: np.ndarray  # splittable groups' members (held where `choice` puts them)
    open: list[list[np.ndarray]]  # per unresolved item, its options (pairs to set) best first
    steps: int
    moved: int = 0


class _Items:
    """Multi-child units and splittable groups as LP items with their columns."""

    def __init__(self, master: Master) -> None:
        core = master.core
        self.master = master
        self.cols = np.array(master.columns, dtype=np.int64)
        self.unit_of = core.pos[self.cols]
        multi = core.ps[core.start[:-1]] > 1
        self.multi_col = multi[self.unit_of]
        self.pat_group = np.array([p.group for p in master.patterns], dtype=np.int64)
        self.fixed_unit = np.zeros(len(core.units), dtype=bool)
        self.fixed_group = np.zeros(len(master.groups), dtype=bool)
        self.done: dict[tuple[int, int], tuple[list, set[int], int]] = {}  # fixed items
        # the column and pattern values of the last solve that ended (GLOP stopped by the
        # deadline leaves none)
        self.last = (np.zeros(len(self.cols)), np.zeros(len(master.patterns)))
        self.unplaced: set[int] = set()  # units held unplaced (not open in a partial dive)
        if master.solved:
            self.last = (master.values(), master.pattern_values())

    def key(self, kind: int, i: int) -> tuple[int, int]:
        return (kind, int(self.unit_of[i]) if kind == 0 else int(self.pat_group[i]))

    def providers(self, kind: int, i: int) -> set[int]:
        core = self.master.core
        pairs = self.cols[[i]] if kind == 0 else self.master.patterns[i].pairs
        return set(core.pp[pairs].tolist())

    def release(self, providers: set[int]) -> list[tuple[int, int]]:
        """Unfix the fixed items using any of these providers; their (kind, index)."""
        out = []
        for key, (undo, provs, i) in list(self.done.items()):
            if provs & providers:
                _undo(undo)
                self.mark(key[0], i, False)
                out.append((key[0], i))
        return out

    def candidates(self) -> list[tuple[float, int, int]]:
        """(LP value, kind 0 unit column / 1 pattern, index) of items not yet fixed."""
        m = self.master
        x, lam = m.values()[: len(self.cols)], m.pattern_values()
        if m.solved:
            self.last = (x, lam)
        out: list[tuple[float, int, int]] = []
        cols = np.flatnonzero(self.multi_col & ~self.fixed_unit[self.unit_of] & (x > 1e-6))
        out += [(float(x[i]), 0, int(i)) for i in cols]
        if len(lam):
            pats = np.flatnonzero(~self.fixed_group[self.pat_group] & (lam > 1e-6))
            out += [(float(lam[i]), 1, int(i)) for i in pats]
        # one entry per item: its best column or pattern; the largest units first (they
        # are the hardest to fit once others are fixed), then by LP value
        seen: set[tuple[int, int]] = set()
        best = []
        for value, kind, i in sorted(out, reverse=True):
            key = self.key(kind, i)
            if key not in seen:
                seen.add(key)
                best.append((value, kind, i))
        core = m.core
        size = [
            int(core.ps[self.cols[i]]) if kind == 0 else len(m.patterns[i].pairs)
            for _, kind, i in best
        ]
        order = sorted(range(len(best)), key=lambda n: (-size[n], -best[n][0]))
        return [best[n] for n in order]

    def _vars(self, kind: int, i: int) -> tuple[list, int]:
        m = self.master
        if kind == 0:
            same = np.flatnonzero(self.unit_of == self.unit_of[i])
            return [m.vars[j] for j in same.tolist()], int(np.searchsorted(same, i))
        same = np.flatnonzero(self.pat_group == self.pat_group[i])
        return [m.pattern_vars[j] for j in same.tolist()], int(np.searchsorted(same, i))

    def fix(self, kind: int, i: int) -> list[tuple[object, float, float]]:
        """Fix an item to column/pattern i; returns what to undo."""
        var_list, at = self._vars(kind, i)
        undo = [(v, v.lb(), v.ub()) for v in var_list]
        for k, v in enumerate(var_list):
            if k == at:
                v.SetLb(1.0)
            else:
                v.SetUb(0.0)
        self.mark(kind, i, True)
        self.done[self.key(kind, i)] = (undo, self.providers(kind, i), i)
        return undo

    def mark(self, kind: int, i: int, value: bool) -> None:
        if not value:
            self.done.pop(self.key(kind, i), None)
        if kind == 0:
            self.fixed_unit[self.unit_of[i]] = value
        else:
            self.fixed_group[self.pat_group[i]] = value

    def option_indices(self, kind: int, i: int) -> list[int]:
        """The item's column or pattern indices, best LP value first."""
        m = self.master
        if kind == 0:
            same = np.flatnonzero(self.unit_of == self.unit_of[i])
            x = m.values()[: len(self.cols)][same]
        else:
            same = np.flatnonzero(self.pat_group == self.pat_group[i])
            x = m.pattern_values()[same]
        return same[np.argsort(-x, kind="stable")].tolist()

    def options(
        self, kind: int, i: int, values: tuple[np.ndarray, np.ndarray] | None = None
    ) -> list[np.ndarray]:
        """The item's columns or patterns with LP value, best first, as pairs to set.
        `values` (the master's column and pattern values) saves reading them again: on L
        that is 80,000 calls into the solver, and a dive cut short asks for ~100 items."""
        m = self.master
        x, lam = values if values is not None else (m.values(), m.pattern_values())
        if kind == 0:
            same = np.flatnonzero(self.unit_of == self.unit_of[i])
            xs = x[: len(self.cols)][same]
            return [self.cols[[j]] for j in same[np.argsort(-xs, kind="stable")].tolist()]
        same = np.flatnonzero(self.pat_group == self.pat_group[i])
        lams = lam[same]
        return [m.patterns[j].pairs for j in same[np.argsort(-lams, kind="stable")].tolist()]


def _undo(undo: list[tuple[object, float, float]]) -> None:
    for v, lb, ub in undo:
        v.SetLb(lb)  # type: ignore[attr-defined]
        v.SetUb(ub)  # type: ignore[attr-defined]


class _Elastic:
    """The master with slack on its count rows, re-priced over every single's pairs, so
    that a fix is refused only when no routing of the singles could make up for it."""

    def __init__(self, master: Master) -> None:
        self.master = master
        s = master.solver
        self.slack = []
        for row in (master.placed_row, master.house_row):
            if row is None:
                continue
            for sign in (1.0, -1.0):
                var = s.NumVar(0.0, s.infinity(), "")
                row.SetCoefficient(var, sign)
                master.objective.SetCoefficient(var, BIG)
                self.slack.append(var)
        core = master.core
        multi = core.ps[core.start[:-1]] > 1
        self.single_pair = ~multi[core.pos] & ~master.member_pair

    def solve(self, rounds: int = 30) -> bool:
        """Solve; True when the counts are met without slack."""
        master, core = self.master, self.master.core
        for _ in range(rounds):
            sol = master.solve()
            if sol is None:
                return False
            if sum(v.solution_value() for v in self.slack) < 1e-6:
                return True
            _, alpha, pi, gamma, delta = sol
            v = master.pair_values(pi, gamma, delta)
            lp_rc = v - alpha[core.pos]
            neg = np.flatnonzero((lp_rc < -1e-6) & ~master.in_master & self.single_pair)
            if not len(neg):
                return False
            master.add(best_per_unit(core, neg, lp_rc[neg], 5))
        return False


def _move_units(
    master: Master, items: _Items, elastic: _Elastic, out_of_time: Callable[[], bool], moves: int
) -> int:
    """Move held units of several children, one at a time, to the column of most negative
    reduced cost while the LP (groups and singles still fractional) gets cheaper; returns
    how many moved."""
    tried: set[int] = set()
    moved = 0
    n = len(items.cols)
    multi_cols = np.flatnonzero(items.multi_col)
    value = master.objective.Value()
    for _ in range(moves):
        if out_of_time():
            break
        rc = np.array([master.vars[j].reduced_cost() for j in multi_cols.tolist()])
        order = np.argsort(rc, kind="stable")
        pick = next(
            (
                int(multi_cols[o])
                for o in order.tolist()
                if rc[o] < -1e-6 and multi_cols[o] not in tried
            ),
            None,
        )
        if pick is None:
            break
        tried.add(pick)
        unit = int(items.unit_of[pick])
        same = np.flatnonzero(items.unit_of[:n] == unit)
        undo = [(master.vars[j], master.vars[j].lb(), master.vars[j].ub()) for j in same.tolist()]
        for j in same.tolist():
            master.vars[j].SetLb(1.0 if j == pick else 0.0)
            master.vars[j].SetUb(master.solver.infinity() if j == pick else 0.0)
        if elastic.solve() and master.objective.Value() < value - 1e-6:
            value = master.objective.Value()
            items.done[items.key(0, pick)] = (undo, items.providers(0, pick), pick)
            moved += 1
            continue
        _undo(undo)
        if not elastic.solve():
            break
    return moved


def _loop(
    items: _Items, elastic: _Elastic, out_of_time: Callable[[], bool], max_steps: int
) -> tuple[list[tuple[int, int]] | None, int]:
    """Dive until every item is fixed; the items fixable neither way, and the steps."""
    left: list[tuple[int, int]] = []
    steps = 0
    while steps < max_steps and not out_of_time():
        cands = items.candidates()
        whole = [c for c in cands if c[0] >= WHOLE]
        for _, kind, i in whole:  # the LP's solution stays optimal
            items.fix(kind, i)
        frac = [c for c in cands if c[0] < WHOLE]  # largest first
        if not frac:
            break
        steps += 1
        batch = frac[: max(1, len(frac) // 4)]
        undo = [u for _, kind, i in batch for u in items.fix(kind, i)]
        if elastic.solve():
            continue
        _undo(undo)
        for _, kind, i in batch:
            items.mark(kind, i, False)
        _, kind, i = batch[0]
        undo = items.fix(kind, i)
        if elastic.solve():
            continue
        _undo(undo)
        items.mark(kind, i, False)
        # forbid it instead
        var_list, at = items._vars(kind, i)
        ub = var_list[at].ub()
        var_list[at].SetUb(0.0)
        if not elastic.solve():  # neither way: left for later
            var_list[at].SetUb(ub)
            left.append((kind, i))
            items.mark(kind, i, True)
            if not elastic.solve():
                return None, steps
    if not elastic.solve():  # the last fixes changed bounds: values need a solve
        return None, steps
    return left, steps


def dive(
    master: Master,
    out_of_time: Callable[[], bool],
    max_steps: int = 200,
    hold: np.ndarray | None = None,
    moves: int = 0,
    moves_stop: Callable[[], bool] | None = None,
    partial: bool = False,
) -> Dive | None:
    """Fix every multi-child unit and splittable group of the master; None if the LP
    cannot be solved at all. With `hold` (a choice meeting the counts), its units of
    several children are fixed where it has them before the dive starts (-1: unplaced,
    -2: left to the dive), and up to `moves` of them moved where the LP prefers (until
    `moves_stop`). With `partial`, a dive out of time returns the items fixed so far
    and the rest open."""
    core = master.core
    if hold is not None:
        multi = core.ps[core.start[:-1]] > 1
        master.add(hold[multi & (hold >= 0)])
    items = _Items(master)
    if hold is not None:
        at = {int(j): i for i, j in enumerate(items.cols.tolist())}
        for k in np.flatnonzero(multi).tolist():
            if hold[k] >= 0:
                items.fix(0, at[int(hold[k])])
            elif hold[k] == -1:
                for j in np.flatnonzero(items.unit_of == k).tolist():
                    master.vars[j].SetUb(0.0)
                items.fixed_unit[k] = True
                items.unplaced.add(k)
    elastic = _Elastic(master)
    if not elastic.solve():
        return None
    moved = 0
    if hold is not None and moves:
        moved = _move_units(master, items, elastic, moves_stop or out_of_time, moves)
    left, steps = _loop(items, elastic, out_of_time, max_steps)
    if partial and out_of_time():
        return _partial(items, steps, moved)
    if left is None:
        return None
    # an item neither fixable nor forbiddable: free the items fixed at the places of its
    # best options, fix it to the first option that holds, and dive the freed ones again
    still: list[tuple[int, int]] = []
    pending, tried = list(left), set()
    while pending:
        kind, i = pending.pop(0)
        if out_of_time() or items.key(kind, i) in tried or len(tried) >= RELEASES:
            still.append((kind, i))
            continue
        tried.add(items.key(kind, i))
        opts = items.option_indices(kind, i)[:3]
        released = items.release(set().union(*(items.providers(kind, o) for o in opts)))
        items.mark(kind, i, False)
        for o in opts:
            undo = items.fix(kind, o)
            if elastic.solve():
                break
            _undo(undo)
            items.mark(kind, o, False)
        else:
            for k2, i2 in released:
                items.fix(k2, i2)
            items.mark(kind, i, True)
            still.append((kind, i))
            if not elastic.solve():
                return None
            continue
        more, more_steps = _loop(items, elastic, out_of_time, max_steps)
        if more is None:
            return None
        pending += more
        steps += more_steps
    if not elastic.solve():  # bounds changed since the last solve: values need a solve
        return None
    x, lam = master.values()[: len(items.cols)], master.pattern_values()
    choice = np.full(len(core.units), -1, dtype=np.int64)
    on = np.flatnonzero(items.multi_col & (x >= 0.5))
    choice[items.unit_of[on]] = items.cols[on]
    held = np.zeros(len(core.units), dtype=bool)
    for gi, grp in enumerate(master.groups):
        held[grp.members] = True
        mine = np.flatnonzero(items.pat_group == gi)
        if len(mine) and lam[mine].max() >= 0.5:
            pat = master.patterns[int(mine[np.argmax(lam[mine])])]
            choice[core.pos[pat.pairs]] = pat.pairs
    open_options = [items.options(kind, i, (x, lam)) for kind, i in still]
    return Dive(choice, held, open_options, steps, moved)


def _partial(items: _Items, steps: int, moved: int) -> Dive:
    """The items fixed so far (at their column or pattern), every other one open."""
    master = items.master
    core = master.core
    choice = np.full(len(core.units), -1, dtype=np.int64)
    held = np.zeros(len(core.units), dtype=bool)
    for grp in master.groups:
        held[grp.members] = True
    for (kind, _), (_, _, i) in items.done.items():
        pairs = items.cols[[i]] if kind == 0 else master.patterns[i].pairs
        choice[core.pos[pairs]] = pairs
    multi = core.ps[core.start[:-1]] > 1
    open_options = []
    values = (master.values(), master.pattern_values()) if master.solved else items.last
    # open: every item not fixed at a column or pattern (one the loop could neither fix
    # nor forbid is marked fixed, yet has none: left out, the counts could not be met)
    for k in np.flatnonzero(multi).tolist():
        cols = np.flatnonzero(items.unit_of == k)
        if len(cols) and (0, k) not in items.done and k not in items.unplaced:
            open_options.append(items.options(0, int(cols[0]), values))
    for gi in range(len(master.groups)):
        if (1, gi) in items.done:
            continue
        pats = np.flatnonzero(items.pat_group == gi)
        if len(pats):
            open_options.append(items.options(1, int(pats[0]), values))
    return Dive(choice, held, open_options, steps, moved)


def timed_out(deadline: float | None) -> Callable[[], bool]:
    """A check that the clock (time.perf_counter) has passed `deadline`."""
    return lambda: deadline is not None and time.perf_counter() > deadline
