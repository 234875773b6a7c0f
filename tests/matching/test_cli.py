"""`python -m matching solve|validate|generate`: exit codes, outputs, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CASES, agency, carer, child, instance

from matching.cli import main


def write(tmp_path: Path, data: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def small() -> dict:
    return instance(
        [child("C1"), child("C2", age=15)],
        [carer("H1", places=1), carer("H2", places=1, min_age=12)],
        agencies=[agency("A1")],
    )


def test_solve_writes_the_result_file(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    assert (
        main(["solve", str(write(tmp_path, small())), "--out", str(out), "--time-limit", "30"]) == 0
    )
    result = json.loads(out.read_text())
    assert (result["status"], result["placed"], result["in_house"]) == ("optimal", 2, 2)
    assert {a["child"]: a["provider"] for a in result["assignments"]} == {"C1": "H1", "C2": "H2"}
    assert set(result["assignments"][0]) == {
        "child",
        "provider",
        "kind",
        "in_house",
        "arc",
        "km",
        "school_move",
        "welsh_mismatch",
    }
    assert result["unplaced"] == []
    assert "gap" not in result


def test_solve_prints_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["solve", str(write(tmp_path, small()))]) == 0
    assert json.loads(capsys.readouterr().out)["placed"] == 2


def test_validate_prints_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", str(write(tmp_path, small()))]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "valid: 2 children, 2 carers, 0 homes, 1 agencies" in out[0]


def test_bad_instance_exits_2_with_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    data = small()
    data["children"][1]["age"] = "9"
    data["carers"][0]["places"] = -2
    for command in ("solve", "validate"):
        assert main([command, str(write(tmp_path, data))]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err == [
            '$.children[1].age: expected a whole number, got "9"',
            "$.carers[0].places: must not be below 0, got -2",
        ]


def test_impossible_fixed_pair_names_pair_and_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    data = small()
    data["fixed"] = [{"child": "C1", "provider": "H2"}]  # H2 takes ages 12+
    assert main(["solve", str(write(tmp_path, data))]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("$.fixed[0]: fixed pair C1 -> H2 cannot hold: rule 2 (age)")


def test_missing_file_and_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "matching", "solve", str(tmp_path / "nope.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("$: cannot read nope.json")


def test_refused_case_in_a_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "matching", "solve", str(CASES / "tiny-1002.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "C2 -> P1" in proc.stderr and "rule 13" in proc.stderr


def test_generate_delegates_to_the_generator(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    assert main(["generate", "--size", "S", "--seed", "3", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert len(data["children"]) == 60
    assert main(["validate", str(out)]) == 0


def test_solve_prints_progress_on_standard_error(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["solve", str(write(tmp_path, small()))]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["placed"] == 2  # the result alone on standard output
    lines = captured.err.splitlines()
    assert lines and all(line.startswith("matching: ") for line in lines)
    assert any("level 1 (placed)" in line and "incumbent 2" in line for line in lines)
    assert any("level 3 (cost)" in line and "gap 0.000 %" in line for line in lines)
    assert "optimal  placed 2  in-house 2" in lines[-1]
    assert len(lines) == len(set(lines))  # a line only when something changed


def test_quiet_prints_no_progress(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["solve", str(write(tmp_path, small())), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["placed"] == 2
    assert captured.err == ""
