"""Benchmark the matching optimiser on generated instances, one fresh process per solve.

    python bench/matching.py [--sizes S M L XL] [--seeds 1 2 3] [--time-limit SIZE=SECONDS ...]

Each instance is generated into a temporary file first; a child process then loads and
solves it, so wall time and peak memory (the child's own maxrss) are whole-process
figures. Prints one row per run and the median per size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = {"S": [1, 2, 3], "M": [1, 2, 3], "L": [1, 2], "XL": [1]}
DEFAULT_LIMITS = {"S": 60.0, "M": 120.0, "L": 180.0, "XL": 600.0}
GAP = 0.001  # the cost gap whose first time is reported (to_0.1%_s, whole process)
COLUMNS = [
    ("size", "{}"),
    ("seed", "{}"),
    ("pairs", "{:,.0f}"),
    ("import_s", "{:.2f}"),
    ("load_s", "{:.2f}"),
    ("build_s", "{:.2f}"),
    ("l1_s", "{:.2f}"),
    ("l2_s", "{:.2f}"),
    ("l3_s", "{:.2f}"),
    ("to_0.1%_s", "{:.2f}"),
    ("wall_s", "{:.2f}"),
    ("peak_mib", "{:,.0f}"),
    ("status", "{}"),
    ("proven", "{}"),
    ("gap", "{}"),
    ("placed", "{:,.0f}"),
    ("in_house", "{:,.0f}"),
    ("more_placed", "{:+,.0f}"),
    ("more_in_house", "{:+,.0f}"),
    ("saved_week", "{:,.0f}"),
]


def child_main(instance_path: str, result_path: str, time_limit: float) -> int:
    """Runs in the child: load, solve, write the result and print the solver's figures."""
    start = time.perf_counter()
    import matching

    imported = time.perf_counter() - start
    data = json.loads(Path(instance_path).read_text())
    instance = matching.load_instance(data)
    loaded = time.perf_counter() - start
    within: list[float] = []

    def on_progress(p: Any) -> None:
        if p.level == 3 and p.gap is not None and p.gap <= GAP and not within:
            within.append(time.perf_counter() - start)

    result = matching.solve(instance, time_limit=time_limit, on_progress=on_progress)
    if result.status == "optimal" and not within:
        within.append(time.perf_counter() - start)
    out = result.to_dict()
    Path(result_path).write_text(json.dumps(out))
    levels = [_level(s) for s in getattr(result, "levels", [])]
    build = getattr(result, "build_seconds", None)
    if build is None:  # not exposed: the solve time outside the levels (build, baseline, result)
        build = result.seconds - sum(lv["seconds"] or 0 for lv in levels)
    stats = {
        "import_s": imported,
        "load_s": loaded - imported,
        "solve_s": time.perf_counter() - start - loaded,
        "pairs": getattr(result, "eligible_pairs", None),
        "build_s": build,
        "levels": levels,
        "to_gap_s": within[0] if within else None,
        "skipped": list(getattr(result, "skipped", [])),  # phases left out for time
    }
    print(json.dumps(stats))
    return 0


def _level(stats: Any) -> dict[str, Any]:
    names = ("level", "seconds", "proven", "pairs", "method")
    return {n: getattr(stats, n, None) for n in names}


def run_one(size: str, seed: int, time_limit: float, check: bool) -> dict[str, Any]:
    """Generate, then solve in a fresh process; return the row of figures."""
    import matching

    data = matching.generate(size, seed)
    with tempfile.TemporaryDirectory() as tmp:
        inst_path, res_path = Path(tmp, "instance.json"), Path(tmp, "result.json")
        inst_path.write_text(json.dumps(data))
        cmd = [sys.executable, __file__, "--child", str(inst_path), str(res_path), str(time_limit)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT)
        assert proc.stdout is not None
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            return {
                "size": size,
                "seed": seed,
                "status": f"exit {proc.returncode}",
                "wall_s": wall,
                "peak_mib": usage.ru_maxrss / 1024,
            }
        stats = json.loads(output.decode().strip().splitlines()[-1])
        result = json.loads(res_path.read_text())
    row = _row(size, seed, stats, result, wall, usage.ru_maxrss / 1024)
    if check:
        row["violations"] = _check(data, result)
    return row


