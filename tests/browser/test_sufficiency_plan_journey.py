"""A commissioner drafts next year's sufficiency plan in a real browser: opens it, edits
a section, reads the print view and downloads the workbook, with axe on each page; then
the plan in Welsh. And every commissioning and sufficiency table fits a 1280 px laptop
without scrolling sideways."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from fostering.commissioning.services.filters import financial_year
from fostering.models import Role
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.commissioning import council
from tests.commissioning.runs import add_outcome, create_run
from tests.factories import DEFAULT_PASSWORD, create_user

pytestmark = pytest.mark.browser


def sign_in(page, user) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_commissioner_drafts_next_years_plan(app, page):
    from datetime import date

    user = create_user(role=Role.COMMISSIONER)
    council.build()
    next_year = financial_year(date.today()) + 1
    sign_in(page, user)
    page.goto("/commissioning/")
    page.get_by_role("link", name="Sufficiency plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual sufficiency plan")
    expect(page.get_by_label("Financial year")).to_have_value(str(next_year))
    check_accessibility(page)
    page.get_by_role("button", name="Open the plan").click()
    title = f"Annual sufficiency plan, {next_year} to {next_year + 1}"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("#table-location")).to_contain_text("All children placed")
    check_accessibility(page)

    page.get_by_role("link", name="Edit the plan's words and steps").click()
    page.get_by_label("Summary").fill("We will open two homes and recruit ten carers.")
    page.get_by_label("Foster places the steps add in the year (optional)").fill("ten")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a whole number")
    expect(page.get_by_label("Summary")).to_have_value(
        "We will open two homes and recruit ten carers."
    )
    assert page.problems.messages and all("400" in m for m in page.problems.messages)
    page.problems.messages.clear()  # the refused form answers 400, as it should
    check_accessibility(page)
    page.get_by_label("Foster places the steps add in the year (optional)").fill("10")
    page.get_by_label("Steps, one a line").fill("Recruit ten foster carers")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Version 1 of the plan is saved."
    )
    expect(page.locator("#section-summary + p")).to_have_text(
        "We will open two homes and recruit ten carers."
    )
    check_accessibility(page)

    page.get_by_role("link", name="Open the print view").click()
    expect(page.get_by_role("heading", level=2, name="1. Summary")).to_be_visible()
    expect(
        page.get_by_role("listitem").filter(has_text="Recruit ten foster carers")
    ).to_be_visible()
    check_accessibility(page)
    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to the plan").click()

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the plan as an Excel")).click()
    download = download_info.value
    assert (
        download.suggested_filename == f"sufficiency-plan-{next_year}-{str(next_year + 1)[2:]}.xlsx"
    )
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    texts = [row[0] for row in book["Plan"].iter_rows(values_only=True) if row[0]]
    assert "We will open two homes and recruit ten carers." in texts

    # The Welsh pass: the page is in Welsh and still passes axe.
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("link", name=welsh("Commissioning"))).to_be_visible()
    expect(page.locator("#table-location")).to_be_visible()
    check_accessibility(page)


def _tables_that_overflow(page) -> list[str]:
    """Every figures table whose width is more than its box's (the page's column)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main table.govuk-table')]
            .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1
                      || t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
            .map(t => `${t.id}: ${t.scrollWidth} > ${t.parentElement.clientWidth}`)"""
    )


def test_every_commissioning_table_fits_a_1280_px_laptop(app, page):
    from datetime import date

    user = create_user(role=Role.COMMISSIONER)
    built = council.build()
    run = create_run()
    for age, needs in ((3, []), (12, ["challenging_behaviour", "autism"]), (16, ["therapeutic"])):
        add_outcome(
            run,
            age=age,
            needs=needs,
            provider=built.profit,
            weekly_cost_pence=120_000,
            baseline_weekly_cost_pence=118_000,
            decision="accepted",
        )
    year = financial_year(date.today()) + 1
    sign_in(page, user)
    pages = {
        "/commissioning/?from=2023-01-01&to=2027-03-31": 9,
        "/commissioning/ledger?from=2023-01-01&to=2027-03-31": 1,
        "/commissioning/sufficiency": 5,
        f"/commissioning/sufficiency-plan/{year}": 5,
        f"/commissioning/sufficiency-plan/{year}/print": 5,
    }
    for path, tables in pages.items():
        page.goto(path)
        assert page.locator("main table.govuk-table").count() >= tables, path
        assert _tables_that_overflow(page) == [], path
        # Money never wraps inside its cell.
        wrapped = page.evaluate(
            """() => [...document.querySelectorAll('main .govuk-table__cell--numeric')]
                .filter(c => getComputedStyle(c).whiteSpace !== 'nowrap').length"""
        )
        assert wrapped == 0, path
