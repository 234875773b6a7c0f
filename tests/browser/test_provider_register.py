"""A placement officer adds a council children's home (six beds first, which is refused),
adds an independent fostering agency, opens the register and filters it; then the same
pages in Welsh. Axe runs on every page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, Role
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_carer, create_user, load_postcodes

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def banner(page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


def fill_terms(page, *, postcode: str, cost: str) -> None:
    page.get_by_label("Postcode", exact=True).fill(postcode)
    page.get_by_label("Youngest age").fill("8")
    page.get_by_label("Oldest age").fill("17")
    page.get_by_role("group", name="Can children be cared for in Welsh?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Weekly cost for one child, in pounds").fill(cost)


def test_provider_register_journey(app, page):
    load_postcodes()
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    create_carer(household_name="The Evans household", postcode="CF10 1AA")

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()

    page.goto("/placements/providers")
    at(page, "Provider register")
    expect(page.locator("table")).to_contain_text("The Evans household")

    # A home with six beds is refused; the error links to the field and what was typed stays.
    page.get_by_role("link", name="Add a council children's home").click()
    at(page, "Add a council children's home")
    page.get_by_label("Name of the home").fill("Tŷ Glas")
    page.get_by_label("Number of beds").fill("6")
    fill_terms(page, postcode="cf14 2aa", cost="3800.50")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("A council children's home can have at most 5 beds")
    check_accessibility(page)
    summary.get_by_role("link", name="A council children's home can have at most 5 beds").click()
    expect(page.get_by_label("Number of beds")).to_be_focused()
    expect(page.get_by_label("Name of the home")).to_have_value("Tŷ Glas")
    page.get_by_label("Number of beds").fill("4")
    page.get_by_role("button", name="Save").click()

    at(page, "Tŷ Glas")
    banner(page, "The home has been added to the register.")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("£3,800.50")
    home = db.session.query(ChildrensHome).one()
    assert (home.beds, home.weekly_cost_pence, home.postcode) == (4, 380_050, "CF14 2AA")

    # An independent fostering agency with no agreed limit on places, out of county.
    page.get_by_role("link", name="Back to the provider register").click()
    at(page, "Provider register")
    page.get_by_role("link", name="Add an independent provider").click()
    at(page, "Add an independent provider")
    page.get_by_label("Name", exact=True).fill("Bright Futures Fostering")
    page.get_by_role("group", name="Kind of provider").get_by_label(
        "Independent fostering agency"
    ).check()
    page.get_by_role("group", name="Legal form").get_by_label(
        "Charitable incorporated organisation (CIO)"
    ).check()
    fill_terms(page, postcode="NP20 1AA", cost="£1,234.56")
    page.get_by_role("button", name="Save").click()
    at(page, "Bright Futures Fostering")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("No agreed limit")
    agency = db.session.query(Agency).one()
    assert (agency.places, agency.weekly_cost_pence) == (None, 123_456)
    assert (agency.legal_form, agency.not_for_profit) == ("cio", True)

    # The register, filtered to providers out of county.
    page.get_by_role("link", name="Back to the provider register").click()
    table = page.locator("table")
    expect(table).to_contain_text("Tŷ Glas")
    expect(table).to_contain_text("Bright Futures Fostering")
    page.get_by_role("group", name="Show only").get_by_label("Out of county").check()
    page.get_by_role("button", name="Search").click()
    at(page, "Provider register")
    expect(table).to_contain_text("Bright Futures Fostering")
    expect(table).not_to_contain_text("Tŷ Glas")
    expect(
        page.get_by_role("group", name="Show only").get_by_label("Out of county")
    ).to_be_checked()
    page.get_by_label("Search by name, reference or postcode").fill("nobody at all")
    page.get_by_role("button", name="Search").click()
    at(page, "Provider register")
    expect(page.get_by_role("heading", name="No providers match")).to_be_visible()

    # The same pages in Welsh.
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    at(page, welsh("Provider register"))
    expect(page.get_by_role("heading", name=welsh("No providers match"))).to_be_visible()
    page.goto("/placements/providers")
    at(page, welsh("Provider register"))
    expect(page.locator("table")).to_contain_text("Tŷ Glas")
    page.get_by_role("link", name=welsh("Add a council children's home")).click()
    at(page, welsh("Add a council children's home"))
    page.get_by_label(welsh("Number of beds")).fill("6")
    page.get_by_role("button", name=welsh("Save")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        welsh("A council children's home can have at most %(most)d beds").replace("%(most)d", "5")
    )
    check_accessibility(page)
    page.goto(f"/placements/providers/agency/{agency.id}")
    at(page, "Bright Futures Fostering")
    expect(page.locator(".govuk-summary-list").first).to_contain_text(welsh("No agreed limit"))
