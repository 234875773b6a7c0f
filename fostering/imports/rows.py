"""Checking one row: parse each cell, noting every problem against the row and column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fostering.imports import cells
from fostering.imports.cells import CellProblem
from fostering.imports.problems import Problems
from fostering.models import Postcode


class RowReader:
    """``row("date of birth", cells.required_date)`` → the value, or None with a problem."""

    def __init__(self, number: int, values: dict[str, Any], problems: Problems) -> None:
        self.number = number
        self.values = values
        self.problems = problems
        self.ok = True

    def __call__(self, column: str, parse: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(self.values.get(column), *args, **kwargs)
        except CellProblem as problem:
            self.report(column, problem.code, **problem.params)
            return None

    def text(self, column: str) -> str:
        return cells.text(self.values.get(column))

    def report(self, column: str, code: str, **params: Any) -> None:
        self.problems.add(self.number, column, code, **params)
        self.ok = False

    def postcode(
        self, column: str, directory: dict[str, Postcode], *, required: bool = True
    ) -> Postcode | None:
        """The directory row for the cell's postcode; a problem if it is not a known one."""
        raw = self.text(column)
        if not raw:
            if required:
                self.report(column, "missing")
            return None
        postcode = cells.postcode(raw)
        if postcode is None:
            self.report(column, "bad_postcode", value=raw[:20])
            return None
        found = directory.get(postcode)
        if found is None:
            self.report(column, "unknown_postcode", value=postcode)
        return found

    def needs(self, column: str, known: set[str]) -> list[str]:
        """Need codes from the council's active list; each unknown one is a problem."""
        result = cells.codes(self.values.get(column))
        for code in result:
            if code not in known:
                self.report(column, "unknown_need", value=code[:40])
        return result

    def unique(self, column: str, value: str | None, seen: dict[str, int], existing) -> None:
        """A reference new to the file and to the service (``existing`` supports ``in``)."""
        if value is None:
            return
        if value in seen:
            self.report(column, "duplicate_in_file", value=value, other=f"{seen[value]:,}")
        elif value in existing:
            self.report(column, "exists", value=value)
        else:
            seen[value] = self.number
