"""The sufficiency plan as a workbook: the words on the first sheet, each table on its
own sheet with a title row. Every text cell is formula-safe."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import xlsxwriter
from flask_babel import gettext as _

from fostering.commissioning.services.tables import NUMBER_FORMATS, Kind, Table
from fostering.commissioning.sufficiency_plan.drafts import SECTIONS
from fostering.commissioning.sufficiency_plan.plan import Plan
from fostering.web.spreadsheets import formula_safe


def _text(value) -> str:
    return formula_safe(str(value))


def workbook(plan: Plan, sections: dict[str, str], title: str, version: str) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    heading = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    formats = {kind: book.add_format({"num_format": code}) for kind, code in NUMBER_FORMATS.items()}

    words = book.add_worksheet(_("Plan")[:31])
    words.set_column(0, 0, 100, wrap)
    words.write_string(0, 0, _text(title), heading)
    words.write_string(1, 0, _text(version))
    row = 3
    for section in SECTIONS:
        words.write_string(row, 0, _text(section.title), bold)
        text = sections.get(section.key) or ""
        if text:
            words.write_string(row + 1, 0, _text(text), wrap)
        row += 3

    for table in plan.tables.values():
        _sheet(book, table, bold, formats, title)
    book.close()
    return out.getvalue()


def _sheet(book, table: Table, bold, formats: dict, title: str) -> None:
    sheet = book.add_worksheet(table.key[:31])
    sheet.write_string(0, 0, _text(f"{title}: {table.caption}"), bold)
    for index, column in enumerate(table.columns):
        sheet.set_column(index, index, 60 if index == 0 else 18)
        sheet.write_string(1, index, _text(column.heading), bold)
    for number, values in enumerate(table.rows, start=2):
        for index, (value, column) in enumerate(zip(values, table.columns, strict=True)):
            if value is None:
                continue
            if column.kind is Kind.TEXT or isinstance(value, str):
                sheet.write_string(number, index, _text(value))
            elif isinstance(value, date):
                sheet.write_datetime(number, index, value, formats[Kind.DATE])
            elif isinstance(value, int | Decimal | float):
                sheet.write_number(number, index, value, formats.get(column.kind))
            else:
                sheet.write_string(number, index, _text(value))
