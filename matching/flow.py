"""Min-cost flow for the cost level: exact for single children when placed and in-house
counts are fixed, ignoring rule 12 and sibling splits (callers check and repair).

Units of several children (sibling groups that may not split) are kept where a given
choice put them; every other unit is routed source -> unit -> provider -> in-house or
external sink, whose demands are the counts the earlier levels fixed.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from .core import Core


def cost_flow(
    core: Core,
    pairs: np.ndarray,
    keep: np.ndarray,
    targets: tuple[int, int],
    extra: np.ndarray | None = None,
    held: np.ndarray | None = None,
) -> np.ndarray | None:
    """A choice meeting `targets` at least arc cost over `pairs`, groups taken from `keep`
    (and the units `held` marks, if given).

    Returns None when the counts cannot be met that way.
    """
    groups = core.ps[core.start[:-1]] > 1
    if held is not None:
        groups = groups | held
    choice = np.full(len(core.units), -1, dtype=np.int64)
    choice[groups] = keep[groups]
    fixed = choice[choice >= 0]
    room = core.cap.copy()
    load = np.bincount(core.pp[fixed], weights=core.ps[fixed], minlength=len(room))
    room = np.where(room >= 0, room - load.astype(np.int64), len(core.units))
    if (room < 0).any():
        return None
    placed = targets[0] - int(core.ps[fixed].sum())
    in_house = targets[1] - int((core.ps[fixed] * core.pih[fixed]).sum())
    if placed < 0 or in_house < 0 or in_house > placed:
        return None
    pairs = pairs[~groups[core.pos[pairs]]]
    n_units = len(core.units)
    provs, prov_node = np.unique(core.pp[pairs], return_inverse=True)
    source = n_units + len(provs)
    sink_in, sink_out = source + 1, source + 2
    unit_nodes = np.flatnonzero(~groups)
    tails = np.concatenate(
        [np.full(len(unit_nodes), source), core.pos[pairs], len(core.units) + np.arange(len(provs))]
    )
    heads = np.concatenate(
        [
            unit_nodes,
            n_units + prov_node.ravel(),
            np.where(core.prob.t.p_in_house[provs], sink_in, sink_out),
        ]
    )
    caps = np.concatenate(
        [
            np.ones(len(unit_nodes) + len(pairs), dtype=np.int64),
            np.minimum(room[provs], len(unit_nodes)),
        ]
    )
    arcs = core.pa[pairs] if extra is None else core.pa[pairs] + extra[pairs]
    costs = np.concatenate(
        [np.zeros(len(unit_nodes), dtype=np.int64), arcs, np.zeros(len(provs), dtype=np.int64)]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    supplies = np.zeros(sink_out + 1, dtype=np.int64)
    supplies[source] = placed
    supplies[sink_in] = -in_house
    supplies[sink_out] = -(placed - in_house)
    flow.set_nodes_supplies(np.arange(len(supplies), dtype=np.int32), supplies)
    if flow.solve() != flow.OPTIMAL:
        return None
    used = flow.flows(np.arange(len(unit_nodes), len(unit_nodes) + len(pairs), dtype=np.int32)) > 0
    choice[core.pos[pairs[used]]] = pairs[used]
    return choice


def split_penalty(core: Core, choice: np.ndarray, whole_first: bool = True) -> np.ndarray:
    """sibling_split on each pair of a splittable group's member away from the group's
    anchor: a fixed member's provider, else the cheapest provider that can take every
    member of the group in the core (unless `whole_first` is false), else the one most
    members use in `choice`."""
    prob = core.prob
    extra = np.zeros(core.n_pairs, dtype=np.int64)
    group = prob.split_group[core.units[core.pos]]
    members = group >= 0
    if not members.any() or core.split_weight == 0:
        return extra
    n_groups = prob.n_split_groups
    anchor = np.full(n_groups, -1, dtype=np.int64)
    placed = np.flatnonzero(choice >= 0)
    g_of = prob.split_group[core.units[placed]]
    votes: dict[int, dict[int, int]] = {}
    for g, j in zip(g_of.tolist(), choice[placed].tolist(), strict=True):
        if g >= 0:
            p = int(core.pp[j])
            votes.setdefault(g, {}).setdefault(p, 0)
            votes[g][p] += 1
    for g, count in votes.items():
        anchor[g] = max(count, key=lambda p: (count[p], -p))
    idx = np.flatnonzero(members)
    size = np.bincount(group[core.start[:-1]][group[core.start[:-1]] >= 0], minlength=n_groups)
    n_prov = len(core.cap)
    keys, inv, counts = np.unique(
        group[idx] * n_prov + core.pp[idx], return_inverse=True, return_counts=True
    )
    total = np.bincount(inv.ravel(), weights=core.pa[idx], minlength=len(keys))
    kg, kp = keys // n_prov, keys % n_prov
    room = core.cap[kp]
    whole = (counts == size[kg]) & ((room < 0) | (room >= counts))
    if whole_first and whole.any():
        order = np.lexsort((total[whole], kg[whole]))
        wg, wp = kg[whole][order], kp[whole][order]
        first = np.ones(len(wg), dtype=bool)
        first[1:] = wg[1:] != wg[:-1]
        anchor[wg[first]] = wp[first]
    for g, provs in prob.forced_split_providers.items():
        anchor[g] = min(provs)
    has = members.copy()
    has[members] = anchor[group[members]] >= 0
    away = has.copy()
    away[has] = core.pp[has] != anchor[group[has]]
    extra[away] = round(core.split_weight)
    return extra


def count_flow(core: Core, pairs: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Most single units placed, then most in-house, with groups kept where `keep` has them.

    Exact for levels 1 and 2 when no sibling group is split fractionally and rule 12 does
    not bind; callers check and compare.
    """
    groups = core.ps[core.start[:-1]] > 1
    choice = np.full(len(core.units), -1, dtype=np.int64)
    choice[groups] = keep[groups]
    fixed = choice[choice >= 0]
    load = np.bincount(core.pp[fixed], weights=core.ps[fixed], minlength=len(core.cap))
    room = np.where(core.cap >= 0, core.cap - load.astype(np.int64), len(core.units))
    pairs = pairs[~groups[core.pos[pairs]]]
    n_units = len(core.units)
    singles = np.flatnonzero(~groups)
    n = len(singles)
    if n == 0 or (room < 0).any():
        return choice
    provs, prov_node = np.unique(core.pp[pairs], return_inverse=True)
    source = n_units + len(provs)
    sink_in, sink_out, sink = source + 1, source + 2, source + 3
    tails = np.concatenate(
        [
            np.full(n, source),
            core.pos[pairs],
            n_units + np.arange(len(provs)),
            [sink_in, sink_out, source],
        ]
    )
    heads = np.concatenate(
        [
            singles,
            n_units + prov_node.ravel(),
            np.where(core.prob.t.p_in_house[provs], sink_in, sink_out),
            [sink, sink, sink],
        ]
    )
    caps = np.concatenate(
        [np.ones(n + len(pairs), dtype=np.int64), np.minimum(room[provs], n), [n, n, n]]
    )
    costs = np.concatenate([np.zeros(n + len(pairs) + len(provs), dtype=np.int64), [0, 1, n + 1]])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    if flow.solve() != flow.OPTIMAL:
        return choice
    used = flow.flows(np.arange(n, n + len(pairs), dtype=np.int32)) > 0
    choice[core.pos[pairs[used]]] = pairs[used]
    return choice


