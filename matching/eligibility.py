"""Rules 1-9 and the arc cost, vectorised with numpy over children and providers.

Eligibility by rules 1-6 depends only on a few attributes, so children and providers are
grouped into classes and checked class by class; rules 7-9 and the distance terms are
then applied to the members of each eligible class pair, a block at a time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .model import PLACEMENT_TYPES, SETTINGS, SEXES, Child, Instance, Policy, Provider

KINDS = ("carer", "home", "agency")
BLOCK = 2_000_000  # pairs computed at once
CELL_M = 10_000.0  # grid cell side (metres) for skipping far providers on large instances
NEAR_ABOVE = 2_000  # class providers above which only the near cells are priced
COST_BAND = 100.0  # weekly cost band of those cells


@dataclass(frozen=True)
class Tables:
    """Column arrays of the children (c_*) and providers (p_*) of an instance."""

    policy: Policy
    child_ids: list[str]
    provider_ids: list[str]
    c_age: np.ndarray
    c_sex: np.ndarray
    c_setting: np.ndarray
    c_type: np.ndarray
    c_needs: np.ndarray  # (children, words) bit masks over the need vocabulary
    c_east: np.ndarray
    c_north: np.ndarray
    c_school_east: np.ndarray  # NaN when the child has no school
    c_school_north: np.ndarray
    c_welsh: np.ndarray
    p_kind: np.ndarray
    p_setting: np.ndarray
    p_min_age: np.ndarray
    p_max_age: np.ndarray
    p_sexes: np.ndarray  # bit mask, all bits when any
    p_skills: np.ndarray  # (providers, words)
    p_types: np.ndarray  # bit mask, all bits when any
    p_profit_ok: np.ndarray
    p_east: np.ndarray
    p_north: np.ndarray
    p_welsh: np.ndarray
    p_cost: np.ndarray
    p_capacity: np.ndarray  # -1 when unlimited
    p_in_house: np.ndarray
    c_class: np.ndarray  # class of each child
    class_providers: list[np.ndarray]  # providers passing rules 1-6, by child class
    excluded: dict[int, np.ndarray]  # child -> providers excluded by rules 7 and 9
    needs: list[str]

    @property
    def n_children(self) -> int:
        return len(self.child_ids)

    @property
    def n_providers(self) -> int:
        return len(self.provider_ids)


def _bits(names: tuple[str, ...], table: tuple[str, ...]) -> int:
    mask = 0
    for name in names:
        mask |= 1 << table.index(name)
    return mask or (1 << len(table)) - 1


def _need_words(items: list[tuple[str, ...]], vocab: dict[str, int], words: int) -> np.ndarray:
    out = np.zeros((len(items), words), dtype=np.uint64)
    for i, names in enumerate(items):
        for name in names:
            bit = vocab.get(name)
            if bit is not None:
                out[i, bit // 64] |= np.uint64(1 << (bit % 64))
    return out


def build_tables(inst: Instance) -> Tables:
    """Column arrays and the rule 1-6 class eligibility of an instance."""
    ch, pr, pol = inst.children, inst.providers, inst.policy
    vocab: dict[str, int] = {}
    for c in ch:
        for need in c.needs:
            vocab.setdefault(need, len(vocab))
    words = max(1, (len(vocab) + 63) // 64)
    f64 = np.float64
    c_needs = _need_words([c.needs for c in ch], vocab, words)
    p_skills = _need_words([p.skills for p in pr], vocab, words)
    school_e = [c.school_easting if c.has_school else math.nan for c in ch]
    school_n = [c.school_northing if c.has_school else math.nan for c in ch]
    t = dict(
        c_age=np.array([c.age for c in ch], dtype=np.int64),
        c_sex=np.array([SEXES.index(c.sex) for c in ch], dtype=np.int64),
        c_setting=np.array([SETTINGS.index(c.setting) for c in ch], dtype=np.int64),
        c_type=np.array([PLACEMENT_TYPES.index(c.placement_type) for c in ch], dtype=np.int64),
        c_east=np.array([c.easting for c in ch], dtype=f64),
        c_north=np.array([c.northing for c in ch], dtype=f64),
        c_school_east=np.array(school_e, dtype=f64),
        c_school_north=np.array(school_n, dtype=f64),
        c_welsh=np.array([c.welsh_speaking for c in ch], dtype=bool),
        p_kind=np.array([KINDS.index(p.kind) for p in pr], dtype=np.int64),
        p_setting=np.array([SETTINGS.index(p.setting) for p in pr], dtype=np.int64),
        p_min_age=np.array([p.min_age for p in pr], dtype=np.int64),
        p_max_age=np.array([p.max_age for p in pr], dtype=np.int64),
        p_sexes=np.array([_bits(p.sexes, SEXES) for p in pr], dtype=np.int64),
        p_types=np.array([_bits(p.placement_types, PLACEMENT_TYPES) for p in pr], dtype=np.int64),
        p_profit_ok=np.array(
            [p.kind != "agency" or p.not_for_profit or not pol.not_for_profit_only for p in pr],
            dtype=bool,
        ),
        p_east=np.array([p.easting for p in pr], dtype=f64),
        p_north=np.array([p.northing for p in pr], dtype=f64),
        p_welsh=np.array([p.welsh_speaking for p in pr], dtype=bool),
        p_cost=np.array([p.weekly_cost for p in pr], dtype=f64),
        p_capacity=np.array([-1 if p.capacity is None else p.capacity for p in pr], dtype=np.int64),
        p_in_house=np.array([p.in_house for p in pr], dtype=bool),
    )
    c_class, class_providers = _classes(t, c_needs, p_skills)
    return Tables(
        policy=pol,
        child_ids=[c.id for c in ch],
        provider_ids=[p.id for p in pr],
        c_needs=c_needs,
        p_skills=p_skills,
        c_class=c_class,
        class_providers=class_providers,
        excluded=_exclusions(inst),
        needs=list(vocab),
        **t,
    )


def _classes(
    t: dict[str, np.ndarray], c_needs: np.ndarray, p_skills: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray]]:
    ckey = np.column_stack(
        [t["c_setting"], t["c_age"], t["c_sex"], t["c_type"], c_needs.view(np.int64)]
    )
    pkey = np.column_stack(
        [
            t["p_setting"],
            t["p_min_age"],
            t["p_max_age"],
            t["p_sexes"],
            t["p_types"],
            t["p_profit_ok"].astype(np.int64),
            p_skills.view(np.int64),
        ]
    )
    if len(ckey) == 0:
        return np.zeros(0, dtype=np.int64), []
    cu, c_class = np.unique(ckey, axis=0, return_inverse=True)
    if len(pkey) == 0:
        return c_class.ravel(), [np.zeros(0, dtype=np.int64) for _ in cu]
    pu, p_class = np.unique(pkey, axis=0, return_inverse=True)
    p_class = p_class.ravel()
    ok = cu[:, None, 0] == pu[None, :, 0]
    ok &= (pu[None, :, 1] <= cu[:, None, 1]) & (cu[:, None, 1] <= pu[None, :, 2])
    ok &= ((pu[None, :, 3] >> cu[:, None, 2]) & 1).astype(bool)
    ok &= ((pu[None, :, 4] >> cu[:, None, 3]) & 1).astype(bool)
    ok &= pu[None, :, 5].astype(bool)
    cn = cu[:, 4:].view(np.uint64)
    ps = pu[:, 6:].view(np.uint64)
    for w in range(cn.shape[1]):
        ok &= (cn[:, None, w] & ~ps[None, :, w]) == 0
    order = np.argsort(p_class, kind="stable")
    starts = np.searchsorted(p_class[order], np.arange(len(pu) + 1))
    members = [order[starts[k] : starts[k + 1]] for k in range(len(pu))]
    class_providers = []
    for row in ok:
        idx = np.flatnonzero(row)
        provs = np.concatenate([members[k] for k in idx]) if len(idx) else np.zeros(0, int)
        class_providers.append(np.sort(provs).astype(np.int64))
    return c_class.ravel(), class_providers


def _exclusions(inst: Instance) -> dict[int, np.ndarray]:
    """Providers excluded for each child by rule 7 (residents to avoid) and rule 9."""
    child_index = {c.id: i for i, c in enumerate(inst.children)}
    provider_index = {p.id: j for j, p in enumerate(inst.providers)}
    homes_of: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(inst.providers):
        for r in p.residents:
            homes_of[r].append(j)
    out: dict[int, set[int]] = defaultdict(set)
    for i, c in enumerate(inst.children):
        for name in c.avoid:
            out[i].update(homes_of.get(name, ()))
    for pair in inst.forbidden:
        out[child_index[pair.child]].add(provider_index[pair.provider])
    return {i: np.array(sorted(s), dtype=np.int64) for i, s in out.items() if s}


def km_matrix(t: Tables, children: np.ndarray, providers: np.ndarray) -> np.ndarray:
    dx = t.c_east[children][:, None] - t.p_east[providers][None, :]
    dy = t.c_north[children][:, None] - t.p_north[providers][None, :]
    return np.sqrt(dx * dx + dy * dy) / 1000


def arc_matrix(
    t: Tables, children: np.ndarray, providers: np.ndarray, km: np.ndarray
) -> np.ndarray:
    """Rounded arc costs (round half to even), children by providers."""
    w = t.policy.weights
    value = w.weekly_cost * t.p_cost[providers][None, :] + w.km * km
    se, sn = t.c_school_east[children], t.c_school_north[children]
    has = ~np.isnan(se)
    if has.any():
        dx = se[:, None] - t.p_east[providers][None, :]
        dy = sn[:, None] - t.p_north[providers][None, :]
        far = (np.sqrt(dx * dx + dy * dy) / 1000 > t.policy.school_radius_km) & has[:, None]
        value = value + w.school_move * far
    else:
        value = value + w.school_move * np.zeros_like(km)
    mismatch = t.c_welsh[children][:, None] & ~t.p_welsh[providers][None, :]
    value = value + w.welsh_mismatch * mismatch
    return np.rint(value).astype(np.int64)


def arc_terms(child: Child, provider: Provider, policy: Policy) -> tuple[int, float, bool, bool]:
    """The arc of one pair with its km, school move and Welsh mismatch, as the spec says."""
    w = policy.weights
    dx, dy = float(child.easting) - provider.easting, float(child.northing) - provider.northing
    km = math.sqrt(dx * dx + dy * dy) / 1000
    school_move = False
    if child.has_school:
        sx = float(child.school_easting) - provider.easting  # type: ignore[arg-type]
        sy = float(child.school_northing) - provider.northing  # type: ignore[arg-type]
        school_move = math.sqrt(sx * sx + sy * sy) / 1000 > policy.school_radius_km
    welsh = child.welsh_speaking and not provider.welsh_speaking
    value = (
        w.weekly_cost * provider.weekly_cost
        + w.km * km
        + w.school_move * school_move
        + w.welsh_mismatch * welsh
    )
    return round(value), km, school_move, welsh


def child_pairs(
    t: Tables,
    children: np.ndarray,
    providers: np.ndarray | None = None,
    keep: tuple[int, int] | None = None,
    cut: np.ndarray | None = None,
    capacity: np.ndarray | None = None,
    excluded: dict[int, np.ndarray] | None = None,
) -> Iterator[tuple[np.ndarray, ...]]:
    """Eligible (child, provider, arc) of the given children by rules 1-9, a block at a time.

    With `providers`, only those (a sorted array) are considered. With `keep`, only each
    child's `keep[0]` cheapest in-house and `keep[1]` cheapest other pairs come out, and
    `cut[child]` gets the least arc left out of each kind (inf when none was).
    `capacity` (places left, default the providers' own) and `excluded` (more providers
    to leave out per child) filter pairs first.
    """
    capacity = t.p_capacity if capacity is None else capacity
    if len(children) == 0:
        return
    max_km = t.policy.max_km
    by_class = defaultdict(list)
    for c in children.tolist():
        by_class[int(t.c_class[c])].append(c)
    for k, members in by_class.items():
        provs = t.class_providers[k]
        if providers is not None:
            provs = np.intersect1d(provs, providers, assume_unique=True)
        provs = provs[capacity[provs] != 0]
        if len(provs) == 0:
            continue
        arr = np.array(members, dtype=np.int64)
        if (
            keep is not None
            and cut is not None
            and providers is None
            and max_km is None
            and min(_weights(t.policy)) >= 0
            and len(provs) > NEAR_ABOVE
        ):
            yield from _near_pairs(t, arr, provs, keep, cut, excluded or {})
            continue
        rows = max(1, BLOCK // len(provs))
        for s in range(0, len(arr), rows):
            yield _block_pairs(t, arr[s : s + rows], provs, keep, cut, excluded or {})


def _block_pairs(
    t: Tables,
    block: np.ndarray,
    provs: np.ndarray,
    keep: tuple[int, int] | None,
    cut: np.ndarray | None,
    excluded: dict[int, np.ndarray],
) -> tuple[np.ndarray, ...]:
    max_km = t.policy.max_km
    km = km_matrix(t, block, provs)
    ok = np.ones(km.shape, dtype=bool) if max_km is None else km <= max_km
    for r, c in enumerate(block.tolist()):
        for table in (t.excluded, excluded):
            ex = table.get(c)
            if ex is not None:
                ok[r] &= ~np.isin(provs, ex, assume_unique=True)
    arc = arc_matrix(t, block, provs, km)
    if keep is not None and cut is not None:
        ok &= _cheapest_mask(arc, ok, t.p_in_house[provs], keep, cut, block)
    ri, pi = np.nonzero(ok)
    return block[ri], provs[pi], arc[ri, pi]


def _weights(policy: Policy) -> tuple[float, ...]:
    w = policy.weights
    return (w.weekly_cost, w.km, w.school_move, w.welsh_mismatch)


def _near_pairs(
    t: Tables,
    children: np.ndarray,
    provs: np.ndarray,
    keep: tuple[int, int],
    cut: np.ndarray,
    excluded: dict[int, np.ndarray],
) -> Iterator[tuple[np.ndarray, ...]]:
    """`_block_pairs` with keep, computed for each child only over the providers that
    could be among its cheapest (no distance limit, weights never negative).

    Providers are bucketed into cells by kind (in-house or not), Welsh, COST_BAND and a
    CELL_M grid square. For a child, every provider of a cell costs at least LB = least
    weekly cost + km to the box of the cell's providers (+ Welsh mismatch, + school move
    when the whole box is beyond the radius from the school), and at most UB = dearest
    cost + km to the box's far corner (+ Welsh, + school move if any corner is beyond).
    If `keep` (plus the child's excluded providers) providers have UB <= T, the cheapest
    `keep` eligible ones cost at most T, so cells with LB > T are skipped: none of theirs
    is kept, and T stays below their arcs, a valid least arc for `cut`.
    """
    w = t.policy.weights
    ih = t.p_in_house[provs]
    gx = np.floor(t.p_east[provs] / CELL_M).astype(np.int64)
    gy = np.floor(t.p_north[provs] / CELL_M).astype(np.int64)
    band = np.floor(t.p_cost[provs] / COST_BAND)
    band = (band - band.min()).astype(np.int64)
    key = np.lexsort((gy, gx, band, t.p_welsh[provs], ih))
    provs, ih = provs[key], ih[key]
    parts = np.column_stack([ih, t.p_welsh[provs], band[key], gx[key], gy[key]])
    first = np.flatnonzero(np.r_[True, (parts[1:] != parts[:-1]).any(axis=1)])
    counts = np.diff(np.r_[first, len(provs)])
    cell_ih, cell_welsh = ih[first], t.p_welsh[provs][first]
    east, north, cost = t.p_east[provs], t.p_north[provs], t.p_cost[provs]
    x0, x1 = np.minimum.reduceat(east, first), np.maximum.reduceat(east, first)
    y0, y1 = np.minimum.reduceat(north, first), np.maximum.reduceat(north, first)
    c0, c1 = np.minimum.reduceat(cost, first), np.maximum.reduceat(cost, first)
    rows = max(1, BLOCK // max(1, len(first)))
    for s in range(0, len(children), rows):
        block = children[s : s + rows]
        ex, ny = t.c_east[block][:, None], t.c_north[block][:, None]
        dx0 = np.maximum(0.0, np.maximum(x0[None, :] - ex, ex - x1[None, :]))
        dy0 = np.maximum(0.0, np.maximum(y0[None, :] - ny, ny - y1[None, :]))
        near = np.sqrt(dx0 * dx0 + dy0 * dy0) / 1000
        dx1 = np.maximum(np.abs(ex - x0[None, :]), np.abs(ex - x1[None, :]))
        dy1 = np.maximum(np.abs(ny - y0[None, :]), np.abs(ny - y1[None, :]))
        far = np.sqrt(dx1 * dx1 + dy1 * dy1) / 1000
        welsh = w.welsh_mismatch * (t.c_welsh[block][:, None] & ~cell_welsh[None, :])
        lb = w.weekly_cost * c0[None, :] + w.km * near + welsh - 1
        ub = w.weekly_cost * c1[None, :] + w.km * far + welsh + 1
        se, sn = t.c_school_east[block][:, None], t.c_school_north[block][:, None]
        school = ~np.isnan(se[:, 0])
        if school.any():
            with np.errstate(invalid="ignore"):
                sx0 = np.maximum(0.0, np.maximum(x0[None, :] - se, se - x1[None, :]))
                sy0 = np.maximum(0.0, np.maximum(y0[None, :] - sn, sn - y1[None, :]))
                sx1 = np.maximum(np.abs(se - x0[None, :]), np.abs(se - x1[None, :]))
                sy1 = np.maximum(np.abs(sn - y0[None, :]), np.abs(sn - y1[None, :]))
            radius = t.policy.school_radius_km
            moves = np.sqrt(sx0 * sx0 + sy0 * sy0) / 1000 > radius  # every provider
            may = np.sqrt(sx1 * sx1 + sy1 * sy1) / 1000 > radius  # some provider
            lb = lb + w.school_move * (moves & school[:, None])
            ub = ub + w.school_move * (may & school[:, None])
        limit = np.full((len(block), 2), np.inf)
        for kind, sel in enumerate((cell_ih, ~cell_ih)):
            cols = np.flatnonzero(sel)
            if len(cols) == 0:
                continue
            need = keep[kind] + np.array(
                [len(t.excluded.get(c, ())) + len(excluded.get(c, ())) for c in block.tolist()]
            )
            by_ub = np.argsort(ub[:, cols], axis=1)
            total = np.cumsum(counts[cols][by_ub], axis=1)
            enough = total >= need[:, None]
            has = enough[:, -1]
            at = np.argmax(enough, axis=1)
            limit[has, kind] = np.take_along_axis(ub[:, cols], by_ub, axis=1)[has, at[has]]
        for r, c in enumerate(block.tolist()):
            use = np.where(cell_ih, lb[r] <= limit[r, 0], lb[r] <= limit[r, 1])
            picked = np.flatnonzero(use)
            lengths = counts[picked]
            offsets = np.cumsum(lengths) - lengths
            idx = np.repeat(first[picked] - offsets, lengths) + np.arange(lengths.sum())
            sub = np.sort(provs[idx])
            one = np.array([c], dtype=np.int64)
            cut[c] = np.inf
            got = _block_pairs(t, one, sub, keep, cut, excluded)
            for kind, sel in enumerate((cell_ih, ~cell_ih)):
                if (sel & ~use).any():  # providers of this kind were skipped
                    cut[c, kind] = min(cut[c, kind], limit[r, kind])
            yield got


def _cheapest_mask(
    arc: np.ndarray,
    ok: np.ndarray,
    in_house: np.ndarray,
    keeps: tuple[int, int],
    cut: np.ndarray,
    rows: np.ndarray,
) -> np.ndarray:
    """Mask of each row's `keep` cheapest eligible in-house and other columns."""
    big = np.iinfo(np.int64).max
    out = np.zeros(arc.shape, dtype=bool)
    for kind, cols in enumerate((np.flatnonzero(in_house), np.flatnonzero(~in_house))):
        keep = keeps[kind]
        if len(cols) == 0:
            continue
        a = np.where(ok[:, cols], arc[:, cols], big)
        if len(cols) <= keep:
            out[:, cols] = True
            continue
        part = np.argpartition(a, keep, axis=1)
        chosen = np.zeros(a.shape, dtype=bool)
        np.put_along_axis(chosen, part[:, :keep], True, axis=1)
        out[:, cols] = chosen
        left = np.take_along_axis(a, part[:, keep : keep + 1], axis=1)[:, 0]
        rest = np.where(chosen, big, a).min(axis=1)
        least = np.minimum(left, rest).astype(np.float64)
        least[least >= big] = np.inf
        cut[rows, kind] = least
    return out
