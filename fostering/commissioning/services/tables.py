"""A table of figures as the page shows it and as CSV or XLSX takes it away.

Cells hold values, not text: money is ``Decimal`` pounds already rounded to the penny,
counts are ints, distances ``Decimal`` kilometres to one place, and labels are strings.
The page formats them for the reader's language; exports write the same values, so the
figures match exactly.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

import xlsxwriter
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from fostering.web.formatting import money_from_pounds
from fostering.web.spreadsheets import formula_safe


class Kind(StrEnum):
    TEXT = "text"
    MONEY = "money"
    COUNT = "count"
    KM = "km"
    DATE = "date"
    RATES = "rates"  # a list of (date, Decimal pounds): a placement's weekly costs
    PERCENT = "percent"  # a float to one decimal place
    # Decimal pounds saved (negative: it cost more); the page says which in words.
    SAVING = "saving"


NUMBER_FORMATS = {
    Kind.MONEY: "#,##0.00",
    Kind.COUNT: "#,##0",
    Kind.KM: "#,##0.0",
    Kind.DATE: "yyyy-mm-dd",
    Kind.PERCENT: "0.0",
    Kind.SAVING: "#,##0.00",
}


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind = Kind.TEXT


@dataclass
class Table:
    key: str  # the table's name in export URLs and element ids
    caption: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    # Optional link per row (same length as rows, None for no link), first cell only.
    links: list[str | None] = field(default_factory=list)
    # Columns the page leaves out (their figures are in another column's words);
    # exports keep every column.
    hidden: frozenset[int] = frozenset()
    # The export's first row: what the table is and the filters it was made with.
    title: str | None = None

    @property
    def numeric(self) -> list[bool]:
        return [column.kind not in (Kind.TEXT, Kind.SAVING) for column in self.columns]

    def shown_columns(self) -> list[Column]:
        return [column for i, column in enumerate(self.columns) if i not in self.hidden]

    def shown_numeric(self) -> list[bool]:
        return [numeric for i, numeric in enumerate(self.numeric) if i not in self.hidden]

    def display_rows(self) -> list[list[str]]:
        """The rows as the page shows them (hidden columns left out)."""
        return [
            [
                display(value, column.kind)
                for i, (value, column) in enumerate(zip(row, self.columns, strict=True))
                if i not in self.hidden
            ]
            for row in self.rows
        ]

    def link(self, index: int) -> str | None:
        return self.links[index] if index < len(self.links) else None


def display(value, kind: Kind) -> str:
    """A cell as the page shows it; empty cells read as a dash."""
    if value is None:
        return "–"
    if kind is Kind.MONEY:
        return money_from_pounds(value)
    if kind is Kind.COUNT:
        return format_decimal(value, "#,##0")
    if kind in (Kind.KM, Kind.PERCENT):
        return format_decimal(value, "#,##0.0")
    if kind is Kind.DATE:
        return format_date(value, "d MMM yyyy")
    if kind is Kind.SAVING:
        return saving_words(value)
    if kind is Kind.RATES:
        return "; ".join(
            _(
                "%(amount)s from %(date)s",
                amount=display(amount, Kind.MONEY),
                date=display(day, Kind.DATE),
            )
            for day, amount in value
        )
    return str(value)


def saving_words(saved: Decimal) -> str:
    """A weekly saving in words: "saves £12.00 a week" or "costs £5.00 a week more",
    never a minus sign in front of a saving."""
    amount = money_from_pounds(abs(saved))
    if saved > 0:
        return _("saves %(amount)s a week", amount=amount)
    if saved < 0:
        return _("costs %(amount)s a week more", amount=amount)
    return _("costs the same each week")


def export_value(value) -> str:
    """A cell as CSV holds it: plain digits, a dot for decimals, empty for none."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):  # rates: "2025-12-01 700.00; 2026-02-15 770.00"
        return "; ".join(f"{day.isoformat()} {amount:f}" for day, amount in value)
    return str(value)


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    if table.title:
        writer.writerow([formula_safe(table.title)])
    writer.writerow([column.heading for column in table.columns])
    # One writer per column, chosen once: the export of every placement has 450,000 cells.
    writers = [_CSV_WRITERS.get(column.kind, export_value) for column in table.columns]
    writer.writerows(
        [write(value) for write, value in zip(writers, row, strict=True)] for row in table.rows
    )
    # A byte-order mark so spreadsheet programs read the Welsh letters as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(value) -> str:
    return "" if value is None else formula_safe(str(value))


