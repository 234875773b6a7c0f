"""The part of a problem that needs optimising, as flat pair arrays, and its objectives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .problem import Problem

LEVEL_NAMES = {1: "placed", 2: "in_house", 3: "cost"}


@dataclass
class Core:
    """Units that share providers with limited places, with their eligible pairs.

    Pairs are sorted by unit; `start[k]:start[k+1]` are the pairs of `units[k]`.
    Level objectives are written as minimisation: -placed, -in_house, cost.
    """

    prob: Problem
    units: np.ndarray
    start: np.ndarray
    pos: np.ndarray  # pair -> position of its unit in `units`
    pu: np.ndarray
    pp: np.ndarray
    pa: np.ndarray
    ps: np.ndarray
    pih: np.ndarray
    cap: np.ndarray  # places left per provider, -1 unlimited
    avoid: list[tuple[int, int]]
    split_weight: int | float
    cut: np.ndarray  # (units, 2): least arc of left-out in-house / other pairs, inf if none

    @property
    def n_pairs(self) -> int:
        return len(self.pu)

    def level_costs(self, level: int) -> np.ndarray:
        if level == 1:
            return -self.ps
        if level == 2:
            return -self.ps * self.pih
        return self.pa

    def split_cost(self, choice: np.ndarray) -> float:
        """sibling_split * (k - 1) over splittable groups, fixed members included."""
        prob = self.prob
        if prob.n_split_groups == 0:
            return 0
        used: dict[int, set[int]] = {g: set(s) for g, s in prob.forced_split_providers.items()}
        chosen = np.flatnonzero(choice >= 0)
        groups = prob.split_group[self.units[chosen]]
        for k, g in zip(chosen.tolist(), groups.tolist(), strict=True):
            if g >= 0:
                used.setdefault(g, set()).add(int(self.pp[choice[k]]))
        return self.split_weight * sum(len(s) - 1 for s in used.values() if s)

    def values(self, choice: np.ndarray) -> tuple[int, int, int]:
        """placed, in_house and cost of the core units for a choice of pair per unit."""
        picked = choice[choice >= 0]
        placed = int(self.ps[picked].sum())
        in_house = int((self.ps[picked] * self.pih[picked]).sum())
        cost = int(self.pa[picked].sum()) + round(self.split_cost(choice))
        return placed, in_house, cost

    def level_value(self, choice: np.ndarray, level: int) -> int:
        placed, in_house, cost = self.values(choice)
        return (-placed, -in_house, cost)[level - 1]


def build_core(prob: Problem) -> tuple[Core, dict[int, int]]:
    """The core, and the best pair of each unit that needs no optimising (unit -> pair).

    A unit whose only eligible providers have no limit (agencies with `places` null) and
    that belongs to no splittable group is independent of all others: its cheapest pair
    is optimal.
    """
    pu, pp = prob.pair_unit, prob.pair_provider
    unlimited = prob.capacity[pp] < 0
    n = prob.n_units
    limited_units = np.zeros(n, dtype=bool)
    limited_units[pu[~unlimited]] = True
    has_pair = np.zeros(n, dtype=bool)
    has_pair[pu] = True
    in_core = has_pair & (limited_units | (prob.split_group >= 0))
    # pairs are sorted by unit then arc: the first pair of a unit is its cheapest
    first = np.ones(len(pu), dtype=bool)
    first[1:] = pu[1:] != pu[:-1]
    trivial = {
        int(u): int(j)
        for j, u in zip(np.flatnonzero(first), pu[first].tolist(), strict=True)
        if not in_core[u]
    }
    keep = in_core[pu]
    idx = np.flatnonzero(keep)
    cu, cp = pu[idx], pp[idx]
    units, pos = np.unique(cu, return_inverse=True)
    start = np.searchsorted(cu, units)
    start = np.append(start, len(cu))
    core_set = set(units.tolist())
    avoid = [(a, b) for a, b in prob.avoid_units if a in core_set and b in core_set]
    core = Core(
        prob=prob,
        units=units,
        start=start,
        pos=pos.ravel(),
        pu=cu,
        pp=cp,
        pa=prob.pair_arc[idx],
        ps=prob.size[cu],
        pih=prob.t.p_in_house[cp],
        cap=prob.capacity,
        avoid=avoid,
        split_weight=prob.inst.policy.weights.sibling_split,
        cut=prob.unit_cut[units],
    )
    trivial_pairs = {u: j for u, j in trivial.items()}
    return core, trivial_pairs
