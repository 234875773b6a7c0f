"""The cost level's restricted MIP (mip.py): over every pair it finds the known optimum."""

from __future__ import annotations

import json

import numpy as np
import pytest
from helpers import CASES, expected_rows

import matching
from matching import solver
from matching.core import build_core
from matching.mip import candidates, solve_mip


def _has_units(row: dict[str, str]) -> bool:
    """Whether the case leaves the MIP anything to decide (some are settled before it)."""
    inst = matching.load_instance(json.loads((CASES / f"{row['case']}.json").read_text()))
    core, _ = build_core(matching.build_problem(inst))
    return bool(len(core.units))


# Only cases the MIP has work in: the others would be reported skipped, for nothing.
ROWS = [r for r in expected_rows() if r["status"] == "optimal" and _has_units(r)]


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_mip_over_every_pair_finds_the_optimum(row: dict[str, str]) -> None:
    inst = matching.load_instance(json.loads((CASES / f"{row['case']}.json").read_text()))
    prob = matching.build_problem(inst)
    core, trivial = build_core(prob)
    offsets = solver._offsets(prob, solver._fixed_assignments(prob, trivial))
    targets = (int(row["placed"]) - offsets[0], int(row["in_house"]) - offsets[1])
    nothing = np.full(len(core.units), -1, dtype=np.int64)  # a hint that meets no count
    found = solve_mip(core, np.arange(core.n_pairs), targets, nothing, 30.0)
    assert found is not None
    assert solver.feasible(core, found) and solver._meets(core, found, 3, targets)
    assert core.level_value(found, 3) + offsets[2] == int(row["cost"])


def test_candidates_keep_the_cheapest_by_reduced_cost_and_the_incumbent() -> None:
    inst = matching.load_instance(json.loads((CASES / "S-2001.json").read_text()))
    core, _ = build_core(matching.build_problem(inst))
    rc = np.random.default_rng(1).random(core.n_pairs)
    choice = np.array([core.start[k + 1] - 1 for k in range(len(core.units))])
    cand = candidates(core, rc, choice, 2)
    assert np.isin(choice, cand).all()
    for k in range(len(core.units)):
        span = np.arange(core.start[k], core.start[k + 1])
        best = span[np.argsort(rc[span], kind="stable")[:2]]
        assert set(cand[core.pos[cand] == k].tolist()) == set(best.tolist()) | {choice[k]}
