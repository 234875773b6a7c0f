"""Files people open in a spreadsheet: CSV responses and cells that cannot run as formulas.

A text cell that starts with ``=``, ``+``, ``@``, a tab or a carriage return (or ``-``
when it is not a number) is read as a formula by Excel and LibreOffice: a name like
``=HYPERLINK(...)`` typed into a form or an imported file would run on a commissioner's
laptop (CSV injection). Every text cell the service writes goes through
``formula_safe``, which puts a quote in front, as spreadsheet programs themselves do.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from flask import Response

_FORMULA_STARTS = "=+@\t\r"


def formula_safe(text: str) -> str:
    """``=CMD|' /C calc'!A0`` → ``'=CMD|' /C calc'!A0``; other text is unchanged."""
    if (text and text[0] in _FORMULA_STARTS) or (text.startswith("-") and not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV, every text cell made formula-safe; numbers are written as they are."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(
        [formula_safe(cell) if isinstance(cell, str) else cell for cell in row] for row in rows
    )
    return out.getvalue()


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> Response:
    """A CSV download, with a byte-order mark so spreadsheet programs read Welsh letters."""
    return Response(
        "\ufeff" + csv_text(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
