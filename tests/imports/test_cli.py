"""``flask import KIND FILE [--dry-run]``: problems and progress on stderr, all or nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import Child
from tests.imports.files import CHILD_HEADER, add_postcodes, child_row, csv_bytes


def children_file(tmp_path, rows) -> str:
    path = tmp_path / "children.csv"
    path.write_bytes(csv_bytes(CHILD_HEADER, rows))
    return str(path)


def count_children() -> int:
    return db.session.scalar(select(func.count()).select_from(Child))


def test_dry_run_reports_and_writes_nothing(app, tmp_path):
    add_postcodes()
    path = children_file(tmp_path, [child_row("LAC1"), child_row("LAC2", Sex="?")])
    result = app.test_cli_runner().invoke(args=["import", "children", path, "--dry-run"])
    assert result.exit_code == 1
    assert "Row 3, sex: “?” is not one of: F, M, X" in result.stderr
    assert "1 problems in 2 rows." in result.stderr
    assert count_children() == 0


def test_import_shows_progress_and_imports_everything(app, tmp_path):
    add_postcodes()
    path = children_file(tmp_path, [child_row(f"LAC{n}") for n in range(1, 6)])
    runner = app.test_cli_runner()
    clean = runner.invoke(args=["import", "children", path, "--dry-run"])
    assert clean.exit_code == 0 and "No problems in 5 rows" in clean.stdout
    result = runner.invoke(args=["import", "children", path])
    assert result.exit_code == 0, result.stderr
    assert "Imported 5 of 5 rows" in result.stderr
    assert "Done: 5 rows imported." in result.stdout
    assert count_children() == 5