def _row(size: str, seed: int, stats: dict, result: dict, wall: float, peak: float) -> dict:
    levels = {lv["level"]: lv for lv in stats["levels"]}
    base = result.get("baseline") or {}
    row: dict[str, Any] = {
        "size": size,
        "seed": seed,
        "pairs": stats["pairs"],
        "build_s": stats["build_s"],
        "import_s": stats["import_s"],
        "load_s": stats["load_s"],
        "to_0.1%_s": stats["to_gap_s"],
        "wall_s": wall,
        "peak_mib": peak,
        "status": result["status"],
        "proven": ",".join(str(n) for n in sorted(levels) if levels[n].get("proven")) or "none",
        "gap": "-" if result.get("gap") is None else f"{result['gap']:.4%}",
        "placed": result["placed"],
        "in_house": result["in_house"],
        "more_placed": base.get("more_placed"),
        "more_in_house": base.get("more_in_house"),
        "saved_week": base.get("weekly_cost_saved"),
        "solve_s": stats["solve_s"],
        "skipped": stats.get("skipped", []),
    }
    for n in (1, 2, 3):
        row[f"l{n}_s"] = levels.get(n, {}).get("seconds")
    return row


def _check(data: dict, result: dict) -> int:
    sys.path.insert(0, str(ROOT / "tests" / "matching"))
    from checker import check

    report = check(data, result)
    for v in report.violations[:10]:
        print(f"  violation: {v}", file=sys.stderr)
    return len(report.violations)


def _cell(row: dict, name: str, fmt: str) -> str:
    value = row.get(name)
    if value is None:
        return "-"
    try:
        return fmt.format(value)
    except (ValueError, TypeError):
        return str(value)


def print_table(rows: list[dict[str, Any]]) -> None:
    """Print the rows and a median row per size, as a Markdown table."""
    names = [n for n, _ in COLUMNS]
    print("| " + " | ".join(names) + " |")
    print("|" + "---|" * len(names))
    for size in dict.fromkeys(r["size"] for r in rows):
        group = [r for r in rows if r["size"] == size]
        for r in group:
            print("| " + " | ".join(_cell(r, n, f) for n, f in COLUMNS) + " |")
        if len(group) > 1:
            print("| " + " | ".join(_cell(_median(group), n, f) for n, f in COLUMNS) + " |")


def _median(group: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"size": group[0]["size"], "seed": "median"}
    for name, _ in COLUMNS[2:]:
        values = [r.get(name) for r in group]
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            out[name] = statistics.median(values)
    return out


def _limits(items: list[str]) -> dict[str, float]:
    limits = dict(DEFAULT_LIMITS)
    for item in items:
        size, _, seconds = item.partition("=")
        limits[size] = float(seconds)
    return limits


def main(argv: list[str] | None = None) -> int:
    """Parse options, run every size and seed in turn, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", nargs="+", default=list(DEFAULT_SEEDS), choices=list(DEFAULT_SEEDS)
    )
    parser.add_argument("--seeds", nargs="+", type=int, help="seeds for every size")
    parser.add_argument(
        "--time-limit",
        nargs="*",
        default=[],
        metavar="SIZE=SECONDS",
        help="per-size time limits (default S=60 M=120 L=180 XL=600)",
    )
    parser.add_argument(
        "--check", action="store_true", help="run the independent test checker on every result"
    )
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child[0], args.child[1], float(args.child[2]))
    limits = _limits(args.time_limit)
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{_memory_gib():.0f} GiB, Python {platform.python_version()}"
    )
    rows = []
    for size in args.sizes:
        for seed in args.seeds or DEFAULT_SEEDS[size]:
            row = run_one(size, seed, limits[size], args.check)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


def _memory_gib() -> float:
    pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    return pages * size / 2**30


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
