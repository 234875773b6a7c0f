"""The commissioning filters: GOV.UK date inputs kept in the URL, older ``from=`` links,
wrong dates kept and explained, exports carrying the filters, and areas by name."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from fostering.models import Role
from fostering.services.local_authorities import WELSH_PRINCIPAL_AREAS, name, named_choices
from tests.commissioning.ledger import build
from tests.commissioning.runs import add_outcome, create_run
from tests.commissioning.test_dashboard import table
from tests.conftest import sign_in
from tests.factories import create_user
from tests.pages import parsed

# 1 to 14 February 2026: the in-house carer only, at £700 a week (test_dashboard.py).
FEBRUARY = [["£700.00", "£36,524.25", "£1,400.00", "1"]]
NEW_STYLE = "from-day=1&from-month=2&from-year=2026&to-day=14&to-month=2&to-year=2026"


@pytest.fixture
def commissioner(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))


def soup(response) -> BeautifulSoup:
    return parsed(response.get_data(as_text=True))


def boxes(page: BeautifulSoup, key: str) -> dict[str, str]:
    """The day, month and year boxes of the date ``key`` and their values."""
    return {
        part: page.find("input", id=f"{key}-{part}").get("value", "")
        for part in ("day", "month", "year")
    }


def marked(page: BeautifulSoup, key: str) -> list[str]:
    return [
        part
        for part in ("day", "month", "year")
        if "govuk-input--error" in page.find("input", id=f"{key}-{part}")["class"]
    ]


def summary_links(page: BeautifulSoup) -> dict[str, str]:
    found = page.find(class_="govuk-error-summary")
    assert found is not None, "no error summary"
    return {link.get_text(strip=True): link["href"] for link in found.find_all("a")}


def downloads(page: BeautifulSoup) -> list[str]:
    return [link["href"] for link in page.select(".app-downloads a")]


def test_date_inputs_are_named_for_the_url_and_show_the_default_range(client, commissioner):
    page = soup(client.get("/commissioning/"))
    for key in ("from", "to"):
        for part in ("day", "month", "year"):
            found = page.find("input", id=f"{key}-{part}")
            assert found["name"] == f"{key}-{part}" and found["inputmode"] == "numeric"
        assert page.find("div", id=key)["class"] == ["govuk-date-input"]
    legends = [legend.get_text(strip=True) for legend in page.find_all("legend")]
    assert legends[:2] == ["From", "To"]
    # No filters: the current financial year, 1 April to 31 March, shown in the boxes.
    start, end = boxes(page, "from"), boxes(page, "to")
    assert (start["day"], start["month"], end["day"], end["month"]) == ("01", "04", "31", "03")
    assert int(end["year"]) == int(start["year"]) + 1


def test_the_date_input_and_an_older_link_give_the_same_figures(client, commissioner):
    build()
    new = client.get(f"/commissioning/?{NEW_STYLE}")
    old = client.get("/commissioning/?from=2026-02-01&to=2026-02-14")
    assert new.status_code == old.status_code == 200
    for response, month in ((new, "2"), (old, "02")):  # the boxes show what was typed
        html = response.get_data(as_text=True)
        assert table(html, "summary") == FEBRUARY
        page = soup(response)
        assert boxes(page, "from") == {
            "day": month.replace("2", "1"),
            "month": month,
            "year": "2026",
        }
        assert boxes(page, "to") == {"day": "14", "month": month, "year": "2026"}
    # Typed without leading zeros, and with spaces around: the same day.
    loose = "from-day=+1&from-month=2&from-year=2026&to-day=14&to-month=02&to-year=2026+"
    assert table(client.get(f"/commissioning/?{loose}").get_data(as_text=True), "summary") == (
        FEBRUARY
    )
    # Both in one URL: the boxes win (they are what was typed last).
    both = f"from=2025-01-01&to=2025-01-31&{NEW_STYLE}"
    assert table(client.get(f"/commissioning/?{both}").get_data(as_text=True), "summary") == (
        FEBRUARY
    )


def test_exports_carry_the_typed_filters(client, commissioner):
    ledger = build()
    response = client.get(f"/commissioning/?{NEW_STYLE}&type=in_house_foster&area=W06000015")
    assert response.status_code == 200
    links = downloads(soup(response))
    assert links and all(
        parse_qs(urlsplit(link).query)
        == {
            "from": ["2026-02-01"],
            "to": ["2026-02-14"],
            "type": ["in_house_foster"],
            "area": ["W06000015"],
        }
        for link in links
    )
    summary = next(link for link in links if "/summary.csv" in link)
    rows = list(
        csv.reader(io.StringIO(client.get(summary).get_data(as_text=True).lstrip("\ufeff")))
    )
    assert rows[0] == [
        "Spend at a glance, 1 February 2026 to 14 February 2026, In-house foster care, area Cardiff"
    ]
    assert rows[2] == ["700.00", "36524.25", "1400.00", "1"]
    # The ledger's downloads carry its filters and its search.
    page = soup(client.get(f"/commissioning/ledger?{NEW_STYLE}&q=morgan"))
    for link in downloads(page):
        query = parse_qs(urlsplit(link).query)
        assert query == {"from": ["2026-02-01"], "to": ["2026-02-14"], "q": ["morgan"]}
    exported = client.get(downloads(page)[0]).get_data(as_text=True)
    rows = [row[0] for row in csv.reader(io.StringIO(exported.lstrip("\ufeff")))]
    assert rows[0] == "Placements, 1 February 2026 to 14 February 2026, search “morgan”"
    assert rows[2:] == [ledger.p1.child.reference]


@pytest.mark.backend_independent  # the dashboard's queries run on both in test_dashboard
@pytest.mark.parametrize(
    "query, message, href, kept, parts",
    [
        (
            "from-day=30&from-month=2&from-year=2026",
            "The date the range starts must be a real date",
            "#from-day",
            {"day": "30", "month": "2", "year": "2026"},
            ["day", "month", "year"],
        ),
        (
            "from-day=1&from-month=&from-year=2026",
            "The date the range starts must include a month",
            "#from-month",
            {"day": "1", "month": "", "year": "2026"},
            ["month"],
        ),
        (
            "from-day=&from-month=4&from-year=",
            "The date the range starts must include a day and year",
            "#from-day",
            {"day": "", "month": "4", "year": ""},
            ["day", "year"],
        ),
        (
            "from-day=1&from-month=4&from-year=25",
            "The year the range starts must include 4 numbers",
            "#from-year",
            {"day": "1", "month": "4", "year": "25"},
            ["year"],
        ),
        (
            "from-day=1&from-month=Ebrill&from-year=2025",
            "The date the range starts must be a real date",
            "#from-day",
            {"day": "1", "month": "Ebrill", "year": "2025"},
            ["day", "month", "year"],
        ),
        (
            "from-day=1&from-month=4&from-year=1850",
            "The date the range starts must be between 1950 and 2100",
            "#from-year",
            {"day": "1", "month": "4", "year": "1850"},
            ["year"],
        ),
        (
            "from-day=1&from-month=4&from-year=2026&to-day=31&to-month=3&to-year=2026",
            "The date the range starts must be the same as or before the date it ends",
            "#from-day",
            {"day": "1", "month": "4", "year": "2026"},
            ["day", "month", "year"],
        ),
        (
            "from=2026-02-30",
            "The date the range starts must be a real date",
            "#from-day",
            {"day": "30", "month": "02", "year": "2026"},
            ["day", "month", "year"],
        ),
    ],
)
def test_a_wrong_date_is_kept_explained_and_the_default_range_shown(
    client, commissioner, query, message, href, kept, parts
):
    build()
    default = client.get("/commissioning/").get_data(as_text=True)
    response = client.get(f"/commissioning/?{query}")
    assert response.status_code == 400
    page = soup(response)
    assert page.title.get_text().startswith("Error: Commissioning dashboard")
    assert summary_links(page) == {message: href}
    assert page.find(id=href[1:]) is not None
    assert page.find(id="from-error").get_text(" ", strip=True) == f"Error: {message}"
    assert boxes(page, "from") == kept
    assert marked(page, "from") == parts
    assert marked(page, "to") == []
    # The figures are the default range's, and so are the downloads.
    assert table(str(page), "summary") == table(default, "summary")
    assert downloads(page) == downloads(soup(client.get("/commissioning/")))


def test_a_wrong_end_date_on_the_ledger_keeps_the_start(client, commissioner):
    build()
    query = "from-day=1&from-month=2&from-year=2026&to-day=31&to-month=2&to-year=2026"
    response = client.get(f"/commissioning/ledger?{query}")
    assert response.status_code == 400
    page = soup(response)
    assert summary_links(page) == {"The date the range ends must be a real date": "#to-day"}
    assert boxes(page, "to") == {"day": "31", "month": "2", "year": "2026"}
    assert boxes(page, "from") == {"day": "1", "month": "2", "year": "2026"}
    # The start still counts; the end is the default (today).
    for link in downloads(page):
        assert parse_qs(urlsplit(link).query)["from"] == ["2026-02-01"]
    older = client.get("/commissioning/ledger?from=2026-02-01").get_data(as_text=True)
    assert table(str(page), "ledger") == table(older, "ledger")
    # Exports refuse wrong dates rather than guess.
    assert client.get(f"/commissioning/ledger.csv?{query}").status_code == 400


def test_other_wrong_filters_still_show_figures(client, commissioner):
    build()
    response = client.get(f"/commissioning/?{NEW_STYLE}&area=X99")
    assert response.status_code == 400
    page = soup(response)
    assert summary_links(page) == {"Choose an area from the list": "#area"}
    assert table(str(page), "summary") == FEBRUARY


def _sufficiency_runs():
    run = create_run()
    add_outcome(run, age=13, needs=["challenging_behaviour"])
    add_outcome(run, age=9, area="E06000023")
    add_outcome(run, age=4, area=None)
    return run


def test_sufficiency_date_inputs_old_links_and_exports(client, commissioner):
    run = _sufficiency_runs()
    new = "from-day=1&from-month=1&from-year=2026&to-day=28&to-month=02&to-year=2026"
    for query in (new, "from=2026-01-01&to=2026-02-28"):
        response = client.get(f"/commissioning/sufficiency?{query}")
        assert response.status_code == 200
        page = soup(response)
        assert sum(int(row[-1]) for row in table(str(page), "groups")) == 3
        assert boxes(page, "to") == {"day": "28", "month": "02", "year": "2026"}
        for link in downloads(page):
            assert parse_qs(urlsplit(link).query) == {"from": ["2026-01-01"], "to": ["2026-02-28"]}
    # No dates: the latest run, pinned in the downloads so they match the page.
    page = soup(client.get("/commissioning/sufficiency?area=W06000015"))
    assert boxes(page, "from") == {"day": "", "month": "", "year": ""}
    for link in downloads(page):
        assert parse_qs(urlsplit(link).query) == {"run": [str(run.id)], "area": ["W06000015"]}


def test_sufficiency_wrong_date_is_kept_and_the_latest_run_shown(client, commissioner):
    _sufficiency_runs()
    response = client.get("/commissioning/sufficiency?to-day=31&to-month=13&to-year=2026")
    assert response.status_code == 400
    page = soup(response)
    assert summary_links(page) == {"The date the range ends must be a real date": "#to-day"}
    assert boxes(page, "to") == {"day": "31", "month": "13", "year": "2026"}
    assert sum(int(row[-1]) for row in table(str(page), "groups")) == 3


def test_welsh_principal_areas_in_both_languages():
    assert len(WELSH_PRINCIPAL_AREAS) == 22
    assert all(code.startswith("W06") for code in WELSH_PRINCIPAL_AREAS)
    assert name("W06000015", "en") == "Cardiff" and name("W06000015", "cy") == "Caerdydd"
    assert name("w06000001", "cy") == "Ynys Môn"
    assert name("E06000023", "cy") == "E06000023"  # no name here: the code
    assert name(None) is None and name("") is None


def test_named_choices_by_name_then_codes(app):
    with app.test_request_context():
        assert named_choices(["E06000023", "W06000022", "W06000015"]) == [
            ("W06000015", "Cardiff"),
            ("W06000022", "Newport"),
            ("E06000023", "E06000023"),
        ]


def test_areas_by_name_in_filters_ledger_and_exports(client, commissioner):
    ledger = build()
    html = client.get("/commissioning/ledger?from=2026-01-01&to=2026-03-31").get_data(as_text=True)
    options = {
        option["value"]: option.get_text(strip=True)
        for option in parsed(html).select("#area option")
    }
    assert list(options.items()) == [
        ("", "Anywhere"),
        ("W06000015", "Cardiff"),
        ("W06000022", "Newport"),  # the home (the factory's postcode)
        ("E06000023", "E06000023"),  # no name here: the code
    ]
    rows = {row[0]: row for row in table(html, "ledger")}
    assert rows[ledger.p1.child.reference][2] == "Cardiff"
    text = client.get("/commissioning/ledger.csv?from=2026-01-01&to=2026-03-31").get_data(
        as_text=True
    )
    exported = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert exported[1][4:6] == ["Area", "Area code"]
    written = {row[0]: row for row in exported[2:]}
    assert written[ledger.p1.child.reference][4:6] == ["Cardiff", "W06000015"]
    client.get("/locale/cy")
    html = client.get("/commissioning/ledger?from=2026-01-01&to=2026-03-31").get_data(as_text=True)
    assert "Caerdydd" in [o.get_text(strip=True) for o in soup_options(html)]
    rows = {row[0]: row for row in table(html, "ledger")}
    assert rows[ledger.p1.child.reference][2] == "Caerdydd"


def soup_options(html: str):
    return parsed(html).select("#area option")


def test_sufficiency_areas_by_name_with_codes_in_exports(client, commissioner):
    _sufficiency_runs()
    html = client.get("/commissioning/sufficiency").get_data(as_text=True)
    assert [row[0] for row in table(html, "area")] == ["Cardiff", "E06000023", "Not known"]
    assert {row[2] for row in table(html, "groups")} == {"Cardiff", "E06000023", "Not known"}
    assert [o.get_text(strip=True) for o in soup_options(html)] == [
        "Anywhere",
        "Cardiff",
        "E06000023",
    ]
    text = client.get("/commissioning/sufficiency/area.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    assert [row[:2] for row in rows] == [
        ["Area", "Area code"],
        ["Cardiff", "W06000015"],
        ["E06000023", "E06000023"],
        ["Not known", ""],
    ]
    text = client.get("/commissioning/sufficiency/groups.csv").get_data(as_text=True)
    header = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1]
    assert header[4:6] == ["Area", "Area code"]
    client.get("/locale/cy")
    html = client.get("/commissioning/sufficiency").get_data(as_text=True)
    assert table(html, "area")[0][0] == "Caerdydd"
