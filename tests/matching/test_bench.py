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


def test_table_has_a_row_per_run_a_median_and_the_worst(
    bench: ModuleType, capsys: pytest.CaptureFixture
) -> None:
    rows = [
        {"size": "M", "seed": s, "pairs": p, "wall_s": w, "status": "optimal", "gap": "-"}
        for s, p, w in [(1, 100, 3.0), (2, 300, 1.0), (3, 200, 2.0)]
    ]
    bench.print_table(rows)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + 3 + 2
    median = lines[-2].split(" | ")
    assert median[:3] == ["| M", "median", "200"]
    assert "2.00" in median


def test_time_limits_per_size(bench: ModuleType) -> None:
    limits = bench._limits(["M=30", "XL=900"])
    assert limits["M"] == 30.0 and limits["XL"] == 900.0 and limits["S"] == 60.0


def test_one_time_limit_for_every_size(bench: ModuleType) -> None:
    assert set(bench._limits(["20"]).values()) == {20.0}
    assert bench._limits(["20", "L=180"])["L"] == 180.0


def test_size_by_children(bench: ModuleType) -> None:
    def data(n: int) -> dict:
        return {"children": [{}] * n}

    assert [bench.size_of(data(n)) for n in (60, 1500, 10_000, 40_000)] == ["S", "M", "L", "XL"]


def test_worst_row_takes_the_largest_time_and_the_least_gain(
    bench: ModuleType, capsys: pytest.CaptureFixture
) -> None:
    rows = [
        {"size": "M", "seed": "M-101", "to_0.1%_s": 9.0, "gap": 0.002, "more_placed": 5},
        {"size": "M", "seed": 1, "to_0.1%_s": 3.0, "gap": 0.0004, "more_placed": 9},
        {"size": "M", "seed": 2, "to_0.1%_s": 5.0, "gap": 0.0008, "more_placed": 7},
    ]
    worst = bench._worst(rows)
    assert (worst["to_0.1%_s"], worst["gap"], worst["more_placed"]) == (9.0, 0.002, 5)
    bench.print_table(rows)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" | ")[1] for line in lines[-2:]] == ["median", "worst"]
    assert "0.200%" in lines[-1]
    # a gap some instance never reached leaves the worst time unknown
    del rows[0]["to_0.1%_s"]
    assert "to_0.1%_s" not in bench._worst(rows)
