"""Independent checker for matching results: shares no code with the `matching` package.

It recomputes every hard rule (1-14) and the three objective values of the spec
(`matching/SPEC.md`) from the instance alone, and holds a brute-force exact
optimiser for tiny instances.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

WEIGHTS = {
    "weekly_cost": 1,
    "km": 10,
    "school_move": 500,
    "welsh_mismatch": 200,
    "sibling_split": 2000,
}
POLICY = {"max_home_beds": 5, "not_for_profit_only": False, "school_radius_km": 15, "max_km": None}
KINDS = (("carers", "carer"), ("homes", "home"), ("agencies", "agency"))


@dataclass
class Provider:
    """A carer, home or agency with defaults filled in."""

    id: str
    kind: str
    setting: str
    in_house: bool
    capacity: int | None
    raw: dict[str, Any]


@dataclass
class Instance:
    """An instance with every default of the spec applied."""

    policy: dict[str, Any]
    weights: dict[str, float]
    children: dict[str, dict[str, Any]]
    providers: dict[str, Provider]
    fixed: list[tuple[str, str]]
    forbidden: set[tuple[str, str]]
    groups: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Report:
    """What the checker found: rule violations and the recomputed objectives."""

    violations: list[str]
    placed: int
    in_house: int
    cost: int


def _capacity(kind: str, p: dict[str, Any], policy: dict[str, Any]) -> int | None:
    if kind == "carer":
        return int(p["places"])
    if kind == "home":
        return max(0, min(p["beds"], policy["max_home_beds"]) - p.get("occupied", 0))
    return p.get("places")


def without_nulls(data: Any) -> Any:
    """The instance with every field given as null left out: the spec reads null as absent
    (a required field then reads as missing, and every optional one's default is what
    null would mean)."""
    if isinstance(data, dict):
        return {k: without_nulls(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [without_nulls(v) for v in data]
    return data


def normalise(data: dict[str, Any]) -> Instance:
    """Apply the spec's defaults to a JSON instance."""
    data = without_nulls(data)
    policy = {**POLICY, **{k: v for k, v in data.get("policy", {}).items() if k != "weights"}}
    weights = {**WEIGHTS, **data.get("policy", {}).get("weights", {})}
    children = {c["id"]: c for c in data.get("children", [])}
    providers: dict[str, Provider] = {}
    for key, kind in KINDS:
        for p in data.get(key, []):
            setting = (
                p["setting"]
                if kind == "agency"
                else ("foster" if kind == "carer" else "residential")
            )
            in_house = False if kind == "agency" else bool(p.get("in_house", True))
            providers[p["id"]] = Provider(
                p["id"], kind, setting, in_house, _capacity(kind, p, policy), p
            )
    groups: dict[str, list[str]] = defaultdict(list)
    for c in children.values():
        if c.get("sibling_group") is not None:
            groups[c["sibling_group"]].append(c["id"])
    return Instance(
        policy,
        weights,
        children,
        providers,
        [(f["child"], f["provider"]) for f in data.get("fixed", [])],
        {(f["child"], f["provider"]) for f in data.get("forbidden", [])},
        dict(groups),
    )


def km(e1: float, n1: float, e2: float, n2: float) -> float:
    """Straight-line distance in kilometres between two grid points."""
    return math.sqrt((e1 - e2) ** 2 + (n1 - n2) ** 2) / 1000


def pair_km(c: dict[str, Any], p: Provider) -> float:
    """Distance from a child's home to a provider."""
    return km(c["easting"], c["northing"], p.raw["easting"], p.raw["northing"])


def school_move(inst: Instance, c: dict[str, Any], p: Provider) -> bool:
    """True when the child has a school farther than the radius from the provider."""
    if "school_easting" not in c or c.get("school_easting") is None:
        return False
    d = km(c["school_easting"], c["school_northing"], p.raw["easting"], p.raw["northing"])
    return d > inst.policy["school_radius_km"]


def welsh_mismatch(c: dict[str, Any], p: Provider) -> bool:
    """True when a Welsh-speaking child goes to a provider that is not."""
    return bool(c.get("welsh_speaking", False)) and not p.raw.get("welsh_speaking", False)


