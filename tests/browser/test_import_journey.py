"""A placement officer imports children from a spreadsheet: a wrong file first, then a
file with a bad row (the dry run lists it and nothing is written), then the corrected
file, confirmed and followed on the self-refreshing progress page to the end; then the
import page in Welsh. Axe runs on every page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import Child, Role
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.imports.files import CHILD_HEADER, add_postcodes, child_row, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def choose_file(page, name: str, data: bytes, mime: str) -> None:
    page.get_by_role("group", name="What does the file hold?").get_by_label(
        "Children", exact=True
    ).check()
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    page.get_by_role("button", name="Check the file").click()


def children_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Child))


def test_import_journey(app, page):
    add_postcodes()
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()

    page.get_by_role("link", name="Imports").click()
    at(page, "Import records")

    # A file of the wrong type is refused with an error that links to the field.
    choose_file(page, "children.txt", b"reference\nLAC1\n", "text/plain")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file must be a CSV or XLSX file")
    # The refused upload is answered 400, which Chromium logs: expected here, and only that.
    assert page.problems.messages and all("400" in m for m in page.problems.messages)
    page.problems.messages.clear()
    check_accessibility(page)

    # A workbook with one bad row: every problem listed with its row and column.
    rows = [child_row("LAC1"), child_row("LAC2", **{"Date of birth": "31/02/2016"})]
    rows.append(child_row("LAC3"))
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    choose_file(page, "children.xlsx", xlsx_bytes(CHILD_HEADER, rows), xlsx)
    at(page, "Correct the file and upload it again")
    table = page.locator("#problems")
    expect(table).to_contain_text("date of birth")
    expect(table).to_contain_text("Enter a real date, like 27/03/2016")
    expect(page.get_by_text("We checked 3 rows and found 1 problem.")).to_be_visible()
    assert children_count() == 0

    # The corrected file is ready; importing it runs in the background with progress.
    page.get_by_role("link", name="Upload a corrected file").click()
    at(page, "Import records")
    rows[1] = child_row("LAC2")
    choose_file(page, "children.csv", csv_bytes(CHILD_HEADER, rows), "text/csv")
    at(page, "The file is ready to import")
    page.get_by_role("button", name="Import 3 rows").click()
    # The progress page refreshes itself (every 2 seconds) until the import is done.
    expect(heading(page)).to_contain_text("The file has been imported", timeout=20_000)
    check_accessibility(page)
    expect(page.locator(".govuk-panel")).to_contain_text("3 rows imported")
    assert children_count() == 3

    page.get_by_role("link", name="Import another file").click()
    at(page, "Import records")
    expect(page.locator("table")).to_contain_text("children.csv")
    expect(page.locator("table")).to_contain_text("Imported")

    # The same page in Welsh.
    page.locator("#language-switch").click()
    at(page, welsh("Import records"))
    expect(page.get_by_role("button", name=welsh("Check the file"))).to_be_visible()
