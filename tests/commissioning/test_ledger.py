"""The placement ledger page and its export, on the hand-computed ledger."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import AuditEvent, Role
from tests.commissioning.ledger import build
from tests.commissioning.test_dashboard import RANGE, plain, table
from tests.conftest import sign_in
from tests.factories import create_agency, create_placement, create_user


def test_ledger_lists_placements_in_range_with_rate_history(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    ledger = build()
    response = client.get(f"/commissioning/ledger?{RANGE}")
    html = response.get_data(as_text=True)
    rows = table(html, "ledger")
    assert [row[0] for row in rows] == [
        ledger.p2.child.reference,
        ledger.p1.child.reference,
        ledger.p3.child.reference,
    ]
    # Six columns: the provider's reference and type under its name, the dates together.
    assert rows[1] == [
        ledger.p1.child.reference,
        f"The Morgan household {ledger.carer.reference} · In-house foster care",
        "Cardiff",
        "From 1 Dec 2025",
        "£770.00",
        "£700.00 from 1 Dec 2025; £770.00 from 15 Feb 2026",
    ]
    assert ledger.p1.child.family_name not in html  # commissioners see references only


def test_ledger_search_and_filters(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    ledger = build()
    rows = table(client.get(f"/commissioning/ledger?{RANGE}&q=bright").data.decode(), "ledger")
    assert [row[1].split(" AG")[0] for row in rows] == ["Brightpath Fostering"]
    rows = table(
        client.get(f"/commissioning/ledger?{RANGE}&type=council_home").data.decode(), "ledger"
    )
    assert [row[0] for row in rows] == [ledger.p3.child.reference]
    html = client.get("/commissioning/ledger?from=nonsense").get_data(as_text=True)
    assert "The date the range starts must be a real date" in html


def test_ledger_pages(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    agency = create_agency(places=None)
    for _number in range(27):
        create_placement(provider=agency)
    html = client.get("/commissioning/ledger?from=2026-01-01&to=2026-03-31&page=2").data.decode()
    assert len(table(html, "ledger")) == 2
    assert "Showing 26 to 27 of 27" in html


def test_ledger_export_matches_the_page_and_is_audited(app, client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    build()
    page = table(client.get(f"/commissioning/ledger?{RANGE}").data.decode(), "ledger")
    text = client.get(f"/commissioning/ledger.csv?{RANGE}").get_data(as_text=True)
    exported = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    # A first row naming the export and its range, then the headings.
    assert exported[0] == ["Placements, 1 January 2026 to 31 March 2026"]
    assert exported[1][0] == "Child reference"
    exported = exported[1:]
    assert len(exported) - 1 == len(page)
    for shown, written in zip(page, exported[1:], strict=True):
        # The page puts the provider's reference and type under its name and leaves the
        # area's code out; the export keeps every column.
        assert [plain(shown[0]), plain(shown[2]), plain(shown[4])] == [
            plain(written[0]),
            plain(written[4]),
            plain(written[8]),
        ]
        assert shown[1].startswith(written[1]) and written[2] in shown[1]
    assert exported[2][5:] == [
        "W06000015",
        "2025-12-01",
        "",
        "770.00",
        "2025-12-01 700.00; 2026-02-15 770.00",
    ]
    workbook = load_workbook(io.BytesIO(client.get(f"/commissioning/ledger.xlsx?{RANGE}").data))
    assert workbook.active.max_row == len(page) + 2
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "placement_ledger_exported")
    ).all()
    assert len(events) == 2 and events[0].user_id == user.id
