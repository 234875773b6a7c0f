"""The dashboard's figures against the hand-computed ledger (tests/commissioning/ledger.py)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from fostering.models import Role
from tests.commissioning.ledger import build
from tests.conftest import sign_in
from tests.factories import create_user
from tests.pages import parsed

RANGE = "from=2026-01-01&to=2026-03-31"


@pytest.fixture
def commissioner(app, client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    return user


def table(html: str, key: str) -> list[list[str]]:
    """A table's body rows as the page shows them."""
    soup = parsed(html)
    found = soup.find("table", id=f"table-{key}")
    assert found is not None, f"no table {key}"
    return [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all(["th", "td"])]
        for row in found.find("tbody").find_all("tr")
    ]


def rows_by_label(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in rows}


def test_headline_figures(client, commissioner):
    build()
    html = client.get(f"/commissioning/?{RANGE}").get_data(as_text=True)
    # weekly on 31 March, yearly equivalent, spend in range, children that day
    assert table(html, "summary") == [["£1,770.00", "£92,354.18", "£16,592.86", "2"]]


def test_spend_by_provider_type(client, commissioner):
    build()
    html = client.get(f"/commissioning/?{RANGE}").get_data(as_text=True)
    rows = rows_by_label(table(html, "by_type"))
    # children on the day, weekly that day, spend in range, average weekly per child
    assert rows["In-house foster care"] == ["1", "£770.00", "£9,450.00", "£735.00"]
    assert rows["Council children's home"] == ["0", "£0.00", "£5,428.57", "£3,800.00"]
    assert rows["Independent fostering agency"] == ["1", "£1,000.00", "£1,714.29", "£1,000.00"]
    assert rows["Private residential care"] == ["0", "£0.00", "£0.00", "–"]


def test_in_house_out_of_county_profit_and_providers(client, commissioner):
    ledger = build()
    html = client.get(f"/commissioning/?{RANGE}").get_data(as_text=True)
    in_house = table(html, "in_house")
    assert in_house[0][1:] == ["1", "£770.00", "£14,878.57"]
    assert in_house[1][1:] == ["1", "£1,000.00", "£1,714.29"]
    county = rows_by_label(table(html, "out_of_county"))
    distance = f"{ledger.p2.distance_km:.1f}"
    assert county["Out of county"] == ["1", "£1,714.29", distance, distance]
    profit = table(html, "profit")
    assert profit[0][1:] == ["1", "£1,000.00", "£1,714.29"]
    assert profit[1][1:] == ["1", "£770.00", "£14,878.57"]
    providers = table(html, "by_provider")
    assert [row[0] for row in providers] == [
        f"The Morgan household ({ledger.carer.reference})",
        f"Tŷ Derw ({ledger.home.reference})",
        f"Brightpath Fostering ({ledger.agency.reference})",
    ]
    assert [row[3] for row in providers] == ["£9,450.00", "£5,428.57", "£1,714.29"]


def test_month_by_month(client, commissioner):
    build()
    html = client.get(f"/commissioning/?{RANGE}").get_data(as_text=True)
    assert table(html, "trend") == [
        ["January 2026", "£8,528.57", "£0.00", "£8,528.57"],
        ["February 2026", "£2,940.00", "£0.00", "£2,940.00"],
        ["March 2026", "£3,410.00", "£1,714.29", "£5,124.29"],
    ]


def test_filters_narrow_every_figure(client, commissioner):
    ledger = build()
    html = client.get(f"/commissioning/?{RANGE}&type=ifa").get_data(as_text=True)
    assert table(html, "summary") == [["£1,000.00", "£52,177.50", "£1,714.29", "1"]]
    assert [row[0] for row in table(html, "by_type")] == ["Independent fostering agency"]
    html = client.get(f"/commissioning/?{RANGE}&provider={ledger.carer.reference}").get_data(
        as_text=True
    )
    assert table(html, "summary") == [["£770.00", "£40,176.68", "£9,450.00", "1"]]
    html = client.get(f"/commissioning/?{RANGE}&area=E06000023").get_data(as_text=True)
    assert table(html, "summary")[0][2] == "£1,714.29"
    # A range inside one rate: 1 to 14 February, in-house carer only at £700 a week.
    html = client.get("/commissioning/?from=2026-02-01&to=2026-02-14").get_data(as_text=True)
    assert table(html, "summary") == [["£700.00", "£36,524.25", "£1,400.00", "1"]]


