"""Reading an uploaded CSV or XLSX file into rows of cells keyed by our column names.

Headers are matched ignoring case, spaces, underscores and hyphens ("Date of birth",
"date_of_birth" and "DATE OF BIRTH" are one column). Rows are numbered as a spreadsheet
shows them: the header is row 1. Wholly empty rows are skipped but still counted, so the
numbers stay those the person sees.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from charset_normalizer.md import mess_ratio

from fostering.imports.problems import FILE_SENTENCES, FileCode
from fostering.imports.xlsx_limits import WorkbookProblem, check_workbook
from fostering.services.errors import ServiceError

_NOT_KEY = re.compile(r"[\s_\-]+")


class FileError(ServiceError):
    """The file cannot be read at all; it is about the upload form's ``file`` field."""

    sentences = FILE_SENTENCES

    def __init__(self, code: FileCode, **params: Any) -> None:
        super().__init__(code, field="file", **params)


def header_key(text: Any) -> str:
    return _NOT_KEY.sub("", str(text or "").strip().lstrip("\ufeff").lower())


@dataclass
class Table:
    header: list[str]  # the file's header cells as written
    rows: list[tuple[int, list[Any]]]  # (row number, cells)


def _is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


# A file that is not UTF-8 is read as Windows-1252 (what Excel's plain "CSV" saves) only
# when the text that gives looks like Western European writing. Read that way, Shift-JIS,
# KOI8-R or Mac Roman give symbols and letters no name or address here holds (Ž, ƒ, ‰,
# ×), runs of several accented characters in a row, or what charset-normalizer's mess
# measure calls a jumble; such a file would be imported as nonsense, so it is refused
# with a message saying how to save it.
MOST_MESS = 0.1
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WESTERN = re.compile(r"[^\x00-\x7fÀ-ÖØ-öø-ÿ£€‘’“”–—…•°½¼¾·™®©§¢¥«»¿¡´¨ªº¹²³µ¶¤¦¬\xad¯±]")
_RUN = re.compile(r"[^\x00-\x7f]{3,}")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or not _looks_western(text):
        raise FileError(FileCode.NOT_TEXT)
    return text


def _looks_western(text: str) -> bool:
    return not (
        _CONTROL.search(text)
        or _WESTERN.search(text)
        or _RUN.search(text)
        or mess_ratio(text, MOST_MESS) >= MOST_MESS
    )


def _read_csv(data: bytes) -> list[list[Any]]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: Excel's "Unicode Text"
        raise FileError(FileCode.NOT_TEXT)
    if b"\x00" in data[:4096]:
        raise FileError(FileCode.NOT_CSV_OR_XLSX)
    text = _decode(data)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise FileError(FileCode.CSV_UNREADABLE) from None


def _read_xlsx(data: bytes) -> list[list[Any]]:
    """The first sheet's cells, from its top-left corner (A1), so row numbers match.

    The reader holds a sheet as a full grid from A1 to its last cell, so the sheet's
    extent and the workbook's unpacked size are checked first (``xlsx_limits``): a 2 KB
    file with a cell in XFD1048576 would otherwise ask for hundreds of gigabytes and
    end the process.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        check_workbook(data)
    except WorkbookProblem as problem:
        raise FileError(problem.code, **problem.params) from None
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, zipfile.BadZipFile, OSError, ValueError, IndexError):
        raise FileError(FileCode.XLSX_UNREADABLE) from None


def read_table(data: bytes) -> Table:
    """The header and the non-empty rows of the first sheet (XLSX) or the file (CSV)."""
    if not data.strip():
        raise FileError(FileCode.EMPTY)
    raw = _read_xlsx(data) if _is_xlsx(data) else _read_csv(data)
    if not raw or not any(_filled(cell) for cell in raw[0]):
        raise FileError(FileCode.NO_HEADER)
    header = ["" if cell is None else str(cell).strip() for cell in raw[0]]
    _refuse_repeated_columns(header)
    rows = [
        (number, cells)
        for number, cells in enumerate(raw[1:], start=2)
        if any(_filled(cell) for cell in cells)
    ]
    return Table(header=header, rows=rows)


def _refuse_repeated_columns(header: list[str]) -> None:
    """Two columns with one name: which one holds the answer would be a guess."""
    seen: set[str] = set()
    for name in header:
        key = header_key(name)
        if key and key in seen:
            raise FileError(FileCode.REPEATED_COLUMN, column=name)
        seen.add(key)


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def records(table: Table, columns: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row as ``{our column name: cell}``; columns the file lacks are None."""
    positions = {header_key(name): index for index, name in enumerate(table.header)}
    wanted = [(column, positions.get(header_key(column))) for column in columns]
    for number, cells in table.rows:
        yield (
            number,
            {
                column: (cells[index] if index is not None and index < len(cells) else None)
                for column, index in wanted
            },
        )


def missing_columns(table: Table, required: list[str]) -> list[str]:
    present = {header_key(name) for name in table.header}
    return [column for column in required if header_key(column) not in present]
