"""The instance as the optimiser sees it: units, fixed placements and eligible unit pairs.

A sibling group that may not split is one unit (its members go together or not at all);
every other child is a unit of its own. Fixed pairs (rule 14) are checked and taken out
of the optimisation; what is left is a list of eligible (unit, provider, arc) pairs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .eligibility import Tables, build_tables, child_pairs
from .model import FixedPairError, Instance
from .rules import pair_problems

KEEP = (400, 40)  # in-house and other pairs kept per unit on large instances
PRUNE_ABOVE = 5000  # children
# up to this many children, siblings who may split get all their roomy providers recorded
# (XL's cost level builds no LP to use them, and they would take gigabytes there)
MEMBER_ROOM_CHILDREN = 20_000
# and each such group's cheapest providers where two or more of them fit join the pairs
ROOM_KEEP = 40


@dataclass
class Problem:
    inst: Instance
    t: Tables
    units: list[np.ndarray]  # member children of each unit
    size: np.ndarray  # children in each unit
    split_group: np.ndarray  # splittable sibling group index of a unit, or -1
    n_split_groups: int
    forced: dict[int, int]  # child -> provider, from `fixed`
    capacity: np.ndarray  # places left after the fixed children, -1 unlimited
    free: np.ndarray  # units to optimise
    avoid_units: list[tuple[int, int]]  # pairs of free units that must not share a carer/home
    pair_unit: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    pair_provider: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    pair_arc: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    forced_split_providers: dict[int, set[int]] = field(default_factory=dict)
    # least arc of the in-house and other pairs left out of each unit (inf: none left out)
    unit_cut: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    # members of splittable groups on pruned instances: every eligible provider with room
    # for two or more, and the arc (child -> (providers, arcs), providers sorted)
    member_room: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    @property
    def n_units(self) -> int:
        return len(self.units)

    def unit_of(self) -> np.ndarray:
        out = np.full(self.t.n_children, -1, dtype=np.int64)
        for u, members in enumerate(self.units):
            out[members] = u
        return out


def _units(inst: Instance) -> tuple[list[np.ndarray], np.ndarray, int]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(inst.children):
        if c.sibling_group is not None:
            groups[c.sibling_group].append(i)
    units: list[np.ndarray] = []
    split: list[int] = []
    split_index: dict[str, int] = {}
    seen: set[int] = set()
    for i, c in enumerate(inst.children):
        if i in seen:
            continue
        g = c.sibling_group
        if g is not None and not c.siblings_may_split and len(groups[g]) > 1:
            units.append(np.array(groups[g], dtype=np.int64))
            split.append(-1)
            seen.update(groups[g])
        else:
            units.append(np.array([i], dtype=np.int64))
            if g is not None and c.siblings_may_split and len(groups[g]) > 1:
                split.append(split_index.setdefault(g, len(split_index)))
            else:
                split.append(-1)
    return units, np.array(split, dtype=np.int64), len(split_index)


def avoid_sets(inst: Instance) -> dict[int, set[int]]:
    index = {c.id: i for i, c in enumerate(inst.children)}
    out: dict[int, set[int]] = defaultdict(set)
    for i, c in enumerate(inst.children):
        for name in c.avoid:
            j = index.get(name)
            if j is not None and j != i:
                out[i].add(j)
                out[j].add(i)
    return out


def _forced(
    inst: Instance, units: list[np.ndarray], unit_of: np.ndarray, avoid: dict[int, set[int]]
) -> dict[int, int]:
    """Children placed by `fixed`, with their unsplittable siblings; FixedPairError if not."""
    cidx = {c.id: i for i, c in enumerate(inst.children)}
    pidx = {p.id: j for j, p in enumerate(inst.providers)}
    problems: list[str] = []
    forced: dict[int, int] = {}
    origin: dict[int, int] = {}
    for k, pair in enumerate(inst.fixed):
        c, p = cidx[pair.child], pidx[pair.provider]
        label = f"$.fixed[{k}]: fixed pair {pair.child} -> {pair.provider} cannot hold"
        for m in units[unit_of[c]].tolist():
            if m in forced and forced[m] != p:
                other = inst.fixed[origin[m]]
                if m == c:
                    why = (
                        f"rule 10 (each child placed at most once): {pair.child} is also "
                        f"fixed to {other.provider} at $.fixed[{origin[m]}]"
                    )
                else:
                    why = (
                        f"rule 13 (siblings): {inst.children[m].id} of the same sibling "
                        f"group, which may not split, is fixed to {other.provider}"
                    )
                problems.append(f"{label}: {why}")
                continue
            forced[m] = p
            origin.setdefault(m, k)
    prov = inst.providers
    for m, p in forced.items():
        pair = inst.fixed[origin[m]]
        label = f"$.fixed[{origin[m]}]: fixed pair {pair.child} -> {pair.provider} cannot hold"
        for why in pair_problems(inst, m, p):
            if inst.children[m].id == pair.child:
                problems.append(f"{label}: {why}")
            else:
                problems.append(
                    f"{label}: rule 13 (siblings): {inst.children[m].id}, of the "
                    f"same sibling group, which may not split, must go too, but "
                    f"{why}"
                )
    load: dict[int, list[int]] = defaultdict(list)
    for m, p in forced.items():
        load[p].append(m)
    for p, kids in load.items():
        cap = prov[p].capacity
        if cap is not None and len(kids) > cap:
            names = ", ".join(inst.children[m].id for m in sorted(kids))
            k = min(origin[m] for m in kids)
            pair = inst.fixed[k]
            problems.append(
                f"$.fixed[{k}]: fixed pair {pair.child} -> {pair.provider} cannot "
                f"hold: rule 11 (capacity): {prov[p].id} takes {cap} of this run "
                f"but {len(kids)} are fixed there ({names})"
            )
        if prov[p].kind != "agency":
            for a in kids:
                for b in kids:
                    if a < b and b in avoid.get(a, ()):
                        pair = inst.fixed[origin[b]]
                        problems.append(
                            f"$.fixed[{origin[b]}]: fixed pair {pair.child} -> {pair.provider} "
                            f"cannot hold: rule 12 (avoid): {inst.children[a].id} and "
                            f"{inst.children[b].id} must not share {prov[p].id}"
                        )
    if problems:
        raise FixedPairError(list(dict.fromkeys(problems)))
    return forced


def build_problem(inst: Instance) -> Problem:
    t = build_tables(inst)
    units, split, n_split = _units(inst)
    unit_of = np.full(t.n_children, -1, dtype=np.int64)
    for u, members in enumerate(units):
        unit_of[members] = u
    avoid = avoid_sets(inst)
    forced = _forced(inst, units, unit_of, avoid)
    capacity = t.p_capacity.copy()
    for p in forced.values():
        if capacity[p] > 0:
            capacity[p] -= 1
    forced_units = {int(unit_of[c]) for c in forced}
    free = np.array([u for u in range(len(units)) if u not in forced_units], dtype=np.int64)
    avoid_units = sorted(
        {
            (min(a, b), max(a, b))
            for c, others in avoid.items()
            for o in others
            if (a := int(unit_of[c])) != (b := int(unit_of[o]))
            and a not in forced_units
            and b not in forced_units
        }
    )
    size = np.array([len(m) for m in units], dtype=np.int64)
    prob = Problem(
        inst=inst,
        t=t,
        units=units,
        size=size,
        split_group=split,
        n_split_groups=n_split,
        forced=forced,
        capacity=capacity,
        free=free,
        avoid_units=avoid_units,
    )
    for c, p in forced.items():
        g = int(split[unit_of[c]])
        if g >= 0:
            prob.forced_split_providers.setdefault(g, set()).add(p)
    _pairs(prob, avoid, unit_of)
    return prob


def _pairs(prob: Problem, avoid: dict[int, set[int]], unit_of: np.ndarray) -> None:
    """Eligible pairs of the free units, sorted by unit then arc.

    Above PRUNE_ABOVE children only each unit's KEEP cheapest in-house and other pairs
    are kept; `unit_cut` records what the rest cost at least, so bounds stay
    valid and proofs check that no left-out pair could help.
    """
    t = prob.t
    cap = prob.capacity
    keep = KEEP if t.n_children > PRUNE_ABOVE else None
    child_cut = np.full((t.n_children, 2), np.inf)
    prob.unit_cut = np.full((prob.n_units, 2), np.inf)
    # rule 12 with fixed children: no free child joins a carer or home of one it avoids;
    # this and the places left must filter pairs before any are left out as dear
    banned: dict[int, set[int]] = defaultdict(set)
    for f, p in prob.forced.items():
        if t.p_kind[p] != 2:
            for c in avoid.get(f, ()):
                if c not in prob.forced:
                    banned[int(unit_of[c])].add(p)
    extra = {
        int(prob.units[u][0]): np.array(sorted(ps), dtype=np.int64)
        for u, ps in banned.items()
        if prob.size[u] == 1
    }
    rooms: list[tuple[np.ndarray, ...]] = []  # pairs where siblings fit together
    single = [u for u in prob.free.tolist() if prob.size[u] == 1]
    children = np.array([int(prob.units[u][0]) for u in single], dtype=np.int64)
    us, ps, arcs = [], [], []
    for c, p, a in child_pairs(t, children, keep=keep, cut=child_cut, capacity=cap, excluded=extra):
        us.append(unit_of[c])
        ps.append(p)
        arcs.append(a)
    prob.unit_cut[unit_of[children]] = child_cut[children]
    if keep is not None and t.n_children <= MEMBER_ROOM_CHILDREN:
        _member_room(prob, children[prob.split_group[unit_of[children]] >= 0], cap, extra)
        rooms = _room_pairs(prob, unit_of, us, arcs)
        for got in rooms:
            us.append(got[0])
            ps.append(got[1])
            arcs.append(got[2])
    for u in prob.free.tolist():
        if prob.size[u] > 1:
            got = _group_pairs(t, prob.units[u], avoid)
            if got is None:
                continue
            fits = (cap[got[0]] < 0) | (cap[got[0]] >= prob.size[u])
            fits &= ~np.isin(got[0], list(banned.get(u, ())))
            got = (got[0][fits], got[1][fits])
            if keep is not None:
                got = _keep_cheapest(t, got, keep, prob.unit_cut[u])
            us.append(np.full(len(got[0]), u, dtype=np.int64))
            ps.append(got[0])
            arcs.append(got[1])
    if not us:
        return
    pu, pp, pa = np.concatenate(us), np.concatenate(ps), np.concatenate(arcs)
    pu, pp, pa = _prune_unlimited(prob, pu, pp, pa)
    order = np.lexsort((pp, pa, pu))
    if rooms:  # a room pair may have been kept anyway: once is enough
        same = np.zeros(len(order), dtype=bool)
        by_pair = np.lexsort((pp, pu))
        same[by_pair[1:]] = (pu[by_pair[1:]] == pu[by_pair[:-1]]) & (
            pp[by_pair[1:]] == pp[by_pair[:-1]]
        )
        order = order[~same[order]]
    prob.pair_unit, prob.pair_provider, prob.pair_arc = pu[order], pp[order], pa[order]


def _member_room(
    prob: Problem, members: np.ndarray, cap: np.ndarray, extra: dict[int, np.ndarray]
) -> None:
    """Record, for the single children in splittable groups, every eligible provider with
    room for two or more: where a block of siblings could be together. The cost level's
    bound prices those blocks exactly rather than at each member's least left-out arc,
    which cannot tell whether one provider suits them all."""
    if not len(members):
        return
    got: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
    for c, p, a in child_pairs(prob.t, members, capacity=cap, excluded=extra):
        roomy = (cap[p] < 0) | (cap[p] >= 2)
        c, p, a = c[roomy], p[roomy], a[roomy]
        if not len(c):
            continue
        order = np.argsort(c, kind="stable")
        c, p, a = c[order], p[order], a[order]
        kids, first = np.unique(c, return_index=True)
        for child, lo, hi in zip(kids.tolist(), first, np.append(first[1:], len(c)), strict=True):
            got.setdefault(child, []).append((p[lo:hi], a[lo:hi]))
    for child, parts in got.items():
        p = np.concatenate([x[0] for x in parts])
        a = np.concatenate([x[1] for x in parts])
        order = np.argsort(p, kind="stable")
        prob.member_room[child] = (p[order], a[order])


def _room_pairs(
    prob: Problem, unit_of: np.ndarray, us: list[np.ndarray], arcs: list[np.ndarray]
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Pairs at each splittable group's ROOM_KEEP cheapest providers where two or more of
    its members fit together, from `member_room`.

    Kept pairs are each child's cheapest alone; a place where siblings can stay together
    may be dearer for each of them and yet the cheapest for the group once the split term
    is counted. Left out, such places are in the bound (priced exactly from member_room)
    but no pattern can use them. A provider's score is the group's cost with the members
    eligible there placed there (those who gain most, up to its places) and the others
    apart, each at its cheapest kept arc.
    """
    if not prob.member_room:
        return []
    w = float(prob.inst.policy.weights.sibling_split)
    least: dict[int, float] = {}
    if us:
        pu, pa = np.concatenate(us), np.concatenate(arcs)
        if len(pu):
            lows = np.full(prob.n_units, np.inf)
            np.minimum.at(lows, pu, pa.astype(np.float64))
            least = {int(c): float(lows[unit_of[c]]) for c in prob.member_room}
    by_group: dict[int, list[int]] = defaultdict(list)
    for child in sorted(prob.member_room):
        by_group[int(prob.split_group[unit_of[child]])].append(child)
    out = []
    for members in by_group.values():
        if len(members) < 2:
            continue
        rooms = [prob.member_room[c] for c in members]
        provs = np.unique(np.concatenate([r[0] for r in rooms]))
        arc = np.full((len(members), len(provs)), np.inf)
        for i, (p, a) in enumerate(rooms):
            arc[i, np.searchsorted(provs, p)] = a
        fits = np.isfinite(arc)
        alone = np.array([least.get(c, np.inf) for c in members])[:, None] + w
        alone = np.where(np.isfinite(alone), alone, 10 * w + arc[fits].max(initial=0.0))
        alone = np.broadcast_to(alone, arc.shape)
        # at each provider the members who gain most by being there, up to its places
        order = np.argsort(np.where(fits, arc - alone, np.inf), axis=0, kind="stable")
        room = prob.capacity[provs][None, :]
        rank = np.arange(len(members))[:, None]
        there = np.take_along_axis(fits, order, 0) & ((room < 0) | (rank < room))
        cost = np.where(
            there, np.take_along_axis(arc, order, 0), np.take_along_axis(alone, order, 0)
        )
        score = cost.sum(axis=0)
        cols = np.flatnonzero(there.sum(axis=0) >= 2)
        cols = cols[np.argsort(score[cols], kind="stable")[:ROOM_KEEP]]
        for i, c in enumerate(members):
            sel = cols[fits[i, cols]]
            if len(sel):
                unit = np.full(len(sel), unit_of[c], dtype=np.int64)
                out.append((unit, provs[sel], arc[i, sel].astype(np.int64)))
    return out


