"""Why a child was left unplaced: the rules that excluded every provider, or full places."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .eligibility import Tables, km_matrix
from .model import SETTINGS, Unplaced
from .problem import Problem


def _rule_masks(
    prob: Problem, c: int, forbidden: dict[int, set[int]]
) -> list[tuple[str, np.ndarray]]:
    """(description, providers passing) for rules 1-9 and zero places, in rule order."""
    t: Tables = prob.t
    child = prob.inst.children[c]
    age, sex, ptype = int(t.c_age[c]), int(t.c_sex[c]), int(t.c_type[c])
    n = t.n_providers
    needs_ok = np.ones(n, dtype=bool)
    for w in range(t.c_needs.shape[1]):
        needs_ok &= (t.c_needs[c, w] & ~t.p_skills[:, w]) == 0
    excluded = np.zeros(n, dtype=bool)
    banned = t.excluded.get(c)
    if banned is not None:
        excluded[banned] = True
    forbid = np.zeros(n, dtype=bool)
    forbid[list(forbidden.get(c, ()))] = True
    masks = [
        (
            f"rule 1 (setting): not for {SETTINGS[t.c_setting[c]]} placements",
            t.p_setting == t.c_setting[c],
        ),
        (f"rule 2 (age): do not take age {age}", (t.p_min_age <= age) & (age <= t.p_max_age)),
        (f"rule 3 (sex): do not take sex {child.sex}", ((t.p_sexes >> sex) & 1).astype(bool)),
        ("rule 4 (needs): lack " + ", ".join(repr(x) for x in child.needs), needs_ok),
        (
            f"rule 5 (placement type): do not take {child.placement_type} placements",
            ((t.p_types >> ptype) & 1).astype(bool),
        ),
        ("rule 6 (profit): are not not-for-profit", t.p_profit_ok),
        ("rule 7 (safeguarding): have a resident the child must avoid", ~excluded | forbid),
    ]
    if t.policy.max_km is not None:
        km = km_matrix(t, np.array([c]), np.arange(n))[0]
        masks.append(
            (f"rule 8 (distance): are more than {t.policy.max_km:g} km away", km <= t.policy.max_km)
        )
    masks.append(("rule 9 (forbidden): are forbidden for this child", ~forbid))
    masks.append(("rule 11 (capacity): have no places", t.p_capacity != 0))
    return masks


def _excluded_by_rules(
    prob: Problem, c: int, forbidden: dict[int, set[int]]
) -> tuple[list[str], bool]:
    """Lines naming the rules that exclude providers, and whether they exclude them all."""
    alive = np.ones(prob.t.n_providers, dtype=bool)
    if not alive.any():
        return ["there are no providers"], True
    lines = []
    for text, ok in _rule_masks(prob, c, forbidden):
        removed = int((alive & ~ok).sum())
        if removed:
            left = int(alive.sum())
            who = "all" if removed == left else f"{removed:,} of"
            lines.append(
                f"{who} {left:,} remaining providers {text.split(': ', 1)[1]} "
                f"({text.split(':', 1)[0]})"
            )
            alive &= ok
    return lines, not alive.any()


def unplaced_reasons(prob: Problem, assign: dict[int, int]) -> list[Unplaced]:
    inst, t = prob.inst, prob.t
    unplaced = [c for c in range(t.n_children) if c not in assign]
    if not unplaced:
        return []
    pidx = {p.id: j for j, p in enumerate(inst.providers)}
    cidx = {ch.id: i for i, ch in enumerate(inst.children)}
    forbidden: dict[int, set[int]] = defaultdict(set)
    for pair in inst.forbidden:
        forbidden[cidx[pair.child]].add(pidx[pair.provider])
    unit_of = prob.unit_of()
    room = t.p_capacity.copy()
    for p in assign.values():
        if room[p] > 0:
            room[p] -= 1
    starts = np.searchsorted(prob.pair_unit, np.arange(prob.n_units + 1))
    out = []
    for c in unplaced:
        u = int(unit_of[c])
        provs = prob.pair_provider[starts[u] : starts[u + 1]]
        size = int(prob.size[u])
        group = inst.children[c].sibling_group
        if len(provs):
            fits = (room[provs] < 0) | (room[provs] >= size)
            if not fits.any():
                what = (
                    f"every provider eligible for the whole sibling group {group} "
                    f"({size} children who may not split) was full"
                    if size > 1
                    else "every eligible provider was full"
                )
                out.append(Unplaced(inst.children[c].id, (f"{what} ({len(provs):,} eligible)",)))
            else:
                out.append(
                    Unplaced(
                        inst.children[c].id,
                        (
                            "eligible providers with room were taken by children it must not share "
                            "with (rule 12), or the search stopped before placing it",
                        ),
                    )
                )
            continue
        lines, excluded = _excluded_by_rules(prob, c, forbidden)
        if not excluded:
            if size > 1:
                lines = [
                    f"rule 13 (siblings): no provider is eligible for all {size} children "
                    f"of sibling group {group}, who may not split, with room for all"
                ]
            else:
                lines = [
                    "rule 12 (avoid): every eligible provider is a carer or home where a "
                    "fixed child it must not share with is placed"
                ]
        out.append(Unplaced(inst.children[c].id, tuple(lines)))
    return out
