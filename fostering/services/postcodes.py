"""The postcode directory: normalising, looking up and loading the ONS Postcode Directory.

The ONS Postcode Directory is a CSV of about 2.7 million rows and some 50 columns; only
``pcds`` (the postcode), ``oseast1m`` and ``osnrth1m`` (OS grid reference in metres) and
``oslaua`` (local authority code) are read. The file is streamed and written in chunks
of bulk inserts, all in one transaction: a load either replaces the whole table or, when
the file is bad, changes nothing.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from flask import current_app
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from fostering.extensions import db
from fostering.models.postcode import Postcode
from fostering.services.contact import normalise_postcode
from fostering.services.transactions import transaction

log = logging.getLogger(__name__)

# The ONS column each of our fields comes from.
COLUMNS = {
    "postcode": "pcds",
    "easting": "oseast1m",
    "northing": "osnrth1m",
    "local_authority": "oslaua",
}


def normalise(text: str | None) -> str | None:
    """``"cf101aa"`` → ``"CF10 1AA"``; None if it is not a UK postcode."""
    return normalise_postcode(text or "")


def lookup(postcode: str | None) -> Postcode | None:
    """The directory's row for ``postcode`` (in any spacing or case), or None."""
    normalised = normalise(postcode)
    if normalised is None:
        return None
    return db.session.get(Postcode, normalised)


def is_out_of_county(postcode_row: Postcode) -> bool:
    """True when the postcode lies outside the council's own local authority."""
    return postcode_row.local_authority != current_app.config["COUNCIL_LA_CODE"]


class DirectoryError(ValueError):
    """The file is not a usable Postcode Directory; nothing was loaded."""


@dataclass
class LoadResult:
    loaded: int = 0
    skipped_no_grid: int = 0
    skipped_bad_postcode: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.skipped_no_grid + self.skipped_bad_postcode


# At most this many skipped rows are described individually in the warnings.
MAX_WARNINGS = 20


def _header_map(fieldnames: list[str] | None) -> dict[str, str]:
    """Our field → the file's header (matched case- and space-insensitively)."""
    present = {name.strip().lower().lstrip("\ufeff"): name for name in (fieldnames or [])}
    missing = [ons for ons in COLUMNS.values() if ons not in present]
    if missing:
        raise DirectoryError(
            "The file has no "
            + ", ".join(f'"{name}"' for name in missing)
            + " column"
            + ("s" if len(missing) > 1 else "")
            + " (row 1, the header). Is it the ONS Postcode Directory CSV?"
        )
    return {ours: present[ons] for ours, ons in COLUMNS.items()}


def _grid(value: str, row_number: int, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is None or not number.is_integer():
            raise DirectoryError(
                f'Row {row_number:,}, column "{column}": "{value[:20]}" is not a whole '
                "number of metres. Nothing was loaded."
            ) from None
        return int(number)


def _replace_rows(
    session: Session,
    reader: csv.DictReader,
    result: LoadResult,
    *,
    progress: Callable[[int], None] | None,
    chunk_size: int,
) -> None:
    """Delete every postcode and insert the file's, in the caller's transaction."""
    headers = _header_map(reader.fieldnames)
    session.execute(delete(Postcode))
    # Core insert on the table (not the ORM bulk path): a plain executemany per chunk.
    statement = insert(Postcode.__table__)
    chunk: list[dict] = []
    seen = 0
    # Row 1 is the header, so the first record is row 2 (as a spreadsheet shows it).
    for row_number, row in enumerate(reader, start=2):
        seen += 1
        raw_postcode = row.get(headers["postcode"]) or ""
        postcode = normalise(raw_postcode)
        if postcode is None:
            result.skipped_bad_postcode += 1
            if len(result.warnings) < MAX_WARNINGS:
                result.warnings.append(
                    f'Row {row_number:,}: "{raw_postcode[:12]}" is not a postcode; skipped.'
                )
            continue
        easting = _grid(row.get(headers["easting"]) or "", row_number, COLUMNS["easting"])
        northing = _grid(row.get(headers["northing"]) or "", row_number, COLUMNS["northing"])
        if easting is None or northing is None:
            result.skipped_no_grid += 1
            if len(result.warnings) < MAX_WARNINGS:
                result.warnings.append(
                    f"Row {row_number:,}: {postcode} has no grid reference; skipped."
                )
            continue
        chunk.append(
            {
                "postcode": postcode,
                "easting": easting,
                "northing": northing,
                "local_authority": (row.get(headers["local_authority"]) or "").strip(),
            }
        )
        if len(chunk) >= chunk_size:
            session.execute(statement, chunk)
            result.loaded += len(chunk)
            chunk = []
            if progress is not None:
                progress(seen)
    if chunk:
        session.execute(statement, chunk)
        result.loaded += len(chunk)
    if progress is not None:
        progress(seen)


def load_directory(
    path_or_file: str | Path | IO[str],
    *,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = 10_000,
) -> LoadResult:
    """Replace the postcode table with the directory in ``path_or_file``.

    One transaction: on :class:`DirectoryError` (naming the row and column) or any other
    failure, the table is left as it was. ``progress(rows_done)`` is called per chunk.
    Rows without a grid reference (ONS leaves some empty) are skipped and counted.
    """
    if isinstance(path_or_file, (str, Path)):
        with open(path_or_file, newline="", encoding="utf-8-sig") as handle:
            return load_directory(handle, progress=progress, chunk_size=chunk_size)

    result = LoadResult()
    reader = csv.DictReader(path_or_file)
    try:
        with transaction() as session:
            _replace_rows(session, reader, result, progress=progress, chunk_size=chunk_size)
    except csv.Error as error:
        raise DirectoryError(
            f"Row {reader.line_num:,}: the file is not valid CSV ({error}). Nothing was loaded."
        ) from None
    if result.skipped:
        log.warning(
            "postcode directory: skipped %d rows without a grid reference, %d unreadable postcodes",
            result.skipped_no_grid,
            result.skipped_bad_postcode,
        )
    return result


def directory_is_empty() -> bool:
    return db.session.scalar(select(Postcode.postcode).limit(1)) is None


DEMO_FILE = Path(__file__).resolve().parent.parent / "demo" / "data" / "postcodes.csv"


def load_demo_postcodes() -> LoadResult | None:
    """Load the demo directory when the table is empty; otherwise leave it alone."""
    if not directory_is_empty():
        return None
    return load_directory(DEMO_FILE)
