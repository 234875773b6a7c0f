"""The benchmark's table and medians, on made-up rows (no solving here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "matching.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_matching", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_has_a_row_per_run_and_a_median(
    bench: ModuleType, capsys: pytest.CaptureFixture
) -> None:
    rows = [
        {"size": "M", "seed": s, "pairs": p, "wall_s": w, "status": "optimal", "gap": "-"}
        for s, p, w in [(1, 100, 3.0), (2, 300, 1.0), (3, 200, 2.0)]
    ]
    bench.print_table(rows)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + 3 + 1
    median = lines[-1].split(" | ")
    assert median[:3] == ["| M", "median", "200"]
    assert "2.00" in median


def test_time_limits_per_size(bench: ModuleType) -> None:
    limits = bench._limits(["M=30", "XL=900"])
    assert limits["M"] == 30.0 and limits["XL"] == 900.0 and limits["S"] == 60.0
