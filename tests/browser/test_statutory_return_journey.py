"""A placement officer chooses the Welsh census for last year, is told what to choose
first, sees the validation errors, narrows them to one rule, follows one to the child,
downloads the return, then sees the report in Welsh. Axe runs on every page."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from fostering.models import Role
from fostering.placements.returns import codes, service
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import (
    DEFAULT_PASSWORD,
    create_carer,
    create_child,
    create_home,
    create_placement,
    create_user,
)

pytestmark = pytest.mark.browser

YEAR = service.years(date.today())[1].start_year


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def test_statutory_return_journey(app, page):
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    child = create_child(given_name="Cerys", family_name="Morgan")
    create_placement(
        child=child,
        provider=create_carer(),
        start_date=date(YEAR, 5, 1),
        end_date=date(YEAR, 7, 31),
    )
    create_placement(child=child, provider=create_home(), start_date=date(YEAR, 8, 1))

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()

    page.get_by_role("link", name="Statutory returns").click()
    at(page, "Statutory returns")
    page.get_by_role("button", name="Check the return").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose which return to check")
    check_accessibility(page)

    page.get_by_label("Children looked after census (Welsh Government)").check()
    page.get_by_label("Collection year").select_option(str(YEAR))
    page.get_by_role("button", name="Check the return").click()
    at(page, "Children looked after census (Welsh Government)")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Episodes of care")
    expect(page.locator(".govuk-warning-text")).to_contain_text("before you send the return")

    # Only the errors for rule 225: the move has no reason recorded.
    page.get_by_role("link", name=re.compile(r"^225\b")).click()
    expect(page.get_by_role("heading", name="Errors for rule 225")).to_be_visible()
    table = page.locator("#errors-caption").locator("xpath=ancestor::div[1]")
    expect(table).to_contain_text("Record why the placement ended when the child moved.")
    check_accessibility(page)

    # The error leads to the child's record.
    page.get_by_role("link", name="Cerys Morgan").first.click()
    at(page, "Cerys Morgan")
    page.go_back()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the return (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text("utf-8-sig"))))
    assert tuple(rows[0]) == codes.WALES_COLUMNS
    assert [row[0] for row in rows[1:]] == [child.reference, child.reference]

    # The same report in Welsh.
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    at(page, welsh("Children looked after census (Welsh Government)"))
    expect(page.locator(".govuk-summary-list")).to_contain_text(welsh("Validation errors"))
    expect(
        page.get_by_role(
            "heading", name=welsh("Errors for rule %(code)s").replace("%(code)s", "225")
        )
    ).to_be_visible()
