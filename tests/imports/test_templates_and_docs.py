"""The template files and docs/imports.md describe the columns the imports read."""

from __future__ import annotations

from pathlib import Path

import pytest

from fostering import imports
from fostering.imports.problems import sentence
from fostering.services.postcodes import load_demo_postcodes

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "imports.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(imports.KINDS))
def test_the_docs_name_each_kind_and_its_header(kind):
    assert f"(`{kind}`)" in DOCS
    header = ",".join(imports.KINDS[kind].column_names)
    assert f"```csv\n{header}\n" in DOCS


@pytest.mark.parametrize("kind", ["children", "carers", "homes", "agencies"])
def test_each_template_example_row_passes_the_dry_run(app, kind):
    from fostering.web.spreadsheets import csv_text

    load_demo_postcodes()
    checked = imports.check(kind, csv_text(imports.KINDS[kind].template_rows).encode())
    assert [sentence(problem) for problem in checked.problems.sorted_items()] == []
    assert checked.row_count == 1