def _csv_date(value) -> str:
    return "" if value is None else value.isoformat()


def _csv_decimal(value) -> str:
    return f"{value:f}" if type(value) is Decimal else export_value(value)


def _csv_rates(value) -> str:
    return "" if value is None else "; ".join(f"{day} {amount:f}" for day, amount in value)


# What ``export_value`` gives, chosen once per column instead of tested per cell.
_CSV_WRITERS = {
    Kind.TEXT: _text,
    Kind.DATE: _csv_date,
    Kind.MONEY: _csv_decimal,
    Kind.KM: _csv_decimal,
    Kind.RATES: _csv_rates,
    Kind.SAVING: _csv_decimal,
}


def to_xlsx(table: Table) -> bytes:
    """The table as one sheet; numbers and dates as real cells with their formats.

    XlsxWriter writes the workbook (styles, column widths, the heading row); for a large
    table the rows are then written into the sheet's XML directly, because XlsxWriter's
    per-cell cost (about 15 µs) alone is over 5 s for the export of every placement.
    """
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(table.key[:31])
    bold = workbook.add_format({"bold": True})
    formats = {
        kind: workbook.add_format({"num_format": code}) for kind, code in NUMBER_FORMATS.items()
    }
    top = 1 if table.title else 0  # the title row, then the headings
    for index, column in enumerate(table.columns):
        # A column's default format registers the format in the workbook's styles.
        sheet.set_column(index, index, 22, formats.get(column.kind))
    if table.title:
        sheet.write_string(0, 0, formula_safe(table.title), bold)
    for index, column in enumerate(table.columns):
        sheet.write_string(top, index, column.heading, bold)
    if len(table.rows) < FAST_ROWS:
        writers = [_xlsx_writer(sheet, column.kind, formats) for column in table.columns]
        for number, row in enumerate(table.rows, start=top + 1):
            for index, (write, value) in enumerate(zip(writers, row, strict=True)):
                if value is not None:
                    write(number, index, value)
        workbook.close()
        return out.getvalue()
    workbook.close()
    return _with_rows(out.getvalue(), table, formats)


FAST_ROWS = 1_000  # from this many rows the sheet's rows are written as XML directly
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (1900 date system)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def _with_rows(book: bytes, table: Table, formats: dict) -> bytes:
    """``book`` with ``table``'s rows (after the heading row) in its only sheet."""
    letters = [xlsxwriter.utility.xl_col_to_name(i) for i in range(len(table.columns))]
    cells = []
    for letter, column in zip(letters, table.columns, strict=True):
        if column.kind is Kind.TEXT:
            cells.append((letter, "", lambda v: _xml_text(formula_safe(str(v))), True))
        elif column.kind is Kind.RATES:
            cells.append((letter, "", lambda v: _xml_text(export_value(v)), True))
        else:
            style = f' s="{formats[column.kind].xf_index}"'
            convert = _excel_day if column.kind is Kind.DATE else _excel_number
            cells.append((letter, style, convert, False))
    parts = []
    first = 3 if table.title else 2  # 1-based: after the title and heading rows
    for number, row in enumerate(table.rows, start=first):
        parts.append(f'<row r="{number}">')
        for (letter, style, convert, text), value in zip(cells, row, strict=True):
            if value is None:
                continue
            if text:
                parts.append(f'<c r="{letter}{number}" t="inlineStr">{convert(value)}</c>')
            else:
                parts.append(f'<c r="{letter}{number}"{style}><v>{convert(value)}</v></c>')
        parts.append("</row>")
    last = f"{letters[-1]}{len(table.rows) + first - 1}"
    source = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode("utf-8")
                xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml)
                xml = xml.replace("</sheetData>", "".join(parts) + "</sheetData>", 1)
                data = xml.encode("utf-8")
            target.writestr(info, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _excel_day(value: date) -> str:
    return str((value - _EPOCH).days)


def _excel_number(value) -> str:
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def _xlsx_writer(sheet, kind: Kind, formats: dict):
    """How one column's cells are written (chosen once per column, for speed)."""
    if kind is Kind.TEXT:
        return lambda row, col, value: sheet.write_string(row, col, formula_safe(str(value)))
    if kind is Kind.RATES:
        return lambda row, col, value: sheet.write_string(row, col, export_value(value))
    if kind is Kind.DATE:
        return lambda row, col, value: sheet.write_datetime(row, col, value, formats[kind])
    return lambda row, col, value: sheet.write_number(row, col, value, formats[kind])