def relaxed_flow(
    core: Core, level: int, targets: tuple[int, int]
) -> tuple[float, np.ndarray, np.ndarray] | None:
    """A bound on a level valid over every eligible pair, and the flow's choice.

    The relaxation routes each unit's children separately (a sibling group that may
    not split may spread over its common providers, or be placed in part), drops rule 12
    and the sibling-split term (never negative), and sends a unit's left-out pairs
    (large instances keep only the cheapest) to an unlimited provider at the least arc
    left out. Every solution of the level is a flow of it, so the least flow bounds
    the level (minimised core form). The choice holds each unit routed whole to one
    provider, -1 for the rest (callers repair and check it); last come the pairs the
    flow uses. None if the flow fails.
    """
    n_units = len(core.units)
    sizes = core.ps[core.start[:-1]]
    total = int(sizes.sum())
    if n_units == 0:
        return 0.0, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if level < 3:
        return _relaxed_max_flow(core, level)
    scale = int(np.lcm.reduce(np.unique(sizes)))
    provs, prov_node = np.unique(core.pp, return_inverse=True)
    n_prov = len(provs)
    left_in, left_out = n_units + n_prov, n_units + n_prov + 1
    source, sink_in, sink_out = left_out + 1, left_out + 2, left_out + 3
    cut = core.cut
    has_in, has_out = np.isfinite(cut[:, 0]), np.isfinite(cut[:, 1])
    u_in, u_out = np.flatnonzero(has_in), np.flatnonzero(has_out)
    room = np.where(core.cap[provs] >= 0, np.minimum(core.cap[provs], total), total)
    pair_cost = core.pa * (scale // core.ps)
    cost_in = (cut[u_in, 0] * (scale // sizes[u_in])).astype(np.int64)
    cost_out = (cut[u_out, 1] * (scale // sizes[u_out])).astype(np.int64)
    ih = core.prob.t.p_in_house[provs]
    tails = [
        np.full(n_units, source),
        core.pos,
        u_in,
        u_out,
        n_units + np.arange(n_prov),
        [left_in, left_out],
    ]
    heads = [
        np.arange(n_units),
        n_units + prov_node.ravel(),
        np.full(len(u_in), left_in),
        np.full(len(u_out), left_out),
        np.where(ih, sink_in, sink_out),
        [sink_in, sink_out],
    ]
    caps = [sizes, core.ps, sizes[u_in], sizes[u_out], room, [total, total]]
    costs = [
        np.zeros(n_units, dtype=np.int64),
        pair_cost,
        cost_in,
        cost_out,
        np.zeros(n_prov, dtype=np.int64),
        [0, 0],
    ]
    supplies = np.zeros(sink_out + 1, dtype=np.int64)
    # exactly the placed and in-house targets, least arc cost
    supplies[source] = targets[0]
    supplies[sink_in], supplies[sink_out] = -targets[1], -(targets[0] - targets[1])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    flow.set_nodes_supplies(np.arange(len(supplies), dtype=np.int32), supplies)
    if flow.solve() != flow.OPTIMAL:
        return None
    value = flow.optimal_cost()
    bound = value / scale
    used = flow.flows(np.arange(n_units, n_units + core.n_pairs, dtype=np.int32))
    whole = np.flatnonzero(used == core.ps)
    choice = np.full(n_units, -1, dtype=np.int64)
    choice[core.pos[whole]] = whole
    return float(bound), choice, np.flatnonzero(used > 0)


def _relaxed_max_flow(core: Core, level: int) -> tuple[float, np.ndarray, np.ndarray] | None:
    """relaxed_flow for levels 1 and 2 as a maximum flow: most children placed (level 1)
    or placed in-house (level 2, over in-house pairs only, which drops the placed target:
    still a relaxation of the level)."""
    n_units = len(core.units)
    sizes = core.ps[core.start[:-1]]
    total = int(sizes.sum())
    pairs = np.arange(core.n_pairs) if level == 1 else np.flatnonzero(core.pih)
    provs, prov_node = np.unique(core.pp[pairs], return_inverse=True)
    n_prov = len(provs)
    left, source, sink = n_units + n_prov, n_units + n_prov + 1, n_units + n_prov + 2
    kinds = (0, 1) if level == 1 else (0,)
    lefts = np.flatnonzero(np.isfinite(core.cut[:, kinds]).any(axis=1))
    room = np.where(core.cap[provs] >= 0, np.minimum(core.cap[provs], total), total)
    tails = np.concatenate(
        [np.full(n_units, source), core.pos[pairs], lefts, n_units + np.arange(n_prov), [left]]
    )
    heads = np.concatenate(
        [
            np.arange(n_units),
            n_units + prov_node.ravel(),
            np.full(len(lefts), left),
            np.full(n_prov, sink),
            [sink],
        ]
    )
    caps = np.concatenate([sizes, core.ps[pairs], sizes[lefts], room, [total]])
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(
        tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64)
    )
    if flow.solve(source, sink) != flow.OPTIMAL:
        return None
    used = flow.flows(np.arange(n_units, n_units + len(pairs), dtype=np.int32))
    whole = pairs[used == core.ps[pairs]]
    choice = np.full(n_units, -1, dtype=np.int64)
    choice[core.pos[whole]] = whole
    return -float(flow.optimal_flow()), choice, pairs[used > 0]


def consolidate(core: Core, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`keep` with the members of each splittable group together at the cheapest provider
    that takes them all and has room beside the groups `keep` places, and the mask of
    the units so held (for cost_flow); groups with a fixed member are left as they are."""
    prob = core.prob
    choice = keep.copy()
    held = np.zeros(len(core.units), dtype=bool)
    group = prob.split_group[core.units[core.pos]]
    members = group >= 0
    if not members.any():
        return choice, held
    multi = core.ps[core.start[:-1]] > 1
    fixed = keep[multi & (keep >= 0)]
    load = np.bincount(core.pp[fixed], weights=core.ps[fixed], minlength=len(core.cap))
    room = np.where(core.cap >= 0, core.cap - load.astype(np.int64), -1)
    n_groups, n_prov = prob.n_split_groups, len(core.cap)
    starts = core.start[:-1]
    size = np.bincount(group[starts][group[starts] >= 0], minlength=n_groups)
    idx = np.flatnonzero(members)
    keys, inv, counts = np.unique(
        group[idx] * n_prov + core.pp[idx], return_inverse=True, return_counts=True
    )
    inv = inv.ravel()
    total = np.bincount(inv, weights=core.pa[idx], minlength=len(keys))
    kg, kp = keys // n_prov, keys % n_prov
    whole = np.flatnonzero(counts == size[kg])
    order = whole[np.lexsort((total[whole], kg[whole]))]
    done = np.zeros(n_groups, dtype=bool)
    done[list(prob.forced_split_providers)] = True
    for key in order.tolist():
        g, p = int(kg[key]), int(kp[key])
        if done[g] or 0 <= room[p] < size[g]:
            continue
        done[g] = True
        if room[p] >= 0:
            room[p] -= size[g]
        pairs = idx[inv == key]
        choice[core.pos[pairs]] = pairs
        held[core.pos[pairs]] = True
    return choice, held


def toward(
    core: Core,
    keep: np.ndarray,
    target: np.ndarray,
    limit: int | None = None,
    spare: bool = False,
) -> tuple[np.ndarray, int]:
    """`keep` with its units of several children moved to their pair in `target` where
    that costs less, as far as room allows and never to the other in-house kind.

    An LP's rounding places sibling groups cheaply but seldom meets the in-house count;
    moves that change no group's kind leave the singles' flow around them (cost_flow)
    able to make the count up. Groups move in order of the arc cost they save, in passes
    until none can (a move frees room for the next pass), at most `limit` of them; also
    returns how many moved. With `spare`, a group moves only into places no unit of
    `keep` uses, so the singles' flow still has every route it had.
    """
    multi = core.ps[core.start[:-1]] > 1
    choice = keep.copy()
    fixed = choice[(multi | spare) & (choice >= 0)]
    load = np.bincount(core.pp[fixed], weights=core.ps[fixed], minlength=len(core.cap))
    room = np.where(core.cap >= 0, core.cap - load.astype(np.int64), -1)
    units = np.flatnonzero(multi & (keep >= 0) & (target >= 0))
    units = units[core.pih[keep[units]] == core.pih[target[units]]]
    saves = core.pa[keep[units]] - core.pa[target[units]]
    pending = units[saves > 0][np.argsort(-saves[saves > 0], kind="stable")].tolist()
    moved = 0
    while pending:
        left = []
        for k in pending:
            if limit is not None and moved >= limit:
                return choice, moved
            j = int(target[k])
            p, size, old = int(core.pp[j]), int(core.ps[j]), int(core.pp[choice[k]])
            if 0 <= room[p] < size:
                left.append(k)
                continue
            room[p] -= size if room[p] >= 0 else 0
            room[old] += size if room[old] >= 0 else 0
            choice[k] = j
            moved += 1
        if len(left) == len(pending):
            break
        pending = left
    return choice, moved