def arc(inst: Instance, c: dict[str, Any], p: Provider) -> int:
    """The spec's arc cost, rounded half to even as a whole."""
    w = inst.weights
    value = (
        w["weekly_cost"] * p.raw["weekly_cost"]
        + w["km"] * pair_km(c, p)
        + w["school_move"] * school_move(inst, c, p)
        + w["welsh_mismatch"] * welsh_mismatch(c, p)
    )
    return round(value)


def pair_faults(inst: Instance, child_id: str, provider_id: str) -> list[int]:
    """The numbers of the pair rules (1-9) that placing this child here breaks."""
    c, p = inst.children[child_id], inst.providers[provider_id]
    raw = p.raw
    faults = []
    if c["setting"] != p.setting:
        faults.append(1)
    if not raw["min_age"] <= c["age"] <= raw["max_age"]:
        faults.append(2)
    if raw.get("sexes") and c["sex"] not in raw["sexes"]:
        faults.append(3)
    if not set(c.get("needs", [])) <= set(raw.get("skills", [])):
        faults.append(4)
    if raw.get("placement_types") and c["placement_type"] not in raw["placement_types"]:
        faults.append(5)
    if inst.policy["not_for_profit_only"] and p.kind == "agency" and not raw["not_for_profit"]:
        faults.append(6)
    if set(c.get("avoid", [])) & set(raw.get("residents", [])):
        faults.append(7)
    if inst.policy["max_km"] is not None and pair_km(c, p) > inst.policy["max_km"]:
        faults.append(8)
    if (child_id, provider_id) in inst.forbidden:
        faults.append(9)
    return faults


def avoids(inst: Instance, a: str, b: str) -> bool:
    """True when either child names the other in `avoid`."""
    return b in inst.children[a].get("avoid", []) or a in inst.children[b].get("avoid", [])


def may_split(inst: Instance, group: str) -> bool:
    """Whether a sibling group may split (the first member's flag; rule 13 checks agreement)."""
    return bool(inst.children[inst.groups[group][0]].get("siblings_may_split", False))


def objectives(inst: Instance, placement: dict[str, str]) -> tuple[int, int, int]:
    """Recompute (placed, in_house, cost) of a child -> provider placement."""
    placed = len(placement)
    in_house = sum(inst.providers[p].in_house for p in placement.values())
    cost = sum(arc(inst, inst.children[c], inst.providers[p]) for c, p in placement.items())
    for group, members in inst.groups.items():
        if may_split(inst, group):
            used = {placement[m] for m in members if m in placement}
            if used:
                cost += inst.weights["sibling_split"] * (len(used) - 1)
    return placed, in_house, round(cost)


def joint_faults(inst: Instance, placement: dict[str, str]) -> list[str]:
    """Violations of rules 11-14 by a child -> provider placement."""
    out = []
    load = Counter(placement.values())
    for pid, n in load.items():
        cap = inst.providers[pid].capacity
        if cap is not None and n > cap:
            out.append(f"rule 11: {pid} takes {n} children but has room for {cap}")
    by_provider: dict[str, list[str]] = defaultdict(list)
    for cid, pid in placement.items():
        by_provider[pid].append(cid)
    for pid, kids in by_provider.items():
        if inst.providers[pid].kind == "agency":
            continue
        for i, a in enumerate(kids):
            out.extend(
                f"rule 12: {a} and {b} avoid each other but share {pid}"
                for b in kids[i + 1 :]
                if avoids(inst, a, b)
            )
    for group, members in inst.groups.items():
        flags = {bool(inst.children[m].get("siblings_may_split", False)) for m in members}
        if len(flags) > 1:
            out.append(f"rule 13: group {group} disagrees on siblings_may_split")
        elif not may_split(inst, group):
            where = {placement.get(m) for m in members}
            if len(where) > 1:
                out.append(
                    f"rule 13: group {group} is split or partly placed: {sorted(map(str, where))}"
                )
    out.extend(
        f"rule 14: fixed pair {c}->{p} is not in the solution"
        for c, p in inst.fixed
        if placement.get(c) != p
    )
    return out


