"""Command line: solve, validate and generate instances (see matching/SPEC.md)."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from typing import TextIO

# by name: the package attribute `matching.generate` is the function, not the module
from .generate import add_arguments as add_generate_arguments
from .generate import run as run_generate
from .load import load_instance
from .model import InstanceError, Progress, Result

REFUSED = 2


def _time_limit(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text[:40]!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching", description="Match children to placements."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    solve = sub.add_parser("solve", help="solve an instance and write the result as JSON")
    solve.add_argument("instance", help="instance JSON file")
    solve.add_argument("--out", help="result file (default standard output)")
    solve.add_argument(
        "--quiet",
        action="store_true",
        help="print no progress on standard error (by default: the level, incumbent, "
        "bound and gap as they change)",
    )
    solve.add_argument(
        "--time-limit",
        type=_time_limit,
        default=None,
        help="stop after this many seconds with the best solution found",
    )
    validate = sub.add_parser("validate", help="check an instance without solving it")
    validate.add_argument("instance", help="instance JSON file")
    validate.add_argument(
        "--result",
        help="also check this result of the instance: every "
        "hard rule and its placed, in_house and cost",
    )
    generate = sub.add_parser("generate", help="write a realistic seeded instance")
    add_generate_arguments(generate)
    return parser


def _refuse(problems: Sequence[str]) -> int:
    for line in problems:
        print(line, file=sys.stderr)
    return REFUSED


def _validate(path: str, result_path: str | None = None) -> int:
    inst = load_instance(path)
    if result_path is not None:
        from .verify import load_result, result_problems

        try:
            problems = result_problems(inst, load_result(result_path))
        except (OSError, ValueError) as e:
            problems = [f"{result_path}: cannot read the result ({type(e).__name__})"]
        if problems:
            return _refuse(problems)
        print(f"{result_path}: a valid result of {path}")
    from .problem import build_problem

    prob = build_problem(inst)
    kinds = {k: sum(p.kind == k for p in inst.providers) for k in ("carer", "home", "agency")}
    print(
        f"{path}: valid: {len(inst.children)} children, {kinds['carer']} carers, "
        f"{kinds['home']} homes, {kinds['agency']} agencies, {len(inst.fixed)} fixed, "
        f"{len(inst.forbidden)} forbidden, {len(prob.pair_unit):,} eligible pairs"
    )
    return 0


LEVEL_NAMES = {1: "placed", 2: "in-house", 3: "cost"}


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


class _Progress:
    """Prints the search's progress on standard error, one line whenever the level, its
    incumbent or its bound changes, so a long solve is not silent."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last: tuple[object, ...] | None = None

    def __call__(self, p: Progress) -> None:
        best = (p.placed, p.in_house, p.cost)[p.level - 1]
        bound = None if p.bound is None else round(p.bound, 1)
        key = (p.level, best, bound)
        if key == self.last:
            return
        self.last = key
        gap = "-" if p.gap is None else f"{100 * p.gap:.3f} %"
        self.line(
            f"{p.seconds:7.1f} s  level {p.level} ({LEVEL_NAMES[p.level]})  "
            f"incumbent {_number(best)}  bound {_number(p.bound)}  gap {gap}"
        )

    def done(self, result: Result) -> None:
        gap = "" if result.gap is None else f"  gap {100 * result.gap:.3f} %"
        self.line(
            f"{result.seconds:7.1f} s  {result.status}  placed {result.placed:,}  "
            f"in-house {result.in_house:,}  cost {result.cost:,}{gap}"
        )

    def line(self, text: str) -> None:
        print(f"matching: {text}", file=self.stream, flush=True)


def _solve(path: str, out: str | None, time_limit: float | None, quiet: bool = False) -> int:
    from .solver import solve

    inst = load_instance(path)
    progress = None if quiet else _Progress(sys.stderr)
    result = solve(inst, time_limit=time_limit, on_progress=progress)
    if progress is not None:
        progress.done(result)
    text = json.dumps(result.to_dict(), indent=1)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args.instance, args.result)
        if args.command == "solve":
            return _solve(args.instance, args.out, args.time_limit, args.quiet)
        return int(run_generate(args))
    except InstanceError as e:
        return _refuse(e.problems)
    except OSError as e:
        print(f"cannot write the result: {e.strerror}", file=sys.stderr)
        return 1
