"""A commissioner's journey in a real browser: the dashboard, a filter, a download, the
ledger and sufficiency pages, with axe on each; then the same pages in Welsh."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from fostering.models import Role
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.commissioning.ledger import build
from tests.commissioning.runs import add_outcome, create_run
from tests.factories import DEFAULT_PASSWORD, create_user

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def test_commissioner_filters_the_dashboard_and_downloads_a_table(app, page):
    user = create_user(role=Role.COMMISSIONER)
    ledger = build()
    run = create_run()
    add_outcome(run, age=13, needs=["challenging_behaviour"], provider=ledger.agency)

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/commissioning/")
    expect(heading(page)).to_have_text("Commissioning dashboard")
    expect(page.get_by_role("img", name="Spend month by month")).to_be_visible()
    check_accessibility(page)

    # The GOV.UK date inputs: a date that cannot be is kept and explained.
    start = page.get_by_role("group", name="From")
    end = page.get_by_role("group", name="To")
    start.get_by_label("Day").fill("31")
    start.get_by_label("Month").fill("2")
    start.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    summary_box = page.locator(".govuk-error-summary")
    expect(summary_box).to_be_focused()
    expect(summary_box).to_contain_text("The date the range starts must be a real date")
    expect(start.get_by_label("Day")).to_have_value("31")
    expect(page.locator("#table-summary")).to_be_visible()  # the default range's figures
    # The page answers 400 (the filters were wrong), which Chromium logs: expected here.
    assert page.problems.messages and all("400" in m for m in page.problems.messages)
    page.problems.messages.clear()
    check_accessibility(page)
    summary_box.get_by_role("link").click()
    expect(start.get_by_label("Day")).to_be_focused()

    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("1")
    end.get_by_label("Day").fill("31")
    end.get_by_label("Month").fill("3")
    end.get_by_label("Year").fill("2026")
    page.get_by_label("Provider type", exact=True).select_option("ifa")
    page.get_by_label("Area (where the provider is)").select_option(label="E06000023")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(
        re.compile(r"from-day=1&from-month=1&from-year=2026&to-day=31&to-month=3&to-year=2026")
    )
    assert "type=ifa" in page.url and "area=E06000023" in page.url
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    summary = page.locator("#table-summary tbody tr").first
    expect(summary).to_contain_text("£1,714.29")
    check_accessibility(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “Spend by provider type” as CSV").click()
    download = download_info.value
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][0].startswith("Spend by provider type, 1 January 2026 to 31 March 2026")
    assert rows[1][0] == "Provider type"
    assert rows[2] == ["Independent fostering agency", "1", "1000.00", "1714.29", "1000.00"]

    page.get_by_role("link", name="Placement ledger").first.click()
    expect(heading(page)).to_have_text("Placement ledger")
    expect(page.locator("#table-ledger")).to_contain_text("Cardiff")  # areas by name
    check_accessibility(page)
    page.get_by_role("link", name="Sufficiency").first.click()
    expect(heading(page)).to_have_text("Sufficiency")
    expect(page.locator("#table-groups")).to_contain_text("11–15")
    check_accessibility(page)

    # The Welsh pass.
    page.goto("/commissioning/?from=2026-01-01&to=2026-03-31")
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(heading(page)).to_have_text(welsh("Commissioning dashboard"))
    expect(page.locator("#table-trend")).to_contain_text("Ionawr 2026")
    expect(page.get_by_role("group", name=welsh("From")).get_by_label(welsh("Year"))).to_have_value(
        "2026"
    )
    check_accessibility(page)
    page.goto("/commissioning/ledger")
    expect(heading(page)).to_have_text(welsh("Placement ledger"))
    expect(page.locator("#area")).to_contain_text("Caerdydd")
    check_accessibility(page)
    page.goto("/commissioning/sufficiency")
    expect(heading(page)).to_have_text(welsh("Sufficiency"))
    check_accessibility(page)
