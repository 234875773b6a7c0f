"""`python -m matching validate INSTANCE --result RESULT`: a stored result is checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CASES, agency, carer, child, instance

from matching.cli import main


def solved(tmp_path: Path, data: dict) -> tuple[Path, dict]:
    inst = tmp_path / "instance.json"
    inst.write_text(json.dumps(data))
    out = tmp_path / "result.json"
    assert main(["solve", str(inst), "--out", str(out), "--time-limit", "30"]) == 0
    return inst, json.loads(out.read_text())


def check(tmp_path: Path, inst: Path, result: dict) -> int:
    path = tmp_path / "checked.json"
    path.write_text(json.dumps(result))
    return main(["validate", str(inst), "--result", str(path)])


def siblings_and_avoid() -> dict:
    return instance(
        [
            child("C1", sibling_group="G1"),
            child("C2", sibling_group="G1"),
            child("C3", avoid=["C4"]),
            child("C4"),
        ],
        [carer("H1", places=2), carer("H2", places=2)],
        agencies=[agency("A1", places=1)],
    )


@pytest.mark.parametrize("case", ["tiny-1000", "tiny-1003", "S-2001"])
def test_the_solvers_results_are_valid(tmp_path: Path, case: str, capsys) -> None:
    data = json.loads((CASES / f"{case}.json").read_text())
    inst, result = solved(tmp_path, data)
    assert check(tmp_path, inst, result) == 0
    assert "a valid result" in capsys.readouterr().out


def test_a_wrong_cost_is_refused(tmp_path: Path, capsys) -> None:
    inst, result = solved(tmp_path, siblings_and_avoid())
    result["cost"] += 1
    assert check(tmp_path, inst, result) == 2
    assert "$.cost: the result says" in capsys.readouterr().err


def test_a_child_placed_twice_and_a_full_provider_are_refused(tmp_path: Path, capsys) -> None:
    inst, result = solved(tmp_path, siblings_and_avoid())
    first = result["assignments"][0]
    result["assignments"].append(dict(first))
    result["assignments"] += [{"child": "C3", "provider": "A1"}, {"child": "C4", "provider": "A1"}]
    assert check(tmp_path, inst, result) == 2
    err = capsys.readouterr().err
    assert "rule 10" in err


def test_split_siblings_and_children_who_must_be_apart_are_refused(tmp_path: Path, capsys) -> None:
    inst, result = solved(tmp_path, siblings_and_avoid())
    result["assignments"] = [
        {"child": "C1", "provider": "H1"},
        {"child": "C2", "provider": "H2"},
        {"child": "C3", "provider": "H1"},
        {"child": "C4", "provider": "H1"},
    ]
    assert check(tmp_path, inst, result) == 2
    err = capsys.readouterr().err
    assert "rule 13 (siblings): group G1" in err
    assert "rule 12 (avoid)" in err
    assert "rule 11 (capacity): H1" in err


def test_an_unreadable_result_is_refused_without_a_traceback(tmp_path: Path, capsys) -> None:
    inst, _ = solved(tmp_path, siblings_and_avoid())
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["validate", str(inst), "--result", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "cannot read the result" in err and "Traceback" not in err
