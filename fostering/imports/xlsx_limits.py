"""How big an uploaded workbook really is, found before any reader unpacks it.

An XLSX file is a zip of XML. Its size on disk says little: a 2 KB sheet with a cell in
A1 and one in XFD1048576 is, to a reader that holds the sheet as a grid from A1 (as
calamine does), 17 billion cells; a 2.5 MB zip of repeated text unpacks to over a
gigabyte. So, reading the zip's directory and streaming the first sheet's XML a
megabyte at a time, this checks the unpacked size, the number of parts, and the sheet's
last row and column (from its cells, its rows and its declared dimension) against
limits well above any real import, and refuses the file before anything large is built.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from fostering.imports.problems import FileCode

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2_000
MAX_ROWS = 250_000
MAX_COLUMNS = 500
MAX_CELLS = 10_000_000  # rows × columns of the grid from A1 to the last cell
_SMALL_PART = 5 * 1024 * 1024  # workbook.xml and its relationships are tiny
_CHUNK = 1024 * 1024

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A cell's or row's reference (<c r="XFD1048576">, <row r="1048576">), and the sheet's
# declared dimension (<dimension ref="A1:XFD1048576"/>).
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})(\d{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d{1,7})\"")
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"(?:[A-Z]{1,3}\d{1,7}:)?([A-Z]{1,3})(\d{1,7})\""
)
_OVERLAP = 512  # a tag cut by a chunk's end is read whole with the next chunk


class WorkbookProblem(ValueError):
    """The workbook is too large or malformed to read: a ``FileCode`` and its values."""

    def __init__(self, code: FileCode, **params: str) -> None:
        super().__init__(code.value)
        self.code = code
        self.params = params


def check_workbook(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
                raise WorkbookProblem(FileCode.WORKBOOK_TOO_LARGE)
            rows, columns = _sheet_extent(archive, _first_sheet(archive))
    except (zipfile.BadZipFile, KeyError, ParseError, DefusedXmlException, OSError, EOFError):
        raise WorkbookProblem(FileCode.XLSX_UNREADABLE) from None
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise WorkbookProblem(FileCode.SHEET_TOO_LARGE, rows=f"{rows:,}", columns=f"{columns:,}")


def _small_xml(archive: zipfile.ZipFile, name: str) -> Element:
    if archive.getinfo(name).file_size > _SMALL_PART:
        raise WorkbookProblem(FileCode.WORKBOOK_TOO_LARGE)
    return fromstring(archive.read(name))


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part holding the workbook's first sheet, as a reader opens it."""
    workbook = _small_xml(archive, "xl/workbook.xml")
    sheet = workbook.find(f"{_NS_MAIN}sheets/{_NS_MAIN}sheet")
    if sheet is None:
        raise KeyError("no sheet")
    relation = sheet.get(f"{_NS_REL}id")
    relations = _small_xml(archive, "xl/_rels/workbook.xml.rels")
    for item in relations.iter(f"{_NS_PKG_REL}Relationship"):
        if item.get("Id") == relation:
            target = item.get("Target", "")
            return (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
    raise KeyError("no sheet part")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _sheet_extent(archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
    """The last row and column the sheet's XML names, read in bounded chunks."""
    rows = columns = 0
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            text = tail + chunk
            for letters, row in _CELL_REF.findall(text):
                columns = max(columns, _column_number(letters))
                rows = max(rows, int(row))
            for row in _ROW_REF.findall(text):
                rows = max(rows, int(row))
            for letters, row in _DIMENSION.findall(text):
                columns = max(columns, _column_number(letters))
                rows = max(rows, int(row))
            if rows > MAX_ROWS or columns > MAX_COLUMNS:
                break  # already too large: no need to read the rest
            tail = text[-_OVERLAP:]
    return rows, columns
