"""Realistic, seeded placement-matching instances around real Welsh towns.

`generate(size, seed)` returns a JSON-ready instance as `matching/SPEC.md`
describes it; `add_arguments` and `run` serve `python -m matching generate`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from .generate_data import (
    AGE_WEIGHTS,
    AGENCY_SKILL_RATES,
    AWAY,
    CARER_SKILL_RATES,
    HOME_SKILL_RATES,
    NEED_RATES,
    SEXES,
    SIZES,
    SKILLS,
    TOWNS,
    TYPES,
    WEIGHTS,
)


def _town_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = np.array(list(TOWNS.values()), dtype=float)
    return rows[:, :2], rows[:, 2] / rows[:, 2].sum(), rows[:, 3]


def _places(rng: np.random.Generator, n: int, spread_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Town index and gaussian-scattered grid points for n people or premises."""
    xy, weight, _ = _town_arrays()
    town = rng.choice(len(weight), size=n, p=weight)
    pts = xy[town] + rng.normal(0, spread_m, size=(n, 2))
    return town, np.rint(pts).astype(np.int64)


def _masks(rng: np.random.Generator, rates: Sequence[float] | np.ndarray, n: int) -> np.ndarray:
    """Bitmask per row: bit j set with probability rates[j] (rates may be per row)."""
    rates = np.broadcast_to(np.asarray(rates, dtype=float), (n, len(SKILLS)))
    bits = rng.random((n, len(SKILLS))) < rates
    return bits.astype(np.int64) @ (1 << np.arange(len(SKILLS)))


def _popcount(masks: np.ndarray) -> np.ndarray:
    return ((masks[:, None] >> np.arange(len(SKILLS))) & 1).sum(axis=1)


def _names(mask: int, table: Sequence[str], cache: dict[int, list[str]]) -> list[str]:
    if mask not in cache:
        cache[mask] = [t for j, t in enumerate(table) if mask >> j & 1]
    return list(cache[mask])


