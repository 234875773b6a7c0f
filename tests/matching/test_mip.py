"""The cost level's restricted MIPs (mip.py): over every pair it finds the known optimum;
over the master LP's columns and patterns it finds a valid answer no better than it."""

from __future__ import annotations

import json

import numpy as np
import pytest
from helpers import CASES, expected_rows

import matching
from matching import lp, solver
from matching.core import build_core
from matching.mip import candidates, solve_master_mip, solve_mip


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


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_mip_over_the_master_columns_is_valid_and_no_better_than_the_optimum(
    row: dict[str, str],
) -> None:
    """From the solver's own first two levels, the master priced to the end: SCIP over
    its columns and patterns keeps every rule and the counts, and never passes the
    optimum (nor its hint), with or without the columns beyond reach left out."""
    inst = matching.load_instance(json.loads((CASES / f"{row['case']}.json").read_text()))
    prob = matching.build_problem(inst)
    core, trivial = build_core(prob)
    offsets = solver._offsets(prob, solver._fixed_assignments(prob, trivial))
    run = solver._Run(0.0, None, None, None, (0, 0, 0), [None, None, None])
    choice, targets = np.full(len(core.units), -1, dtype=np.int64), (0, 0)
    for level in (1, 2):
        choice = solver._solve_level(core, level, targets, choice, run).choice
        targets = core.values(choice)[:2]
    columns = np.union1d(lp.initial_columns(core, 3), choice[choice >= 0])
    priced = lp.price(core, 3, targets, columns, choice=choice)
    assert priced.master is not None
    hint = core.level_value(choice, 3)
    for reach in (None, (priced.rc, hint - 1 - priced.bound + 1e-6)):
        found = solve_master_mip(priced.master, targets, choice, 30.0, None, reach)
        assert found is not None
        assert solver.feasible(core, found) and solver._meets(core, found, 3, targets)
        value = core.level_value(found, 3)
        assert int(row["cost"]) - offsets[2] <= value <= hint
