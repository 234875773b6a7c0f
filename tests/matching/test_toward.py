"""flow.toward: sibling groups moved where an LP's rounding has them, before the cost
flows route the single children around them (the cost level on large instances)."""

from __future__ import annotations

from typing import Any

import numpy as np
from checker import check
from helpers import agency, carer, child, instance
from hypothesis import given, settings
from test_groups import _as_result, _core, _first_levels
from test_properties import PROPERTY, instances

from matching import lp, solver
from matching.core import Core
from matching.flow import toward


def _pair(core: Core, unit_child: str, provider: str) -> int:
    """The pair of the unit holding child `unit_child` with `provider`."""
    t = core.prob.t
    c = t.child_ids.index(unit_child)
    k = next(k for k, u in enumerate(core.units.tolist()) if c in core.prob.units[u].tolist())
    p = t.provider_ids.index(provider)
    lo, hi = core.start[k], core.start[k + 1]
    return int(lo + np.flatnonzero(core.pp[lo:hi] == p)[0])


def _choice(core: Core, where: dict[str, str]) -> np.ndarray:
    out = np.full(len(core.units), -1, dtype=np.int64)
    for c, p in where.items():
        j = _pair(core, c, p)
        out[core.pos[j]] = j
    return out


def _groups() -> dict[str, Any]:
    """Three sibling groups of two that may not split; carers of two places, dearer
    the further east; an agency."""
    kids = [
        child(f"{g}{i}", sibling_group=g, easting=300000) for g in ("G", "H", "K") for i in (1, 2)
    ]
    carers = [carer(f"P{n}", places=2, easting=300000 + 20000 * n) for n in range(4)]
    return instance(kids, carers, agencies=[agency("A1", easting=300000, weekly_cost=5000)])


def test_groups_move_to_the_rounding_when_cheaper_in_passes_as_room_frees() -> None:
    _, core, _ = _core(_groups())
    keep = _choice(core, {"G1": "P3", "H1": "P1", "K1": "A1"})
    # G (saving most) wants P1, which H holds until H moves on to P0
    target = _choice(core, {"G1": "P1", "H1": "P0", "K1": "P2"})
    moved, count = toward(core, keep, target)
    assert count == 2
    # K would change kind (agency to in-house): it stays where it was
    assert moved.tolist() == _choice(core, {"G1": "P1", "H1": "P0", "K1": "A1"}).tolist()


def test_a_group_never_moves_to_a_dearer_pair_or_past_the_places() -> None:
    _, core, _ = _core(_groups())
    keep = _choice(core, {"G1": "P0", "H1": "P2", "K1": "P1"})
    target = _choice(core, {"G1": "P1", "H1": "P1", "K1": "P3"})
    moved, count = toward(core, keep, target)
    assert count == 0
    # G would pay more at P1; H wants P1 but K holds it and K's move east costs more
    assert moved.tolist() == keep.tolist()


def test_with_spare_a_group_takes_only_places_no_child_uses() -> None:
    data = _groups()
    data["children"].append(child("S1", easting=300000))
    _, core, _ = _core(data)
    keep = _choice(core, {"G1": "P3", "H1": "P2", "K1": "A1", "S1": "P1"})
    target = _choice(core, {"G1": "P1", "H1": "P0", "K1": "A1", "S1": "P1"})
    # P1 has two places and S1 one of them: G waits; H moves to the empty P0
    spare, count = toward(core, keep, target, spare=True)
    assert count == 1
    assert (
        spare.tolist() == _choice(core, {"G1": "P3", "H1": "P0", "K1": "A1", "S1": "P1"}).tolist()
    )
    # without spare G moves too (the singles' flow must then find S1 another place)
    assert toward(core, keep, target)[0][_unit(core, "G1")] == _pair(core, "G1", "P1")
    # at most `limit` moves, the most saving first
    first, count = toward(core, keep, target, limit=1)
    assert count == 1 and first[_unit(core, "G1")] == _pair(core, "G1", "P1")


def _unit(core: Core, c: str) -> int:
    return int(core.pos[_pair(core, c, "A1")])


@settings(PROPERTY, max_examples=60)
@given(instances(max_fixed=0))
def test_moved_groups_keep_kinds_and_places_and_the_cost_flows_stay_valid(
    data: dict[str, Any],
) -> None:
    prob, core, trivial = _core(data)
    if not len(core.units):
        return
    choice, targets = _first_levels(core)
    columns = np.union1d(lp.initial_columns(core, 3), choice[choice >= 0])
    priced = lp.price(core, 3, targets, columns, choice=choice)
    rounded = solver._round(core, priced.columns, priced.x, 3, targets)
    moved, _ = toward(core, choice, rounded)
    changed = np.flatnonzero(moved != choice)
    assert (core.ps[moved[changed]] > 1).all()
    assert (moved[changed] == rounded[changed]).all()
    assert (core.pih[moved[changed]] == core.pih[choice[changed]]).all()
    assert (core.pa[moved[changed]] < core.pa[choice[changed]]).all()
    groups = moved[(moved >= 0) & (core.ps[np.maximum(moved, 0)] > 1)]
    load = np.bincount(core.pp[groups], weights=core.ps[groups], minlength=len(core.cap))
    limited = core.cap >= 0
    assert (load[limited] <= core.cap[limited]).all()
    run = solver._Run(0.0, None, None, None, (0, 0, 0), [None, None, None])
    flowed = solver._cost_flows(core, np.arange(core.n_pairs), moved, targets, run)
    if flowed is not None:
        assert core.values(flowed)[:2] == targets
        assert check(data, _as_result(prob, core, trivial, flowed)).violations == []
    toward_rounded = solver._flows_toward(
        core, np.arange(core.n_pairs), choice, rounded, targets, run
    )
    if toward_rounded is not None:
        assert core.values(toward_rounded)[:2] == targets
        assert core.level_value(toward_rounded, 3) < core.level_value(choice, 3)
        assert check(data, _as_result(prob, core, trivial, toward_rounded)).violations == []