@pytest.mark.backend_independent  # refused before any query
@pytest.mark.parametrize(
    "query, message",
    [
        ("from=2026-02-30", "The date the range starts must be a real date"),
        ("from=2026-03-01&to=2026-01-01", "The date the range starts must be the same as or"),
        ("type=spaceship", "Choose a provider type from the list"),
        ("provider=NOPE1", "There is no provider with the reference NOPE1"),
        ("area=X99", "Choose an area from the list"),
        ("to=<script>", "The date the range ends must be a real date"),
    ],
)
def test_bad_filters_are_explained_not_crashed_on(client, commissioner, query, message):
    response = client.get(f"/commissioning/?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and message in html
    assert "<script>" not in html.split("<main")[1].replace("<script nonce", "")


def test_exports_match_the_page(client, commissioner):
    build()
    html = client.get(f"/commissioning/?{RANGE}").get_data(as_text=True)
    for key in (
        "summary",
        "by_type",
        "by_provider",
        "in_house",
        "out_of_county",
        "profit",
        "trend",
    ):
        page = table(html, key)
        text = client.get(f"/commissioning/export/{key}.csv?{RANGE}").get_data(as_text=True)
        # The first row says what the table is and its filters; the headings follow.
        exported = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[2:]
        workbook = load_workbook(
            io.BytesIO(client.get(f"/commissioning/export/{key}.xlsx?{RANGE}").data)
        )
        sheet = [list(row) for row in workbook.active.iter_rows(min_row=3, values_only=True)]
        assert len(page) == len(exported) == len(sheet)
        for shown, written, cells in zip(page, exported, sheet, strict=True):
            assert [plain(value) for value in shown] == [plain(value) for value in written]
            assert [plain(value) for value in shown] == [plain(cell) for cell in cells]


def plain(value) -> str:
    """A cell reduced to what must match: no pound sign, separators or dash for empty."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = f"{value:.2f}" if isinstance(value, float) else str(value)
    text = str(value).replace("£", "").replace(",", "")
    if text == "–":
        return ""
    try:
        return f"{float(text):.2f}"
    except ValueError:
        return text


def test_charts_are_labelled_svg_followed_by_their_table(client, commissioner):
    build()
    soup = parsed(client.get(f"/commissioning/?{RANGE}").data)
    charts = soup.find_all("svg", class_="app-chart")
    assert len(charts) == 4
    for chart in charts:
        assert chart["role"] == "img"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert chart.find("title", id=title_id).get_text()
        assert chart.find("desc", id=desc_id).get_text()
        box = chart.find_next_sibling("div", class_="app-table-scroll")
        assert box.find("table")["class"] == [
            "govuk-table",
            "app-figures",
            "govuk-table--small-text-until-tablet",
        ]
        assert not chart.find_all(attrs={"style": True})


def test_welsh_dashboard_names_months_in_welsh(client, commissioner):
    build()
    client.get("/locale/cy")
    html = client.get(f"/commissioning/?{RANGE}").get_data(as_text=True)
    assert table(html, "trend")[0][0] == "Ionawr 2026"


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PLACEMENT_OFFICER, Role.APPLICANT])
def test_only_commissioners_and_administrators_see_spend(app, client, role):
    sign_in(client, create_user(role=role))
    for url in (
        "/commissioning/",
        "/commissioning/ledger",
        "/commissioning/sufficiency",
        "/commissioning/export/summary.csv",
        "/commissioning/ledger.csv",
    ):
        assert client.get(url).status_code == 403


def test_administrators_may_read(app, client):
    sign_in(client, create_user(role=Role.ADMINISTRATOR))
    assert client.get("/commissioning/").status_code == 200


def test_a_csv_download_says_once_that_it_is_utf_8(client, commissioner):
    build()
    response = client.get(f"/commissioning/export/summary.csv?{RANGE}")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
