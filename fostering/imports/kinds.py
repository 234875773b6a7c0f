"""What each kind of import file holds, and the shared shape of a kind.

A kind names its columns (with an example each, for the template file and the docs),
checks a whole table, collecting every problem, and writes the checked rows in the
caller's transaction with Core bulk inserts in chunks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import Table, insert

from fostering.extensions import db
from fostering.imports.problems import Problems
from fostering.imports.reading import Table as FileTable
from fostering.imports.reading import records
from fostering.imports.rows import RowReader
from fostering.models.user import User

CHUNK = 1_000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    example: str


class Kind:
    key: ClassVar[str]
    title: ClassVar[Any]  # a lazy string
    area: ClassVar[str] = "placements"  # or "commissioning"
    columns: ClassVar[tuple[Column, ...]]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def template_rows(self) -> list[list[str]]:
        """The template file people download: the header and one example row."""
        return [self.column_names, [column.example for column in self.columns]]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    def rows(self, table: FileTable, problems: Problems) -> Iterator[RowReader]:
        for number, values in records(table, self.column_names):
            yield RowReader(number, values, problems)

    def check(self, table: FileTable, problems: Problems, today: date) -> list[dict]:
        """Every row's problems into ``problems``; the rows ready to write."""
        raise NotImplementedError

    def write(self, rows: list[dict], *, actor: User | None, progress: Progress) -> int:
        """Write checked rows in the caller's transaction; returns how many were written."""
        raise NotImplementedError


def bulk_insert(
    table: Table, rows: list[dict], progress: Progress, *, returning: bool = False
) -> list[int]:
    """Insert ``rows`` in chunks; with ``returning``, their new ids in the same order."""
    ids: list[int] = []
    statement = insert(table)
    if returning:
        statement = statement.returning(table.c.id, sort_by_parameter_order=True)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        if returning:
            ids.extend(db.session.scalars(statement, chunk))
        else:
            db.session.execute(statement, chunk)
        progress(start + len(chunk))
    return ids


SEXES = {
    "f": "F", "female": "F", "girl": "F", "girls": "F",
    "m": "M", "male": "M", "boy": "M", "boys": "M",
    "x": "X", "other": "X",
}  # fmt: skip

KINDS: dict[str, Kind] = {}


def register(kind: type[Kind]) -> type[Kind]:
    KINDS[kind.key] = kind()
    return kind


# The order the kinds are offered in: each file may refer to those before it.
ORDER = (
    "children",
    "carers",
    "homes",
    "agencies",
    "current_placements",
    "safeguarding",
    "historical_placements",
)


def kinds_for(area: str) -> list[Kind]:
    return sorted(
        (kind for kind in KINDS.values() if kind.area == area), key=lambda k: ORDER.index(k.key)
    )