def _age_bands(
    rng: np.random.Generator, n: int, bands: Sequence[tuple[int, int]], weights: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    pick = rng.choice(len(bands), size=n, p=np.asarray(weights) / np.sum(weights))
    arr = np.array(bands)[pick]
    return arr[:, 0], arr[:, 1]


def _type_masks(
    rng: np.random.Generator, n: int, choices: Sequence[Sequence[str]], weights: Sequence[float]
) -> np.ndarray:
    """Placement-type bitmask per provider; 0 means any type."""
    masks = np.array([sum(1 << TYPES.index(t) for t in c) for c in choices])
    return masks[rng.choice(len(choices), size=n, p=np.asarray(weights) / np.sum(weights))]


def _sex_masks(rng: np.random.Generator, n: int, p_f: float, p_m: float, p_fm: float) -> np.ndarray:
    """Accepted sexes as a bitmask (F=1, M=2, X=4); 0 means any."""
    return rng.choice([0, 1, 2, 3], size=n, p=[1 - p_f - p_m - p_fm, p_f, p_m, p_fm])


class _Builder:
    """Holds the random generator and the arrays while one instance is made."""

    def __init__(self, size: str, seed: int) -> None:
        self.rng = np.random.default_rng([seed, list(SIZES).index(size)])
        self.n_children, self.n_carers, self.n_homes, self.n_agencies = SIZES[size]
        self.next_resident = 0

    def residents(self, counts: np.ndarray) -> list[list[str]]:
        start = self.next_resident
        self.next_resident += int(counts.sum())
        ids = [f"R{start + i + 1:07d}" for i in range(int(counts.sum()))]
        bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
        return [ids[a:b] for a, b in itertools.pairwise(bounds)]

    def children(self) -> dict[str, np.ndarray]:
        rng, n = self.rng, self.n_children
        town, pts = _places(rng, n, 3000)
        age = rng.choice(18, size=n, p=AGE_WEIGHTS / AGE_WEIGHTS.sum())
        group, split = self._sibling_groups(n)
        lead = self._group_lead(group)
        pts, town = pts[lead], town[lead]
        age = np.where(group >= 0, np.clip(age[lead] + rng.integers(-4, 5, n), 0, 17), age)
        p_res = np.select([age < 8, age < 12], [0.02, 0.10], 0.30)
        residential = (rng.random(n) < p_res)[lead] & (group < 0)
        teen = age >= 12
        needs = np.zeros(n, dtype=np.int64)
        for j, name in enumerate(SKILLS[:-1]):
            young, old, res = NEED_RATES[name]
            rate = np.where(teen, old, young) + np.where(residential, res, 0.0)
            needs |= (rng.random(n) < rate).astype(np.int64) << j
        ptype = np.where(
            residential,
            rng.choice([0, 1, 2], size=n, p=[0.15, 0.25, 0.60]),
            rng.choice([0, 1, 2, 3], size=n, p=[0.13, 0.27, 0.52, 0.08]),
        )
        pac = ~residential & (group < 0) & ((age == 0) | (age >= 15)) & (rng.random(n) < 0.12)
        ptype = np.where(pac, 4, ptype[lead])
        needs |= pac.astype(np.int64) << SKILLS.index("parent_and_child")
        sex = rng.choice(3, size=n, p=[0.47, 0.50, 0.03])
        school = (age >= 4) & (rng.random(n) < 0.92)
        far = rng.random(n) < 0.12
        school_pts = pts + rng.normal(0, 1, (n, 2)) * np.where(far, 9000, 1800)[:, None]
        welsh = (rng.random(n) < _town_arrays()[2][town])[lead]
        return {
            "town": town,
            "pts": pts,
            "age": age,
            "sex": sex,
            "group": group,
            "split": split,
            "residential": residential,
            "needs": needs,
            "ptype": ptype,
            "school": school,
            "school_pts": np.rint(school_pts).astype(np.int64),
            "welsh": welsh,
        }

    def _sibling_groups(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Group index per child (-1 for none) and may-split flag per group."""
        sizes = self.rng.choice([2, 3, 4], size=max(1, n // 6), p=[0.6, 0.28, 0.12])
        sizes = sizes[np.cumsum(sizes) <= int(0.32 * n)]
        group = np.full(n, -1, dtype=np.int64)
        group[: int(sizes.sum())] = np.repeat(np.arange(len(sizes)), sizes)
        group = group[self.rng.permutation(n)]
        return group, self.rng.random(len(sizes)) < 0.25

    @staticmethod
    def _group_lead(group: np.ndarray) -> np.ndarray:
        """For each child, the index of its group's first member (itself if none)."""
        lead = np.arange(len(group))
        in_group = np.flatnonzero(group >= 0)
        first = np.full(group.max() + 1 if len(in_group) else 0, len(group), dtype=np.int64)
        np.minimum.at(first, group[in_group], in_group)  # smallest member index per group
        lead[in_group] = first[group[in_group]]
        return lead

    def carers(self) -> dict[str, Any]:
        rng, n = self.rng, self.n_carers
        town, pts = _places(rng, n, 5000)
        lo, hi = _age_bands(
            rng, n, [(0, 4), (0, 11), (0, 17), (5, 17), (11, 17), (0, 2)], [12, 25, 30, 15, 15, 3]
        )
        skills = _masks(rng, CARER_SKILL_RATES, n)
        types = _type_masks(
            rng,
            n,
            [
                [],
                ["long_term"],
                ["short_term", "long_term"],
                ["emergency", "short_term"],
                ["respite"],
                ["emergency", "short_term", "long_term"],
            ],
            [50, 15, 15, 8, 4, 8],
        )
        pac = skills >> SKILLS.index("parent_and_child") & 1 == 1
        types = np.where(pac & (types != 0), types | 1 << TYPES.index("parent_and_child"), types)
        n_res = np.where(rng.random(n) < 0.35, rng.integers(1, 3, n), 0)
        cost = rng.integers(350, 560, n) + 15 * _popcount(skills)
        return {
            "town": town,
            "pts": pts,
            "lo": lo,
            "hi": hi,
            "skills": skills,
            "types": types,
            "sexes": _sex_masks(rng, n, 0.08, 0.05, 0.08),
            "cap": rng.choice([1, 2, 3, 4], size=n, p=[0.45, 0.38, 0.15, 0.02]),
            "in_house": rng.random(n) < 0.97,
            "welsh": rng.random(n) < _town_arrays()[2][town],
            "cost": np.minimum(cost, 600),
            "residents": self.residents(n_res),
        }

    def homes(self) -> dict[str, Any]:
        rng, n = self.rng, self.n_homes
        town, pts = _places(rng, n, 4000)
        in_house = rng.random(n) < 0.9
        pts = self.out_of_county(pts, ~in_house & (rng.random(n) < 0.5))
        lo, hi = _age_bands(rng, n, [(8, 17), (11, 17), (12, 17), (13, 17)], [20, 40, 30, 10])
        beds = rng.choice([2, 3, 4, 5], size=n, p=[0.15, 0.3, 0.3, 0.25])
        occupied = np.minimum(beds, rng.binomial(beds, 0.55))
        skills = _masks(rng, HOME_SKILL_RATES, n)
        types = _type_masks(
            rng,
            n,
            [[], ["long_term"], ["short_term", "long_term"], ["emergency", "short_term"]],
            [60, 20, 10, 10],
        )
        return {
            "town": town,
            "pts": pts,
            "lo": lo,
            "hi": hi,
            "skills": skills,
            "types": types,
            "sexes": _sex_masks(rng, n, 0.08, 0.08, 0.0),
            "beds": beds,
            "occupied": occupied,
            "cap": np.maximum(0, np.minimum(beds, 5) - occupied),
            "in_house": in_house,
            "welsh": rng.random(n) < 0.5 * _town_arrays()[2][town],
            "cost": rng.integers(3500, 6001, n),
            "residents": self.residents(occupied),
        }

    def out_of_county(self, pts: np.ndarray, away: np.ndarray) -> np.ndarray:
        """Move the chosen premises to English border towns and cities beyond."""
        rng, n = self.rng, len(pts)
        away_xy = np.array(list(AWAY.values()))[rng.integers(0, len(AWAY), n)]
        moved = np.rint(away_xy + rng.normal(0, 3000, (n, 2))).astype(np.int64)
        return np.where(away[:, None], moved, pts)

    def agencies(self) -> dict[str, Any]:
        rng, n = self.rng, self.n_agencies
        _, pts = _places(rng, n, 6000)
        pts = self.out_of_county(pts, rng.random(n) < 0.2)
        residential = rng.random(n) < 0.3
        nfp = rng.random(n) < np.where(residential, 0.15, 0.35)
        fost_lo, fost_hi = _age_bands(rng, n, [(0, 17), (0, 11), (5, 17)], [70, 15, 15])
        res_lo, res_hi = _age_bands(rng, n, [(8, 17), (11, 17)], [50, 50])
        places = np.where(residential, rng.integers(1, 9, n), rng.integers(5, 41, n))
        cost = np.where(
            residential,
            np.where(nfp, rng.integers(4000, 6501, n), rng.integers(4500, 9001, n)),
            rng.integers(800, 1401, n),
        )
        return {
            "pts": pts,
            "lo": np.where(residential, res_lo, fost_lo),
            "hi": np.where(residential, res_hi, fost_hi),
            "residential": residential,
            "skills": _masks(rng, AGENCY_SKILL_RATES, n),
            "nfp": nfp,
            "types": _type_masks(
                rng,
                n,
                [[], ["short_term", "long_term"], ["emergency", "short_term", "long_term"]],
                [50, 30, 20],
            ),
            "sexes": np.zeros(n, dtype=np.int64),
            "places": np.where(rng.random(n) < 0.15, -1, places),
            "welsh": rng.random(n) < 0.1,
            "cost": cost,
        }

    def avoid_lists(self, ch: dict[str, np.ndarray], residents: list[str]) -> list[list[str]]:
        """About 4% avoid another child of the run, 3% someone already living somewhere."""
        rng, n = self.rng, self.n_children
        avoid: list[list[str]] = [[] for _ in range(n)]
        other = rng.integers(0, n, n)
        wants = (rng.random(n) < 0.04) & (other != np.arange(n))
        wants &= (ch["group"] < 0) | (ch["group"][other] != ch["group"])
        for i in np.flatnonzero(wants).tolist():
            avoid[i].append(_child_id(int(other[i])))
        if residents:
            who = rng.integers(0, len(residents), n)
            for i in np.flatnonzero(rng.random(n) < 0.03).tolist():
                avoid[i].append(residents[int(who[i])])
        return avoid

    def eligible(
        self,
        ch: dict[str, np.ndarray],
        i: int,
        prov: dict[str, Any],
        setting_ok: np.ndarray | bool,
        avoid: set[str],
    ) -> np.ndarray:
        """Providers of one kind that child i may go to under rules 1-5 and 7."""
        age, sex = ch["age"][i], ch["sex"][i]
        ok = np.asarray(setting_ok) & (prov["lo"] <= age) & (age <= prov["hi"])
        ok &= (prov["sexes"] == 0) | (prov["sexes"] >> sex & 1 == 1)
        ok &= ch["needs"][i] & ~prov["skills"] == 0
        ok &= (prov["types"] == 0) | (prov["types"] >> ch["ptype"][i] & 1 == 1)
        if avoid and "residents" in prov:
            ok &= np.array([not avoid.intersection(r) for r in prov["residents"]])
        return ok


def _child_id(i: int) -> str:
    return f"C{i + 1:06d}"


PREFIX = {"carers": ("H", 6), "homes": ("K", 5), "agencies": ("A", 4)}
PAIRS = {"S": (2, 4), "M": (5, 10), "L": (12, 25), "XL": (25, 50)}


def _provider_id(kind: str, i: int) -> str:
    letter, width = PREFIX[kind]
    return f"{letter}{i + 1:0{width}d}"


def _km2(pts: np.ndarray, point: np.ndarray) -> np.ndarray:
    return ((pts - point) ** 2).sum(axis=1)


def _fixed_and_forbidden(
    b: _Builder, ch: dict[str, np.ndarray], provs: dict[str, Any], avoid: list[list[str]], size: str
) -> tuple[list[dict], list[dict]]:
    """A handful of fixed pairs that can all hold, and forbidden pairs that matter."""
    n_fixed, n_forbidden = PAIRS[size]
    order = b.rng.permutation(b.n_children)
    setting = {"carers": ~ch["residential"], "homes": ch["residential"]}
    room = {k: provs[k]["cap"].copy() for k in ("carers", "homes")}
    fixed: list[dict] = []
    taken: set[tuple[str, int]] = set()
    rest = []
    for i in order.tolist():
        kind = "homes" if ch["residential"][i] else "carers"
        if len(fixed) == n_fixed or ch["group"][i] >= 0:
            rest.append(i)
            continue
        ok = b.eligible(ch, i, provs[kind], setting[kind][i], set(avoid[i]))
        ok &= (room[kind] > 0) & provs[kind]["in_house"]
        if not ok.any():
            rest.append(i)
            continue
        cand = np.flatnonzero(ok)
        near = cand[np.argsort(_km2(provs[kind]["pts"][cand], ch["pts"][i]))[:5]]
        j = int(b.rng.choice(near))
        room[kind][j] -= 1
        taken.add((kind, j))
        fixed.append({"child": _child_id(i), "provider": _provider_id(kind, j)})
    forbidden: list[dict] = []
    for i in rest[:n_forbidden]:
        kind = "homes" if ch["residential"][i] else "carers"
        ok = b.eligible(ch, i, provs[kind], setting[kind][i], set(avoid[i]))
        if ok.any():
            cand = np.flatnonzero(ok)
            j = int(cand[np.argmin(_km2(provs[kind]["pts"][cand], ch["pts"][i]))])
            forbidden.append({"child": _child_id(i), "provider": _provider_id(kind, j)})
    return fixed, forbidden


def _child_dicts(ch: dict[str, np.ndarray], avoid: list[list[str]]) -> list[dict[str, Any]]:
    cols = {k: v.tolist() for k, v in ch.items() if isinstance(v, np.ndarray)}
    split = ch["split"].tolist()
    cache: dict[int, list[str]] = {}
    out = []
    for i in range(len(cols["age"])):
        c: dict[str, Any] = {
            "id": _child_id(i),
            "age": cols["age"][i],
            "sex": SEXES[cols["sex"][i]],
            "setting": "residential" if cols["residential"][i] else "foster",
            "placement_type": TYPES[cols["ptype"][i]],
            "needs": _names(cols["needs"][i], SKILLS, cache),
            "easting": cols["pts"][i][0],
            "northing": cols["pts"][i][1],
        }
        if cols["school"][i]:
            c["school_easting"], c["school_northing"] = cols["school_pts"][i]
        c["welsh_speaking"] = cols["welsh"][i]
        g = cols["group"][i]
        if g >= 0:
            c["sibling_group"], c["siblings_may_split"] = f"G{g + 1:05d}", split[g]
        if avoid[i]:
            c["avoid"] = avoid[i]
        out.append(c)
    return out


def _provider_dicts(kind: str, prov: dict[str, Any]) -> list[dict[str, Any]]:
    cols = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in prov.items()}
    scache: dict[int, list[str]] = {}
    tcache: dict[int, list[str]] = {}
    xcache: dict[int, list[str]] = {}
    out = []
    for i in range(len(cols["lo"])):
        p: dict[str, Any] = {"id": _provider_id(kind, i)}
        if kind == "agencies":
            p["setting"] = "residential" if cols["residential"][i] else "foster"
            p["not_for_profit"] = cols["nfp"][i]
            p["places"] = None if cols["places"][i] < 0 else cols["places"][i]
        else:
            p["in_house"] = cols["in_house"][i]
            if kind == "carers":
                p["places"] = cols["cap"][i]
            else:
                p["beds"], p["occupied"] = cols["beds"][i], cols["occupied"][i]
        p.update(
            {
                "min_age": cols["lo"][i],
                "max_age": cols["hi"][i],
                "sexes": _names(cols["sexes"][i], SEXES, xcache),
                "skills": _names(cols["skills"][i], SKILLS, scache),
                "placement_types": _names(cols["types"][i], TYPES, tcache),
                "easting": cols["pts"][i][0],
                "northing": cols["pts"][i][1],
                "welsh_speaking": cols["welsh"][i],
                "weekly_cost": cols["cost"][i],
            }
        )
        if kind != "agencies":
            p["residents"] = cols["residents"][i]
        out.append(p)
    return out


def generate(size: str, seed: int) -> dict[str, Any]:
    """A realistic instance of the given size (S, M, L or XL), the same for the same seed."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    b = _Builder(size, seed)
    ch = b.children()
    provs = {"carers": b.carers(), "homes": b.homes(), "agencies": b.agencies()}
    residents = [r for k in ("carers", "homes") for rs in provs[k]["residents"] for r in rs]
    avoid = b.avoid_lists(ch, residents)
    fixed, forbidden = _fixed_and_forbidden(b, ch, provs, avoid, size)
    return {
        "policy": {
            "max_home_beds": 5,
            "not_for_profit_only": False,
            "school_radius_km": 15,
            "max_km": None,
            "weights": dict(WEIGHTS),
        },
        "children": _child_dicts(ch, avoid),
        **{k: _provider_dicts(k, v) for k, v in provs.items()},
        "fixed": fixed,
        "forbidden": forbidden,
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of `python -m matching generate`."""
    parser.add_argument(
        "--size",
        choices=list(SIZES),
        default="S",
        help="S 60 children, M 1,500, L 10,000, XL 40,000",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", default=None, help="output file (default standard output)")


def run(args: argparse.Namespace) -> int:
    """Write the generated instance as JSON; return the exit status."""
    instance = generate(args.size, args.seed)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(instance, f, separators=(",", ":"))
    else:
        json.dump(instance, sys.stdout, separators=(",", ":"))
        sys.stdout.write("\n")
    return 0
