"""Files that must be refused with a sentence, never read into memory or as nonsense:
sheets that reach far-off cells, zip bombs, text in an encoding we cannot be sure of,
and two columns with one name. None needs a database: the reader is checked alone."""

from __future__ import annotations

import io
import zipfile

import pytest

from fostering.imports import xlsx_limits
from fostering.imports.reading import FileError, read_table
from tests.imports.files import xlsx_bytes


def _workbook(**cells: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for reference, value in cells.items():
        sheet[reference] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_cell_in_the_last_column_and_row_is_refused_before_it_is_read():
    # 2 KB on disk; read as a grid from A1 it would be 17 billion cells (the reader
    # would ask for 512 GiB and abort the whole process, taking the test run with it).
    data = _workbook(A1="reference", XFD1048576="x")
    assert len(data) < 10_000
    with pytest.raises(FileError) as refused:
        read_table(data)
    assert "goes down to row 1,048,576 and across to column 16,384" in str(refused.value)


def test_a_sheet_far_deeper_than_any_import_is_refused():
    with pytest.raises(FileError, match="row 1,000,000 "):
        read_table(_workbook(A1="reference", P1000000="x"))


def test_a_declared_dimension_counts_as_much_as_a_cell():
    data = _workbook(A1="reference", A2="LAC1")
    with zipfile.ZipFile(io.BytesIO(data)) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert 'ref="A1:A2"' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace('ref="A1:A2"', 'ref="A1:XFD1048576"').encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as changed:
        for name, content in parts.items():
            changed.writestr(name, content)
    with pytest.raises(FileError, match="more than can be imported"):
        read_table(out.getvalue())


def test_a_workbook_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx_limits, "MAX_UNPACKED_BYTES", 1024 * 1024)
    data = _workbook(A1="reference", A2="x" * 30_000, A3="y" * 30_000)
    padded = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as original,
        zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in original.infolist():
            bomb.writestr(info.filename, original.read(info))
        bomb.writestr("xl/padding.bin", b"\0" * (2 * 1024 * 1024))  # 2 MB, a few KB packed
    assert len(padded.getvalue()) < 50_000
    with pytest.raises(FileError, match="too large once unpacked"):
        read_table(padded.getvalue())


def test_a_real_workbook_is_still_read_from_a1():
    table = read_table(xlsx_bytes(["Reference", "Name"], [["LAC1", "Siân"], ["LAC2", "Zoë"]]))
    assert table.header == ["Reference", "Name"]
    assert [cells for _, cells in table.rows] == [["LAC1", "Siân"], ["LAC2", "Zoë"]]


@pytest.mark.parametrize(
    "text",
    [
        "reference,name,weekly cost\nLAC1,Siân Jones,£950\nLAC2,“Zoë” Brontë – Côté,£1\n",
        "reference,name\nLAC1,Renée\n",
    ],
)
def test_windows_1252_text_is_read_as_written(text):
    table = read_table(text.encode("cp1252"))
    assert table.rows[0][1][1] == text.splitlines()[1].split(",")[1]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("reference,name\nLAC1,山田\n", "shift_jis"),
        ("reference,name\nLAC1,Иван Петров\n", "koi8_r"),
        ("reference,name\nLAC1,Renée Côté\n", "mac_roman"),
        ("reference,name\nLAC1,Siân\n", "utf-16"),
    ],
)
def test_text_in_an_encoding_we_cannot_be_sure_of_is_refused(text, encoding):
    with pytest.raises(FileError, match="Save it as CSV UTF-8"):
        read_table(text.encode(encoding))


@pytest.mark.parametrize(
    "header", ["reference,name,Reference\n", "reference,Date of birth,date_of_birth\n"]
)
def test_two_columns_with_one_name_are_refused(header):
    with pytest.raises(FileError, match="more than one column called"):
        read_table((header + "LAC1,a,b\n").encode())