def _keep_cheapest(
    t: Tables, got: tuple[np.ndarray, np.ndarray], keeps: tuple[int, int], cut: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    provs, total = got
    mask = np.zeros(len(provs), dtype=bool)
    for kind, sel in enumerate((t.p_in_house[provs], ~t.p_in_house[provs])):
        keep = keeps[kind]
        idx = np.flatnonzero(sel)
        order = idx[np.argsort(total[idx], kind="stable")]
        mask[order[:keep]] = True
        if len(order) > keep:
            cut[kind] = float(total[order[keep]])
    return provs[mask], total[mask]


def _group_pairs(
    t: Tables, members: np.ndarray, avoid: dict[int, set[int]]
) -> tuple[np.ndarray, np.ndarray] | None:
    provs: np.ndarray | None = None
    total: np.ndarray | None = None
    for c in members.tolist():
        got = list(child_pairs(t, np.array([c], dtype=np.int64), provs))
        p = np.concatenate([g[1] for g in got]) if got else np.zeros(0, np.int64)
        a = np.concatenate([g[2] for g in got]) if got else np.zeros(0, np.int64)
        order = np.argsort(p)
        p, a = p[order], a[order]
        if provs is None:
            provs, total = p, a
        else:
            keep = np.isin(provs, p, assume_unique=True)
            provs, total = provs[keep], total[keep] + a  # type: ignore[index]
        if len(provs) == 0:
            return None
    assert provs is not None and total is not None
    inside = set(members.tolist())
    if any(avoid.get(c, set()) & inside for c in inside):
        keep = t.p_kind[provs] == 2  # members who avoid each other: agencies only
        provs, total = provs[keep], total[keep]
    return provs, total


def _prune_unlimited(
    prob: Problem, pu: np.ndarray, pp: np.ndarray, pa: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Keep only the cheapest unlimited provider of each unit outside a splittable group.

    Unlimited providers are agencies: never in-house, never full and exempt from rule 12,
    so a dearer one can never beat the cheapest.
    """
    unlimited = prob.capacity[pp] < 0
    loose = unlimited & (prob.split_group[pu] < 0)
    if not loose.any():
        return pu, pp, pa
    idx = np.flatnonzero(loose)
    order = idx[np.lexsort((pp[idx], pa[idx], pu[idx]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = pu[order][1:] != pu[order][:-1]
    keep = ~loose
    keep[order[first]] = True
    return pu[keep], pp[keep], pa[keep]


def split_cost(prob: Problem, assign: dict[int, int]) -> int:
    """sibling_split * (k - 1) summed over splittable groups, for child -> provider."""
    used: dict[str, set[int]] = {}
    for c, p in assign.items():
        child = prob.inst.children[c]
        if child.sibling_group is not None and child.siblings_may_split:
            used.setdefault(child.sibling_group, set()).add(p)
    weight = prob.inst.policy.weights.sibling_split
    return round(weight * sum(len(s) - 1 for s in used.values()))
