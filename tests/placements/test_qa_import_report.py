"""The import report after QA: "1 problem" (not "1 problems"), a sentence in Welsh that
does not need a plural noun after the number, and each problem starting with a capital."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from fostering.models import Role
from tests.conftest import page_text, sign_in
from tests.factories import create_user
from tests.imports.files import CHILD_HEADER, add_postcodes, child_row, csv_bytes
from tests.imports.test_import_pages import upload


@pytest.fixture
def officer(app, client):
    add_postcodes()
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))


def _report(client, rows) -> str:
    response = upload(
        client, "/placements/imports", "children", csv_bytes(CHILD_HEADER, rows), "c.csv"
    )
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize(
    ("locale", "bad", "expected"),
    [
        ("en", 1, "We checked 3 rows and found 1 problem. Nothing has been imported."),
        ("en", 2, "We checked 3 rows and found 2 problems. Nothing has been imported."),
        ("cy", 1, "Gwnaethom wirio 3 o resi a chanfod 1 broblem."),
        ("cy", 3, "Gwnaethom wirio 3 o resi a chanfod 3 problem."),
    ],
)
def test_the_count_of_problems_is_a_whole_sentence(app, client, officer, locale, bad, expected):
    rows = [
        child_row(f"LAC{n}", **({"Date of birth": "soon"} if n <= bad else {})) for n in range(1, 4)
    ]
    url = _report(client, rows)
    client.get(f"/locale/{locale}")
    assert expected in page_text(client.get(url))


def test_each_problem_in_the_table_starts_with_a_capital(app, client, officer):
    url = _report(client, [child_row("LAC1", **{"Date of birth": "soon"})])
    soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    cells = [row.select("td")[-1].get_text(strip=True) for row in soup.select("#problems tbody tr")]
    assert cells == ["Enter a real date, like 27/03/2016"]


def test_the_recent_files_table_scrolls_in_its_own_box(app, client, officer):
    """At 375 px in Welsh the table widened the page to 445 px."""
    _report(client, [child_row("LAC1")])
    soup = BeautifulSoup(client.get("/placements/imports").get_data(as_text=True), "html.parser")
    box = soup.select_one("main table.govuk-table").find_parent("div", class_="app-table-scroll")
    assert box is not None
    assert (box.get("tabindex"), box.get("role")) == ("0", "region")
    assert soup.find(id=box["aria-labelledby"]).get_text(strip=True) == "Your recent files"
