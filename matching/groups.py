"""Splittable sibling groups priced exactly on the cost level.

For prices v (a pair's arc plus its provider's place price, less the placed and in-house
prices), a group's best "pattern" (which members go to which provider) costs

    min over subsets S of members, partitions of S into blocks B:
        sum_B min_p sum_{c in B} v_cp + sibling_split * (blocks - 1)

(nothing when no member is placed). Blocks at one provider need it to be eligible for
every member of the block and to have room for them all. Two blocks may name the same
provider in this count, which only overcharges a pattern that a coarser partition also
prices correctly, so the minimum is exact. Rule 12 is left out (a relaxation).

Used twice: as the group's term of the Lagrangian bound (valid for any prices, so the
bound holds over every eligible pair) with each member pair's reduced cost, and as the
pricing problem of the master LP, where a group is one convex combination of patterns
(a Dantzig-Wolfe column per pattern) rather than member pairs with split rows, which
the LP relaxes to almost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .core import Core

MAX_MEMBERS = 8  # larger groups keep the looser per-member treatment (2^k subsets)
SEARCH_NODES = 200_000  # the most nodes of a search for blocks at distinct providers


@dataclass
class Group:
    index: int  # splittable group number (Problem.split_group)
    members: np.ndarray  # core unit positions
    provs: np.ndarray  # providers eligible for at least one member
    pair: np.ndarray  # (members, provs): core pair index, -1 where not eligible
    # (members, provs): arc of a left-out eligible pair at a provider with room for two or
    # more (inf elsewhere); None when pairs were not left out (or not recorded)
    room_arc: np.ndarray | None = None
    # providers of the group's fixed members (rule 14): a block there adds no split
    fixed: frozenset[int] = frozenset()


@dataclass
class Pattern:
    group: int  # position in the groups list
    pairs: np.ndarray  # core pair per placed member
    cost: float  # arcs plus the split term


def free_groups(core: Core) -> list[Group]:
    """Splittable groups with at most MAX_MEMBERS core members (a group with fixed
    members too: its blocks at their providers add no split)."""
    prob = core.prob
    if prob.n_split_groups == 0:
        return []
    g_of = prob.split_group[core.units]
    out: list[Group] = []
    for g in np.unique(g_of[g_of >= 0]).tolist():
        members = np.flatnonzero(g_of == g)
        if len(members) > MAX_MEMBERS or len(members) < 1:
            continue
        spans = [np.arange(core.start[k], core.start[k + 1]) for k in members.tolist()]
        children = [int(prob.units[u][0]) for u in core.units[members].tolist()]
        rooms = [prob.member_room.get(c) for c in children]
        exact = np.isfinite(core.cut[members]).any() and all(r is not None for r in rooms)
        extra = [r[0] for r in rooms if r is not None] if exact else []
        provs = np.unique(np.concatenate([core.pp[s] for s in spans] + extra))
        pair = np.full((len(members), len(provs)), -1, dtype=np.int64)
        for i, s in enumerate(spans):
            pair[i, np.searchsorted(provs, core.pp[s])] = s
        room_arc = None
        if exact:
            room_arc = np.full(pair.shape, np.inf)
            for i, (p, a) in enumerate(rooms):  # type: ignore[misc]
                room_arc[i, np.searchsorted(provs, p)] = a
            room_arc[pair >= 0] = np.inf  # kept pairs are priced as pairs
        fixed = frozenset(prob.forced_split_providers.get(g, ()))
        out.append(Group(int(g), members, provs, pair, room_arc, fixed))
    return out


@dataclass
class GroupPrices:
    total: float  # sum over groups of their least pattern value (<= 0)
    rc: dict[int, np.ndarray]  # group position -> reduced cost of each member pair (pair index)
    slack: float  # least reduced cost of a member's left-out pairs (inf: none)
    best: list[tuple[float, list[tuple[int, int]]]]  # least value and its blocks (mask, col)


def _popcount(k: int) -> np.ndarray:
    return np.array([bin(m).count("1") for m in range(1 << k)], dtype=np.int64)


def price_groups(
    core: Core,
    groups: list[Group],
    v: np.ndarray,
    left_out: np.ndarray,
    weight: float,
    prices: tuple[np.ndarray, float, float] | None = None,
    block_prices: list[np.ndarray] | None = None,
) -> GroupPrices:
    """Each group's least pattern value under prices v, and member pairs' reduced costs.

    `left_out` is, per core unit, a lower bound on v over its pairs left out of the core
    (inf when none were). A block at a provider left out for member i costs at least
    i's bound plus the other members' least values; the least of that over i stands for
    the block at any left-out provider (charging each member only its own least value
    would waive the sibling-split term for every group with a left-out pair).

    With `prices` (place prices pi, gamma, delta) a group whose members' left-out pairs
    at providers with room for two or more were recorded (`room_arc`) prices them like
    kept pairs: every block of two or more is then exact, and only single members fall
    back on their left-out bound. `block_prices` adds, per group, a price for a block by its
    provider and size (clique rows, see lp.Master.block_prices).
    """
    total = 0.0
    rcs: dict[int, np.ndarray] = {}
    slack = np.inf
    best_list: list[tuple[float, list[tuple[int, int]]]] = []
    for gi, grp in enumerate(groups):
        k = len(grp.members)
        full = 1 << k
        pc = _popcount(k)
        vals = np.full(grp.pair.shape, np.inf)
        ok = grp.pair >= 0
        vals[ok] = v[grp.pair[ok]]
        exact = prices is not None and grp.room_arc is not None
        if exact:
            pi, gamma, delta = prices  # type: ignore[misc]
            ih = core.prob.t.p_in_house[grp.provs]
            left = grp.room_arc + (pi[grp.provs] - gamma - delta * ih)[None, :]
            vals = np.where(np.isfinite(grp.room_arc), left, vals)
        cap = core.cap[grp.provs]
        lo_out = left_out[grp.members]
        lo_out = np.where(lo_out > 1e300, np.inf, lo_out)  # nan_to_num's stand-in for inf
        row_min = np.minimum(vals.min(axis=1), lo_out)
        has_out = np.isfinite(lo_out).any()
        # block sums per subset and provider, providers with room for the block
        sums = np.zeros((full, len(grp.provs)))
        block = np.full(full, np.inf)
        block_col = np.full(full, -1, dtype=np.int64)
        for m in range(1, full):
            low = (m & -m).bit_length() - 1
            sums[m] = sums[m & (m - 1)] + vals[low]
        if block_prices is not None:  # clique prices by block size (Master.block_prices)
            sums += block_prices[gi].T[pc]
        # with fixed members every block is a new provider (w) except at theirs
        adj = weight if grp.fixed else 0.0
        if grp.fixed:
            at_fixed = np.isin(grp.provs, list(grp.fixed))
            sums[1:, at_fixed] -= weight
        for m in range(1, full):
            s = np.where((cap < 0) | (cap >= pc[m]), sums[m], np.inf)
            if len(s):
                c = int(np.argmin(s))
                block[m], block_col[m] = s[c], c
            if has_out and (not exact or pc[m] == 1):
                # at a provider left out for member i: i pays at least its left-out
                # bound, the others at least their own least value
                bits = [i for i in range(k) if m >> i & 1]
                extra = [lo_out[i] - row_min[i] for i in bits if np.isfinite(lo_out[i])]
                alt = float(row_min[bits].sum()) + (min(extra) if extra else np.inf) - adj
                if alt < block[m]:
                    block[m], block_col[m] = alt, -1
        # h[S]: least sum over partitions of S of (block + w); h[0] = 0
        h = np.full(full, np.inf)
        h[0] = 0.0
        first_block = np.zeros(full, dtype=np.int64)
        for s in range(1, full):
            low = s & -s
            rest = s ^ low
            sub = rest
            while True:
                b = sub | low
                val = block[b] + weight + h[s ^ b]
                if val < h[s]:
                    h[s], first_block[s] = val, b
                if sub == 0:
                    break
                sub = (sub - 1) & rest
        # G[R]: least h over subsets of R (members of R may stay unplaced)
        g_min = h.copy()
        for i in range(k):
            bit = 1 << i
            for r in range(full):
                if r & bit:
                    g_min[r] = min(g_min[r], g_min[r ^ bit])
        least = min(0.0, float(h[1:].min()) - weight + adj) if full > 1 else 0.0
        blocks: list[tuple[int, int]] = []
        if least < 0:
            s = int(np.argmin(h[1:])) + 1
            while s:
                b = int(first_block[s])
                blocks.append((b, int(block_col[b])))
                s ^= b
        if _shared(blocks):
            found = _distinct_least(sums, cap, pc, (weight, adj), g_min, block, block_col)
            # past SEARCH_NODES the partitions' least stands (a bound), with no pattern
            least, blocks = found if found is not None else (least, [])
        total += least
        best_list.append((least, blocks))
        # reduced cost of member i at provider column q: best pattern with it there
        rc = np.full(grp.pair.shape, np.inf)
        everyone = full - 1
        for i in range(k):
            bit = 1 << i
            others = everyone ^ bit
            sub = others
            while True:
                b = sub | bit
                s = np.where((cap < 0) | (cap >= pc[b]), sums[b], np.inf)
                rc[i] = np.minimum(rc[i], s + g_min[everyone ^ b] + adj)
                if has_out and np.isfinite(lo_out[i]):
                    bits = [j for j in range(k) if b >> j & 1 and j != i]
                    alt = float(lo_out[i] + row_min[bits].sum() + g_min[everyone ^ b])
                    slack = min(slack, alt - least)
                if sub == 0:
                    break
                sub = (sub - 1) & others
        rc = np.maximum(rc - least, 0.0)
        rcs[gi] = rc
    return GroupPrices(total, rcs, slack, best_list)


def _shared(blocks: list[tuple[int, int]]) -> bool:
    """Whether two blocks name the same provider (column; -1, left out, never counts)."""
    cols = [c for _, c in blocks if c >= 0]
    return len(cols) != len(set(cols))


def _distinct_least(
    sums: np.ndarray,
    cap: np.ndarray,
    pc: np.ndarray,
    weights: tuple[float, float],
    g_min: np.ndarray,
    block: np.ndarray,
    block_col: np.ndarray,
) -> tuple[float, list[tuple[int, int]]] | None:
    """A group's least pattern with its blocks at distinct providers, by search.

    The partition minimum of `price_groups` may put two blocks at one provider whose
    places cannot take both: no answer has that pattern, yet its value (and, since the
    master prices a pattern by its providers, a column with no split term) let the LP
    share a carer's places between halves of a group. Two blocks whose union fits are
    never better than their union, so distinct providers lose nothing. Each block takes
    one of its `k` cheapest providers with room (k members need at most k), and the
    relaxed minimum over the members left (`g_min`) prunes the search. `weights` is the
    split weight and what the first block gets back (`adj` of `price_groups`). None when
    the search passes SEARCH_NODES (large groups).
    """
    weight, adj = weights
    first = weight - adj  # a pattern's value is its blocks' sum, each with w, less this
    full, k = len(block), len(pc).bit_length() - 1
    top: dict[int, list[tuple[float, int]]] = {}
    for m in range(1, full):
        fits = (cap < 0) | (cap >= pc[m])
        cols = np.flatnonzero(fits & np.isfinite(sums[m]))
        cols = cols[np.argsort(sums[m][cols], kind="stable")[:k]]
        opts = [(float(sums[m][c]), int(c)) for c in cols.tolist()]
        if block_col[m] < 0 and np.isfinite(block[m]):
            opts.append((float(block[m]), -1))  # at a left-out provider: no clash known
        top[m] = sorted(opts)
    best: list = [first, []]  # sum of blocks plus weight per block; the empty pattern
    nodes = [0]

    def search(rest: int, used: frozenset, value: float, chosen: list) -> None:
        nodes[0] += 1
        if nodes[0] > SEARCH_NODES:
            return
        if value < best[0] - 1e-9:
            best[0], best[1] = value, list(chosen)
        if not rest or value + g_min[rest] >= best[0] - 1e-9:
            return
        low = rest & -rest
        search(rest ^ low, used, value, chosen)
        others = rest ^ low
        sub = others
        while True:
            b = sub | low
            for val, c in top[b]:
                if c < 0 or c not in used:
                    chosen.append((b, c))
                    search(rest ^ b, used | {c}, value + val + weight, chosen)
                    chosen.pop()
            if sub == 0:
                break
            sub = (sub - 1) & others

    search(full - 1, frozenset(), 0.0, [])
    if nodes[0] > SEARCH_NODES:
        return None
    return min(0.0, best[0] - first), best[1]


def pattern_from(core: Core, grp: Group, gi: int, blocks: list[tuple[int, int]], w: float):
    """The pattern of `blocks` (subset mask, provider column), or None if a block sits at
    a left-out provider."""
    pairs: list[int] = []
    for mask, col in blocks:
        if col < 0:
            return None
        for i in range(len(grp.members)):
            if mask >> i & 1:
                if grp.pair[i, col] < 0:  # a left-out pair: no column stands for it
                    return None
                pairs.append(int(grp.pair[i, col]))
    arr = np.array(sorted(pairs), dtype=np.int64)
    return make_pattern(core, gi, arr, w, grp.fixed)


def make_pattern(
    core: Core, gi: int, pairs: np.ndarray, w: float, fixed: frozenset[int] = frozenset()
) -> Pattern:
    """A pattern and its cost: arcs, and w a provider beyond the first (with fixed
    members: w a provider none of them is at)."""
    provs = set(np.unique(core.pp[pairs]).tolist())
    if fixed:
        split = w * len(provs - fixed)
    else:
        split = w * (len(provs) - 1) if provs else 0.0
    return Pattern(gi, pairs, float(core.pa[pairs].sum()) + split)


def patterns_of(core: Core, groups: list[Group], choice: np.ndarray, w: float) -> list[Pattern]:
    """Each group's pattern in a choice of pairs (pair per core unit, -1 unplaced)."""
    out = []
    for gi, grp in enumerate(groups):
        picked = choice[grp.members]
        out.append(make_pattern(core, gi, np.sort(picked[picked >= 0]), w, grp.fixed))
    return out


def together(core: Core, groups: list[Group], v: np.ndarray, w: float, n: int) -> list[Pattern]:
    """For each group, its n best patterns with every member at one provider with room."""
    out = []
    for gi, grp in enumerate(groups):
        if (grp.pair < 0).any(axis=0).all():
            continue
        common = np.flatnonzero((grp.pair >= 0).all(axis=0))
        cap = core.cap[grp.provs[common]]
        common = common[(cap < 0) | (cap >= len(grp.members))]
        if not len(common):
            continue
        cost = v[grp.pair[:, common]].sum(axis=0)
        for c in common[np.argsort(cost, kind="stable")[:n]].tolist():
            out.append(make_pattern(core, gi, np.sort(grp.pair[:, c]), w, grp.fixed))
    return out
