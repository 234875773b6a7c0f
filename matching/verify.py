"""Check a result against its instance: every hard rule, and the three reported values.

``python -m matching validate INSTANCE.json --result RESULT.json`` uses it, so a council
(or the web app's download) can show that a stored result obeys the spec without
trusting the solver that wrote it.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from typing import Any

from .model import Child, Instance, Provider, Reason
from .rules import km_between, pair_problems


def _arc(inst: Instance, child: Child, prov: Provider) -> int:
    w, pol = inst.policy.weights, inst.policy
    school_move = False
    if child.school_easting is not None and child.school_northing is not None:
        school_km = (
            math.hypot(child.school_easting - prov.easting, child.school_northing - prov.northing)
            / 1000
        )
        school_move = school_km > pol.school_radius_km
    value = (
        w.weekly_cost * prov.weekly_cost
        + w.km * km_between(child, prov)
        + w.school_move * school_move
        + w.welsh_mismatch * (child.welsh_speaking and not prov.welsh_speaking)
    )
    return round(value)


def result_problems(inst: Instance, result: Any) -> list[str]:
    """One line per way ``result`` (the parsed result JSON) breaks the spec; empty if none."""
    if not isinstance(result, dict) or not isinstance(result.get("assignments"), list):
        return ["$: expected a result object with an 'assignments' list"]
    children = {c.id: i for i, c in enumerate(inst.children)}
    providers = {p.id: i for i, p in enumerate(inst.providers)}
    out: list[str] = []
    placed: dict[str, str] = {}
    for n, a in enumerate(result["assignments"]):
        where = f"$.assignments[{n}]"
        if not isinstance(a, dict):
            out.append(f"{where}: expected an object")
            continue
        c, p = a.get("child"), a.get("provider")
        if c not in children:
            out.append(f"{where}.child: not a child of the instance")
            continue
        if p not in providers:
            out.append(f"{where}.provider: not a provider of the instance")
            continue
        if c in placed:
            out.append(f"{where}: rule 10: {c} is placed more than once")
            continue
        placed[c] = p
        out += [f"{where}: {line}" for line in pair_problems(inst, children[c], providers[p])]
    by_provider: dict[str, list[str]] = defaultdict(list)
    for c, p in placed.items():
        by_provider[p].append(c)
    for p, kids in by_provider.items():
        prov = inst.providers[providers[p]]
        if prov.capacity is not None and len(kids) > prov.capacity:
            out.append(f"rule 11 (capacity): {p} takes {prov.capacity}, given {len(kids)}")
        if prov.kind != "agency":
            here = set(kids)
            for c in kids:
                clash = sorted(here & set(inst.children[children[c]].avoid))
                if clash:
                    out.append(f"rule 12 (avoid): {c} and {', '.join(clash)} both at {p}")
    groups: dict[str, list[Child]] = defaultdict(list)
    for child in inst.children:
        if child.sibling_group is not None:
            groups[child.sibling_group].append(child)
    split_penalty = 0
    for group, members in groups.items():
        used = {placed[m.id] for m in members if m.id in placed}
        if members[0].siblings_may_split:
            split_penalty += max(len(used) - 1, 0)
        elif used and (len(used) > 1 or any(m.id not in placed for m in members)):
            out.append(f"rule 13 (siblings): group {group} must be placed together or not at all")
    for pair in inst.fixed:
        if placed.get(pair.child) != pair.provider:
            out.append(f"rule 14 (fixed): {pair.child} -> {pair.provider} is not in the result")
    out += _why_problems(result.get("unplaced"))
    n_placed = len(placed)
    in_house = sum(inst.providers[providers[p]].in_house for p in placed.values())
    cost = sum(
        _arc(inst, inst.children[children[c]], inst.providers[providers[p]])
        for c, p in placed.items()
    )
    cost += round(inst.policy.weights.sibling_split * split_penalty)
    for name, value in (("placed", n_placed), ("in_house", in_house), ("cost", cost)):
        if result.get(name) != value:
            out.append(
                f"$.{name}: the result says {str(result.get(name))[:20]}, "
                f"its assignments give {value}"
            )
    return out


def _why_problems(unplaced: Any) -> list[str]:
    """An unplaced child's ``why`` is optional (results written before it had none); when
    present it must be structured reasons, one for each English line in ``reasons``."""
    out: list[str] = []
    for n, entry in enumerate(unplaced if isinstance(unplaced, list) else []):
        if not isinstance(entry, dict) or "why" not in entry:
            continue
        where, why = f"$.unplaced[{n}].why", entry["why"]
        if not isinstance(why, list):
            out.append(f"{where}: expected a list")
            continue
        for i, item in enumerate(why):
            try:
                Reason.from_dict(item)
            except ValueError as error:
                out.append(f"{where}[{i}]: {error}")
        reasons = entry.get("reasons")
        if isinstance(reasons, list) and len(reasons) != len(why):
            out.append(f"{where}: {len(why)} reasons, but 'reasons' has {len(reasons)} lines")
    return out


def load_result(path: str) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)
