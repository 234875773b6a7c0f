"""The hand-search baseline: by urgency, cheapest in-house option with room, else agency."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from .eligibility import arc_terms
from .model import Baseline
from .problem import Problem, avoid_sets, split_cost

if TYPE_CHECKING:
    from .model import Result

URGENCY = {"emergency": 0, "parent_and_child": 1, "short_term": 2, "long_term": 3, "respite": 4}


def baseline_assign(prob: Problem) -> dict[int, int]:
    """Child -> provider as a placement team searching by hand would choose."""
    inst, t = prob.inst, prob.t
    assign = dict(prob.forced)
    room = prob.capacity.copy()
    avoid = avoid_sets(inst)
    living: dict[int, set[int]] = defaultdict(set)
    for c, p in assign.items():
        living[p].add(c)
    starts = np.searchsorted(prob.pair_unit, np.arange(prob.n_units + 1))

    def urgency(u: int) -> tuple[int, int]:
        members = prob.units[u].tolist()
        return min(URGENCY[inst.children[c].placement_type] for c in members), members[0]

    for u in sorted(prob.free.tolist(), key=urgency):
        members = prob.units[u].tolist()
        size = len(members)
        lo, hi = starts[u], starts[u + 1]
        provs, arcs = prob.pair_provider[lo:hi], prob.pair_arc[lo:hi]
        ok = (room[provs] < 0) | (room[provs] >= size)
        if not ok.any():
            continue
        shunned = set().union(*(avoid.get(c, set()) for c in members))
        best = None
        for tier in (t.p_in_house[provs], ~t.p_in_house[provs]):
            for k in np.flatnonzero(ok & tier)[np.argsort(arcs[ok & tier], kind="stable")]:
                p = int(provs[k])
                if t.p_kind[p] != 2 and living[p] & shunned:
                    continue
                best = p
                break
            if best is not None:
                break
        if best is None:
            continue
        for c in members:
            assign[c] = best
            living[best].add(c)
        if room[best] > 0:
            room[best] -= size
    return assign


def baseline(prob: Problem, result: Result) -> Baseline:
    """The baseline's placed, in-house, cost and weekly cost beside the optimiser's."""
    inst = prob.inst
    assign = baseline_assign(prob)
    cost = split_cost(prob, assign)
    weekly = 0.0
    in_house = 0
    for c, p in assign.items():
        prov = inst.providers[p]
        cost += arc_terms(inst.children[c], prov, inst.policy)[0]
        weekly += prov.weekly_cost
        in_house += prov.in_house
    index = {p.id: p for p in inst.providers}
    optimiser_weekly = sum(index[a.provider].weekly_cost for a in result.assignments)
    return Baseline(
        placed=len(assign),
        in_house=in_house,
        cost=cost,
        weekly_cost=weekly,
        optimiser_weekly_cost=optimiser_weekly,
    )
