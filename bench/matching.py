"""Benchmark the matching optimiser, one fresh process per solve.

    python bench/matching.py [--sizes S M L XL] [--seeds 1 2 3] [--files A.json ...]
                             [--time-limit SECONDS | SIZE=SECONDS ...] [--check]

Instances are generated (--sizes and --seeds) or read from files (--files, any
generator; the size is told by the number of children). A child process loads and
solves each, so wall time and peak memory (the child's own maxrss) are whole-process
figures. A second child process solves the same instance's transportation relaxation
(pairs built, then one min-cost flow, rules 12 and 13 and the split term dropped): its
whole-process time is the floor, and each time is also given as a ratio to it.

Per instance: pairs, the floor, when placed and in-house were proven and the cost came
within 1 % and 0.1 % of the bound known then (whole process), the final gap, peak
memory and the gains over the hand-search baseline; then the median and the worst per
size.
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
GAPS = {"to_1%_s": 0.01, "to_0.1%_s": 0.001}  # cost gaps whose first time is reported
SIZES = ((200, "S"), (5_000, "M"), (20_000, "L"))  # most children of each size; more: XL
COLUMNS = [
    ("size", "{}"),
    ("seed", "{}"),
    ("pairs", "{:,.0f}"),
    ("load", "{}"),
    ("floor_s", "{:.2f}"),
    ("build_s", "{:.2f}"),
    ("placed_s", "{:.2f}"),
    ("in_house_s", "{:.2f}"),
    ("to_1%_s", "{:.2f}"),
    ("to_0.1%_s", "{:.2f}"),
    ("wall_s", "{:.2f}"),
    ("0.1%_x_floor", "{:.1f}"),
    ("wall_x_floor", "{:.1f}"),
    ("peak_mib", "{:,.0f}"),
    ("status", "{}"),
    ("proven", "{}"),
    ("gap", "{:.3%}"),
    ("placed", "{:,.0f}"),
    ("in_house", "{:,.0f}"),
    ("more_placed", "{:+,.0f}"),
    ("more_in_house", "{:+,.0f}"),
    ("saved_week", "{:,.0f}"),
]
# the worst of a column: the largest, except the gains (the least)
LEAST_IS_WORST = {"more_placed", "more_in_house", "saved_week", "placed", "in_house"}


def child_main(instance_path: str, result_path: str, time_limit: float) -> int:
    """Runs in the child: load, solve, write the result and print the solver's figures."""
    start = time.perf_counter()
    import matching

    imported = time.perf_counter() - start
    data = json.loads(Path(instance_path).read_text())
    instance = matching.load_instance(data)
    loaded = time.perf_counter() - start
    first: dict[str, float] = {}  # when each figure was first reached, whole process
    cost_gap: list[float | None] = [None]

    def on_progress(p: Any) -> None:
        now = time.perf_counter() - start
        if p.gap is None:
            return
        if p.level < 3 and p.gap == 0:
            first.setdefault("placed_s" if p.level == 1 else "in_house_s", now)
        if p.level == 3:
            cost_gap[0] = p.gap
            for name, gap in GAPS.items():
                if p.gap <= gap:
                    first.setdefault(name, now)

    result = matching.solve(instance, time_limit=time_limit, on_progress=on_progress)
    done = time.perf_counter() - start
    levels = [_level(s) for s in getattr(result, "levels", [])]
    proven = {lv["level"] for lv in levels if lv["proven"]}
    if result.status == "optimal":
        proven = {1, 2, 3}
        cost_gap[0] = 0.0
    # a level proven with no report (nothing to optimise) counts when the solve ended
    for level, name in ((1, "placed_s"), (2, "in_house_s")):
        if level in proven:
            first.setdefault(name, done)
    if 3 in proven:
        for name in GAPS:
            first.setdefault(name, done)
    out = result.to_dict()
    Path(result_path).write_text(json.dumps(out))
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
        "first": first,
        "cost_gap": cost_gap[0],
        "skipped": list(getattr(result, "skipped", [])),  # phases left out for time
    }
    print(json.dumps(stats))
    return 0


