"""Figures a reader can take in: the 2025 Act's dates on the dashboard, savings in words,
age bands in numeric order, exports that say their filters, and the financial year as
the default range."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fostering.commissioning.services import act_dates, savings
from fostering.commissioning.services.filters import (
    Filters,
    default_range,
    financial_year,
    parse,
)
from fostering.commissioning.services.sufficiency import band_order
from fostering.commissioning.services.tables import Column, Kind, Table, display, to_csv, to_xlsx
from fostering.extensions import db
from fostering.models import Role
from tests.commissioning import council
from tests.commissioning.runs import add_outcome, create_run
from tests.commissioning.test_dashboard import table
from tests.conftest import sign_in
from tests.factories import create_agency, create_carer, create_user

ALL_TIME = Filters(date(2020, 1, 1), date(2026, 12, 6))


def test_the_acts_dates_show_the_children_and_spend_with_for_profit_providers(app):
    council.build()
    on_first = act_dates.on_day(ALL_TIME, date(2026, 4, 1))
    # c1, c3, c4 at £500 a week and c5 at £1,200 with the for-profit agency.
    assert (on_first.children, on_first.weekly_pence) == (4, 270_000)
    assert (on_first.for_profit_children, on_first.for_profit_weekly_pence) == (1, 120_000)
    # c6 (1 May to 30 November 2026) is with it in the summer too.
    summer = act_dates.on_day(ALL_TIME, date(2026, 6, 1))
    assert (summer.for_profit_children, summer.for_profit_weekly_pence) == (2, 170_000)
    rows = act_dates.table(ALL_TIME).rows
    assert [row[0].split(":")[0] for row in rows] == [
        "1 April 2026",
        "1 April 2027",
        "1 April 2030",
    ]
    # The placement crossing 1 April 2027 is the one the later dates find.
    for row in rows:
        assert row[1:5] == [1, 4, Decimal("1200.00"), Decimal("62613.00")]
        assert row[5] == pytest.approx(44.4)


def test_the_dashboard_shows_the_acts_dates(app, client):
    council.build()
    sign_in(client, create_user(role=Role.COMMISSIONER))
    html = client.get("/commissioning/?from=2026-04-01&to=2026-12-06").get_data(as_text=True)
    rows = table(html, "act_dates")
    assert rows[1][0].startswith("1 April 2027: Existing for-profit providers may not")
    assert rows[1][1:] == ["1", "4", "£1,200.00", "£62,613.00", "44.4"]


@pytest.mark.parametrize(
    ("saved", "sentence", "weekly"),
    [
        (
            Decimal("1669.68"),
            "Together they save £1,669.68 a year against the baseline search.",
            "saves £1,669.68 a week",
        ),
        (
            Decimal("-1669.68"),
            "Together they cost £1,669.68 a year more than the baseline search would have.",
            "costs £1,669.68 a week more",
        ),
        (
            Decimal("0"),
            "Together they cost the same as the baseline search would have.",
            "costs the same each week",
        ),
    ],
)
def test_savings_are_said_in_words(app, saved, sentence, weekly):
    with app.test_request_context():
        assert savings.yearly_sentence(saved) == sentence
        assert display(saved, Kind.SAVING) == weekly
        assert "-" not in sentence + weekly


def test_a_run_that_cost_more_says_so_on_the_dashboard(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    run = create_run()
    add_outcome(
        run,
        provider=create_agency(),
        weekly_cost_pence=95_000,
        baseline_weekly_cost_pence=91_800,
        decision="accepted",
    )
    html = client.get("/commissioning/?from=2026-01-01&to=2026-03-31").get_data(as_text=True)
    # £32 a week × 52.1775 = £1,669.68 a year.
    assert "Together they cost £1,669.68 a year more than the baseline search would have." in html
    assert "£-" not in html
    assert table(html, "savings")[0][-1] == "costs £32.00 a week more"


def test_age_bands_sort_by_age_not_as_text(app, client):
    assert sorted(["16–17", "0–4", "11–15", "5–10"], key=band_order) == [
        "0–4",
        "5–10",
        "11–15",
        "16–17",
    ]
    sign_in(client, create_user(role=Role.COMMISSIONER))
    run = create_run()
    agency = create_agency()
    for age in (16, 12, 3, 7):
        add_outcome(run, age=age, provider=agency)
    html = client.get("/commissioning/sufficiency").get_data(as_text=True)
    assert [row[0] for row in table(html, "age")] == ["0–4", "5–10", "11–15", "16–17"]
    groups = [row[0][:5] for row in table(html, "groups")]
    assert groups == ["0–4-y", "5–10-", "11–15", "16–17"]


def test_exports_are_named_after_their_filters_with_a_heading_row(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    create_carer().local_authority = "W06000015"  # the area filter lists only areas in use
    db.session.commit()
    query = "from=2026-04-01&to=2027-03-31&type=in_house_foster&area=W06000015"
    response = client.get(f"/commissioning/ledger.csv?{query}")
    assert (
        'filename="placements-2026-04-01-to-2027-03-31-in-house-foster-w06000015.csv"'
        in response.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [
        "Placements, 1 April 2026 to 31 March 2027, In-house foster care, area Cardiff"
    ]
    assert rows[1][0] == "Child reference"
    response = client.get(f"/commissioning/export/by_type.xlsx?{query}")
    assert (
        'filename="spend-by-type-2026-04-01-to-2027-03-31-in-house-foster-w06000015.xlsx"'
        in response.headers["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == (
        "Spend by provider type, 1 April 2026 to 31 March 2027, In-house foster care, area Cardiff"
    )
    assert sheet["A2"].value == "Provider type"


def test_a_heading_row_is_formula_safe_in_both_formats(app):
    with app.test_request_context():
        found = Table("t", "T", [Column("Name")], [["=1+1"]], title="=cmd|' /C calc'!A0")
        rows = list(csv.reader(io.StringIO(to_csv(found).decode("utf-8-sig"))))
        assert rows == [["'=cmd|' /C calc'!A0"], ["Name"], ["'=1+1"]]
        sheet = load_workbook(io.BytesIO(to_xlsx(found))).active
        assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value] == [
            "'=cmd|' /C calc'!A0",
            "Name",
            "'=1+1",
        ]


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (date(2026, 12, 6), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2027, 3, 31), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), date(2027, 4, 1), date(2028, 3, 31)),
    ],
)
def test_the_default_range_is_the_financial_year_containing_today(app, today, start, end):
    assert default_range(today) == (start, end)
    assert financial_year(today) == start.year
    with app.test_request_context():
        filters = parse({}, today).filters
    assert (filters.start, filters.end) == (start, end)
