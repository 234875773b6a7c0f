"""matching's public API: what `matching` exports, and that nothing outside it goes deeper."""

from __future__ import annotations

import ast
from pathlib import Path

import matching

ROOT = Path(__file__).resolve().parents[2]
USERS = ("fostering", "bench", "tests")  # tests/matching itself may import internals


def test_every_public_name_is_there() -> None:
    missing = [name for name in matching.__all__ if not hasattr(matching, name)]
    assert missing == []
    assert callable(matching.generate) and callable(matching.solve)


def _deep_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("matching."):
                out.append(f"{path.relative_to(ROOT)}:{node.lineno}: from {node.module}")
            elif node.module == "matching":
                out += [
                    f"{path.relative_to(ROOT)}:{node.lineno}: {a.name} is not public"
                    for a in node.names
                    if a.name not in matching.__all__
                ]
        elif isinstance(node, ast.Import):
            out += [
                f"{path.relative_to(ROOT)}:{node.lineno}: import {a.name}"
                for a in node.names
                if a.name.startswith("matching.")
            ]
    return out


def test_the_app_bench_and_other_tests_use_only_the_public_api() -> None:
    own = ROOT / "tests" / "matching"
    found = [
        line
        for folder in USERS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if own not in path.parents
        for line in _deep_imports(path)
    ]
    assert found == []
