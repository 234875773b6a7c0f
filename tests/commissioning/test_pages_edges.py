"""Empty states, unknown exports and spreadsheet safety on the commissioning pages."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from fostering.commissioning.services.tables import Column, Kind, Table, to_csv, to_xlsx
from fostering.models import Role
from tests.conftest import page_text, sign_in
from tests.factories import create_user


def test_empty_council_shows_empty_states(app, client):
    sign_in(client, create_user(role=Role.ADMINISTRATOR))
    assert "No accepted proposals in this range" in page_text(client.get("/commissioning/"))
    assert "No placements match" in page_text(client.get("/commissioning/ledger"))
    assert "No matching runs yet" in page_text(client.get("/commissioning/sufficiency"))


def test_unknown_tables_and_formats_are_not_found(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    assert client.get("/commissioning/export/nothing.csv").status_code == 404
    assert client.get("/commissioning/export/summary.pdf").status_code == 404
    assert client.get("/commissioning/ledger.pdf").status_code == 404
    assert client.get("/commissioning/export/summary.csv?from=bad").status_code == 400


def test_text_that_looks_like_a_formula_is_written_as_text(app):
    table = Table(
        "t",
        "T",
        [Column("Name"), Column("Amount", Kind.MONEY), Column("From", Kind.DATE)],
        [['=HYPERLINK("x")', Decimal("-12.50"), date(2026, 1, 5)], ["@SUM(A1)", None, None]],
    )
    text = to_csv(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and ",-12.50," in text
    sheet = load_workbook(io.BytesIO(to_xlsx(table))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == '\'=HYPERLINK("x")' and rows[1][1] == -12.5
    assert rows[1][2].date() == date(2026, 1, 5)
    assert rows[2] == ("'@SUM(A1)", None, None)
