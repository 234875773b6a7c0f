"""Why a child was left unplaced: the rules that excluded every provider, or full places."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .eligibility import Tables, km_matrix
from .model import SETTINGS, Reason, Unplaced
from .problem import Problem

# Rule number -> (its name, what the providers it removes do, with {0}, {1}... the values).
_RULE_TEXT = {
    1: ("setting", "not for {0} placements"),
    2: ("age", "do not take age {0}"),
    3: ("sex", "do not take sex {0}"),
    4: ("needs", "lack {needs}"),
    5: ("placement type", "do not take {0} placements"),
    6: ("profit", "are not not-for-profit"),
    7: ("safeguarding", "have a resident the child must avoid"),
    8: ("distance", "are more than {0} km away"),
    9: ("forbidden", "are forbidden for this child"),
    11: ("capacity", "have no places"),
}


def english(reason: Reason) -> str:
    """The one English line ``Unplaced.reasons`` holds for ``reason``."""
    r = reason
    if r.kind == "rule":
        name, text = _RULE_TEXT[r.rule or 0]
        what = text.format(*r.values, needs=", ".join(repr(x) for x in r.values))
        who = "all" if r.removed == r.remaining else f"{r.removed:,} of"
        return f"{who} {r.remaining:,} remaining providers {what} (rule {r.rule} ({name}))"
    if r.kind == "full":
        return f"every eligible provider was full ({r.remaining:,} eligible)"
    if r.kind == "group_full":
        return (
            f"every provider eligible for the whole sibling group {r.values[0]} "
            f"({r.size} children who may not split) was full ({r.remaining:,} eligible)"
        )
    if r.kind == "siblings":
        return (
            f"rule 13 (siblings): no provider is eligible for all {r.size} children "
            f"of sibling group {r.values[0]}, who may not split, with room for all"
        )
    if r.kind == "avoid":
        return (
            "rule 12 (avoid): every eligible provider is a carer or home where a "
            "fixed child it must not share with is placed"
        )
    if r.kind == "taken":
        return (
            "eligible providers with room were taken by children it must not share "
            "with (rule 12), or the search stopped before placing it"
        )
    if r.kind == "no_providers":
        return "there are no providers"
    raise ValueError(f"unknown reason kind {r.kind!r}")


def _unplaced(child: str, why: list[Reason]) -> Unplaced:
    """Both forms from one list, so the English and the structured reasons agree."""
    return Unplaced(child, tuple(english(r) for r in why), tuple(why))


def _rule_masks(
    prob: Problem, c: int, forbidden: dict[int, set[int]]
) -> list[tuple[int, tuple[str, ...], np.ndarray]]:
    """(rule, values, providers passing) for rules 1-9 and zero places, in rule order."""
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
        (1, (SETTINGS[t.c_setting[c]],), t.p_setting == t.c_setting[c]),
        (2, (str(age),), (t.p_min_age <= age) & (age <= t.p_max_age)),
        (3, (child.sex,), ((t.p_sexes >> sex) & 1).astype(bool)),
        (4, tuple(child.needs), needs_ok),
        (5, (child.placement_type,), ((t.p_types >> ptype) & 1).astype(bool)),
        (6, (), t.p_profit_ok),
        (7, (), ~excluded | forbid),
    ]
    if t.policy.max_km is not None:
        km = km_matrix(t, np.array([c]), np.arange(n))[0]
        masks.append((8, (f"{t.policy.max_km:g}",), km <= t.policy.max_km))
    masks.append((9, (), ~forbid))
    masks.append((11, (), t.p_capacity != 0))
    return masks


def _excluded_by_rules(
    prob: Problem, c: int, forbidden: dict[int, set[int]]
) -> tuple[list[Reason], bool]:
    """The rules that exclude providers, and whether they exclude them all."""
    alive = np.ones(prob.t.n_providers, dtype=bool)
    if not alive.any():
        return [Reason("no_providers")], True
    why = []
    for rule, values, ok in _rule_masks(prob, c, forbidden):
        removed = int((alive & ~ok).sum())
        if removed:
            why.append(Reason("rule", rule, removed, int(alive.sum()), values=values))
            alive &= ok
    return why, not alive.any()


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
        cid = inst.children[c].id
        if len(provs):
            fits = (room[provs] < 0) | (room[provs] >= size)
            if fits.any():
                why = [Reason("taken", 12)]
            elif size > 1:
                why = [Reason("group_full", remaining=len(provs), size=size, values=(group,))]
            else:
                why = [Reason("full", remaining=len(provs))]
            out.append(_unplaced(cid, why))
            continue
        why, excluded = _excluded_by_rules(prob, c, forbidden)
        if not excluded:
            if size > 1:
                why = [Reason("siblings", 13, size=size, values=(group,))]
            else:
                why = [Reason("avoid", 12)]
        out.append(_unplaced(cid, why))
    return out