def _assignment_faults(inst: Instance, result: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    out: list[str] = []
    placement: dict[str, str] = {}
    for a in result.get("assignments", []):
        cid, pid = a.get("child"), a.get("provider")
        if cid not in inst.children or pid not in inst.providers:
            out.append(f"unknown pair {cid}->{pid}")
            continue
        if cid in placement:
            out.append(f"rule 10: {cid} is placed more than once")
            continue
        placement[cid] = pid
        out.extend(f"rule {r}: {cid}->{pid}" for r in pair_faults(inst, cid, pid))
        c, p = inst.children[cid], inst.providers[pid]
        expected = {
            "kind": p.kind,
            "in_house": p.in_house,
            "arc": arc(inst, c, p),
            "school_move": school_move(inst, c, p),
            "welsh_mismatch": welsh_mismatch(c, p),
        }
        out.extend(
            f"assignment {cid}->{pid}: {k} is {a[k]!r}, expected {v!r}"
            for k, v in expected.items()
            if k in a and a[k] != v
        )
        if "km" in a and abs(a["km"] - pair_km(c, p)) > 0.051:
            out.append(f"assignment {cid}->{pid}: km is {a['km']}, expected {pair_km(c, p):.2f}")
    return placement, out


def check(data: dict[str, Any], result: dict[str, Any]) -> Report:
    """Check a result against an instance; return the violations and recomputed objectives."""
    inst = normalise(data)
    placement, out = _assignment_faults(inst, result)
    out.extend(joint_faults(inst, placement))
    unplaced = [u["child"] for u in result.get("unplaced", [])]
    missing = set(inst.children) - set(placement) - set(unplaced)
    if missing or len(unplaced) != len(set(unplaced)) or set(unplaced) & set(placement):
        out.append(f"unplaced list is wrong: missing {sorted(missing)}")
    placed, in_house, cost = objectives(inst, placement)
    for name, value in (("placed", placed), ("in_house", in_house), ("cost", cost)):
        if name in result and result[name] != value:
            out.append(f"reported {name} {result[name]} but the assignments give {value}")
    return Report(out, placed, in_house, cost)


def _units(inst: Instance) -> list[list[str]]:
    """Children grouped into decision units: a non-splitting sibling group is one unit."""
    units, seen = [], set()
    for cid, c in inst.children.items():
        group = c.get("sibling_group")
        if group is not None and not may_split(inst, group):
            if group not in seen:
                seen.add(group)
                units.append(list(inst.groups[group]))
        else:
            units.append([cid])
    return units


def brute_force(data: dict[str, Any]) -> tuple[int, int, int] | None:
    """Exact lexicographic optimum (placed, in_house, cost) by enumeration; None if infeasible.

    Every child goes to one eligible provider or none; only for tiny instances.
    """
    inst = normalise(data)
    fixed: dict[str, set[str]] = defaultdict(set)
    for c, p in inst.fixed:
        fixed[c].add(p)
    units = _units(inst)
    options: list[list[str | None]] = []
    for unit in units:
        opts: list[str | None] = [] if any(m in fixed for m in unit) else [None]
        for pid in inst.providers:
            if all(not pair_faults(inst, m, pid) and fixed.get(m, {pid}) == {pid} for m in unit):
                opts.append(pid)
        options.append(opts)
    room = [
        sum(len(u) for u, o in zip(units[i:], options[i:], strict=True) if o != [None])
        for i in range(len(units) + 1)
    ]
    best: list[tuple[int, int, int] | None] = [None]
    placement: dict[str, str] = {}
    load: Counter[str] = Counter()

    def fits(unit: list[str], pid: str) -> bool:
        p = inst.providers[pid]
        if p.capacity is not None and load[pid] + len(unit) > p.capacity:
            return False
        if p.kind == "agency":
            return True
        others = [c for c, q in placement.items() if q == pid]
        clash = any(avoids(inst, a, b) for a in unit for b in others)
        return not clash and not any(
            avoids(inst, a, b) for j, a in enumerate(unit) for b in unit[j + 1 :]
        )

    def walk(i: int) -> None:
        if best[0] is not None and len(placement) + room[i] < best[0][0]:
            return
        if i == len(units):
            placed, in_house, cost = objectives(inst, placement)
            if best[0] is None or (placed, in_house, -cost) > (best[0][0], best[0][1], -best[0][2]):
                best[0] = (placed, in_house, cost)
            return
        for pid in options[i]:
            if pid is None:
                walk(i + 1)
            elif fits(units[i], pid):
                for m in units[i]:
                    placement[m] = pid
                load[pid] += len(units[i])
                walk(i + 1)
                load[pid] -= len(units[i])
                for m in units[i]:
                    del placement[m]

    walk(0)
    return best[0]


def violated_rules(violations: Iterable[str]) -> set[int]:
    """The rule numbers named in a list of violations."""
    return {int(v.split(":")[0].split()[1]) for v in violations if v.startswith("rule ")}


SETTINGS = {"foster", "residential"}
TYPES = {"emergency", "short_term", "long_term", "respite", "parent_and_child"}
_CHILD_FIELDS = {
    "id": str,
    "age": int,
    "sex": str,
    "setting": str,
    "placement_type": str,
    "easting": (int, float),
    "northing": (int, float),
}
_PROVIDER_FIELDS = {
    "id": str,
    "min_age": int,
    "max_age": int,
    "easting": (int, float),
    "northing": (int, float),
    "weekly_cost": (int, float),
}


def _field_problems(where: str, row: dict[str, Any], fields: dict[str, Any]) -> list[str]:
    return [
        f"{where}.{k}: missing or mistyped"
        for k, t in fields.items()
        if not isinstance(row.get(k), t) or isinstance(row.get(k), bool)
    ]


def instance_problems(data: dict[str, Any]) -> list[str]:
    """Input rules of the spec that an instance breaks (an empty list when it is valid)."""
    data = without_nulls(data)
    out: list[str] = []
    ids = Counter(
        r["id"] for key in ("children", "carers", "homes", "agencies") for r in data.get(key, [])
    )
    out.extend(f"duplicate id {i}" for i, n in ids.items() if n > 1)
    residents = {
        r for key in ("carers", "homes") for p in data.get(key, []) for r in p.get("residents", [])
    }
    for i, c in enumerate(data.get("children", [])):
        where = f"$.children[{i}]"
        out.extend(_field_problems(where, c, _CHILD_FIELDS))
        if c.get("setting") not in SETTINGS or c.get("placement_type") not in TYPES:
            out.append(f"{where}: unknown setting or placement type")
        if c.get("sex") not in ("F", "M", "X") or not 0 <= c.get("age", -1):
            out.append(f"{where}: bad sex or age")
        out.extend(
            f"{where}.avoid: unknown id {a}"
            for a in c.get("avoid", [])
            if a not in ids and a not in residents
        )
    for key in ("carers", "homes", "agencies"):
        for i, p in enumerate(data.get(key, [])):
            where = f"$.{key}[{i}]"
            out.extend(_field_problems(where, p, _PROVIDER_FIELDS))
            counts = [p.get(k) for k in ("places", "beds", "occupied") if p.get(k) is not None]
            if any(not isinstance(n, int) or n < 0 for n in counts):
                out.append(f"{where}: negative or mistyped count")
            if key == "homes" and p.get("occupied", 0) > p.get("beds", 0):
                out.append(f"{where}.occupied: above beds")
            if key == "agencies" and p.get("setting") not in SETTINGS:
                out.append(f"{where}.setting: unknown")
            if not set(p.get("placement_types", [])) <= TYPES:
                out.append(f"{where}.placement_types: unknown type")
    inst = normalise(data)
    for key in ("fixed", "forbidden"):
        out.extend(
            f"$.{key}[{i}]: unknown id"
            for i, f in enumerate(data.get(key, []))
            if f.get("child") not in inst.children or f.get("provider") not in inst.providers
        )
    for group, members in inst.groups.items():
        if len({bool(inst.children[m].get("siblings_may_split", False)) for m in members}) > 1:
            out.append(f"sibling group {group}: members disagree on siblings_may_split")
    return out