def floor_main(instance_path: str) -> int:
    """Runs in a child: the transportation relaxation of the instance, timed whole-process
    like a solve: import, load, the eligible pairs (matching.build_problem), then one
    min-cost flow of children to providers with the three levels as weights (most
    placed, then most in-house, then least arc), rules 12 and 13 and the split term
    dropped. Prints its figures."""
    start = time.perf_counter()
    import numpy as np
    from ortools.graph.python import min_cost_flow

    import matching

    inst = matching.load_instance(json.loads(Path(instance_path).read_text()))
    prob = matching.build_problem(inst)
    built = time.perf_counter() - start
    units, provs = prob.pair_unit, prob.pair_provider
    size = np.asarray([len(prob.units[u]) for u in range(len(prob.units))], dtype=np.int64)
    in_house = np.asarray([p.in_house for p in inst.providers], dtype=bool)
    n_units, n_provs = len(prob.units), len(inst.providers)
    children = int(size.sum())
    source, sink = n_units + n_provs, n_units + n_provs + 1
    per_child = np.rint(prob.pair_arc / size[units]).astype(np.int64)
    big_in = 10 * (int(per_child.max(initial=0)) + 1)
    big_placed = 10 * big_in
    room = np.where(prob.capacity >= 0, np.minimum(prob.capacity, children), children)
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.full(n_units, source), units, n_units + np.arange(n_provs)])
    heads = np.concatenate([np.arange(n_units), n_units + provs, np.full(n_provs, sink)])
    caps = np.concatenate([size, size[units], room])
    costs = np.concatenate(
        [
            np.zeros(n_units, dtype=np.int64),
            per_child - big_placed - big_in * in_house[provs],
            np.zeros(n_provs, dtype=np.int64),
        ]
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    flow.add_arc_with_capacity_and_unit_cost(source, sink, children, 0)  # unplaced
    flow.set_node_supply(source, children)
    flow.set_node_supply(sink, -children)
    status = flow.solve()
    print(
        json.dumps(
            {
                "floor_s": time.perf_counter() - start,
                "floor_build_s": built,
                "floor_ok": status == flow.OPTIMAL,
            }
        )
    )
    return 0


def _level(stats: Any) -> dict[str, Any]:
    names = ("level", "seconds", "proven", "pairs", "method")
    return {n: getattr(stats, n, None) for n in names}


def size_of(data: dict[str, Any]) -> str:
    """S, M, L or XL by the number of children, as the generator sizes them."""
    n = len(data.get("children") or [])
    return next((name for most, name in SIZES if n <= most), "XL")


def _child(args: list[str]) -> tuple[bytes, float, float, int]:
    """Run this file as a child with `args`: its output, wall seconds, peak MiB, exit."""
    cmd = [sys.executable, __file__, *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return output, wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def run_one(
    label: Any, data: dict[str, Any], limits: dict[str, float], check: bool, size: str = ""
) -> dict[str, Any]:
    """Solve an instance in a fresh process, then its relaxation in another; the row of
    figures, with the 1-minute load average before and after the solve."""
    size = size or size_of(data)
    with tempfile.TemporaryDirectory() as tmp:
        inst_path, res_path = Path(tmp, "instance.json"), Path(tmp, "result.json")
        inst_path.write_text(json.dumps(data))
        load_before = _load()
        output, wall, peak, code = _child(
            ["--child", str(inst_path), str(res_path), str(limits[size])]
        )
        load = f"{load_before}-{_load()}"
        if code != 0:
            return {
                "size": size,
                "seed": label,
                "status": f"exit {code}",
                "wall_s": wall,
                "peak_mib": peak,
                "load": load,
            }
        stats = json.loads(output.decode().strip().splitlines()[-1])
        result = json.loads(res_path.read_text())
        floor_out, _, _, floor_code = _child(["--floor", str(inst_path)])
        floor = json.loads(floor_out.decode().strip().splitlines()[-1]) if floor_code == 0 else {}
    row = _row(size, label, stats, result, wall, peak)
    row["load"] = load
    row["floor_s"] = floor.get("floor_s")
    if row["floor_s"]:
        row["wall_x_floor"] = wall / row["floor_s"]
        if row.get("to_0.1%_s") is not None:
            row["0.1%_x_floor"] = row["to_0.1%_s"] / row["floor_s"]
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
        **stats.get("first", {}),
        "wall_s": wall,
        "peak_mib": peak,
        "status": result["status"],
        "proven": ",".join(str(n) for n in sorted(levels) if levels[n].get("proven")) or "none",
        "gap": stats.get("cost_gap"),  # the cost level's own, at the end
        "first_open_gap": result.get("gap"),
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
            for summary in (_median(group), _worst(group)):
                print("| " + " | ".join(_cell(summary, n, f) for n, f in COLUMNS) + " |")


def _numbers(group: list[dict[str, Any]], name: str) -> list[float] | None:
    values = [r.get(name) for r in group]
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return values  # type: ignore[return-value]
    return None


def _median(group: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"size": group[0]["size"], "seed": "median"}
    for name, _ in COLUMNS[2:]:
        values = _numbers(group, name)
        if values is not None:
            out[name] = statistics.median(values)
    return out


def _worst(group: list[dict[str, Any]]) -> dict[str, Any]:
    """The worst of each column: the largest time, gap or memory, the least gain. A time
    some run never reached (a gap not met) makes the worst "-"."""
    out: dict[str, Any] = {"size": group[0]["size"], "seed": "worst"}
    for name, _ in COLUMNS[2:]:
        values = _numbers(group, name)
        if values is not None:
            out[name] = min(values) if name in LEAST_IS_WORST else max(values)
    return out


def _limits(items: list[str]) -> dict[str, float]:
    """Time limits by size from SIZE=SECONDS items, or SECONDS alone for every size."""
    limits = dict(DEFAULT_LIMITS)
    for item in items:
        size, eq, seconds = item.partition("=")
        if not eq:
            limits = dict.fromkeys(limits, float(size))
        else:
            limits[size] = float(seconds)
    return limits


def main(argv: list[str] | None = None) -> int:
    """Parse options, run every size and seed in turn, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        choices=list(DEFAULT_SEEDS),
        help="generated sizes (default every size, or none when --files is given)",
    )
    parser.add_argument("--files", nargs="+", default=[], help="instance files to solve too")
    parser.add_argument("--seeds", nargs="+", type=int, help="seeds for every size")
    parser.add_argument(
        "--time-limit",
        nargs="*",
        default=[],
        metavar="SIZE=SECONDS",
        help="per-size time limits (default S=60 M=120 L=180 XL=600), or SECONDS for all",
    )
    parser.add_argument(
        "--check", action="store_true", help="run the independent test checker on every result"
    )
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--floor", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child[0], args.child[1], float(args.child[2]))
    if args.floor:
        return floor_main(args.floor)
    limits = _limits(args.time_limit)
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{_memory_gib():.0f} GiB, Python {platform.python_version()}"
    )
    import matching

    rows = []
    for size in args.sizes if args.sizes is not None else [] if args.files else DEFAULT_SEEDS:
        for seed in args.seeds or DEFAULT_SEEDS[size]:
            row = run_one(seed, matching.generate(size, seed), limits, args.check, size)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    for path in args.files:
        row = run_one(Path(path).stem, json.loads(Path(path).read_text()), limits, args.check)
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
