"""A placement officer adds a referral (a postcode the directory does not know first,
then corrected), sees the child's page, adds a sibling and someone the child must not
live with, and then checks the same pages in Welsh. Axe runs on every page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fostering.extensions import db
from fostering.models import Child, Role
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_child, create_user, load_postcodes

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def banner(page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


def seed() -> dict:
    load_postcodes()
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    brother = create_child(given_name="Deian", family_name="Rees")
    resident = create_child(given_name="Tomos", family_name="Lloyd", status="placed")
    return {"officer": officer.email, "brother": brother.reference, "resident": resident.reference}


def fill_referral(page, home_postcode: str) -> None:
    page.get_by_label("Given name").fill("Nia")
    page.get_by_label("Family name").fill("Rees")
    born = page.get_by_role("group", name="Date of birth")
    born.get_by_label("Day").fill("2")
    born.get_by_label("Month").fill("11")
    born.get_by_label("Year").fill("2017")
    page.get_by_role("group", name="Sex").get_by_label("Female").check()
    page.get_by_role("group", name="Does the child speak Welsh?").get_by_label("Yes").check()
    page.get_by_role("group", name="Setting").get_by_label("Foster family").check()
    page.get_by_role("group", name="Placement type").get_by_label("Long term").check()
    page.get_by_role("group", name="Urgency").get_by_label("Urgent (within 7 days)").check()
    page.get_by_role("group", name="Needs (choose all that apply)").get_by_label(
        "Complex health needs"
    ).check()
    page.get_by_label("Home postcode").fill(home_postcode)


def test_referral_journey(app, page):
    ids = seed()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(ids["officer"])
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()

    page.goto("/placements/children")
    at(page, "Children needing a placement")
    expect(page.locator("table")).to_contain_text("Deian Rees")
    page.get_by_role("button", name="Add a referral").click()
    at(page, "Add a referral")

    # A postcode the directory does not hold: the error is linked and what was typed stays.
    fill_referral(page, "CF99 9ZZ")
    page.get_by_role("button", name="Save the referral").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "We cannot find that home postcode. Check it and enter it again"
    )
    check_accessibility(page)
    summary.get_by_role("link", name="We cannot find that home postcode").click()
    expect(page.get_by_label("Home postcode")).to_be_focused()
    expect(page.get_by_label("Home postcode")).to_have_value("CF99 9ZZ")
    expect(page.get_by_label("Given name")).to_have_value("Nia")
    page.get_by_label("Home postcode").fill("sa1 1xy")
    page.get_by_role("button", name="Save the referral").click()

    at(page, "Nia Rees")
    banner(page, "The referral for")
    child = db.session.query(Child).filter_by(given_name="Nia").one()
    referral = page.locator(".govuk-summary-list").first
    expect(referral).to_contain_text("SA1 1XY")
    expect(referral).to_contain_text("Complex health needs")

    page.get_by_role("link", name="Change the sibling group").click()
    at(page, "Sibling group")
    page.get_by_label("Search by name or reference").fill("Deian")
    page.get_by_role("button", name="Search").click()
    at(page, "Sibling group")
    page.get_by_label(f"Deian Rees ({ids['brother']})").check()
    page.get_by_role("button", name="Add to the sibling group").click()
    at(page, "Nia Rees")
    expect(page.locator("#siblings ~ ul").first).to_contain_text("Deian Rees")

    page.get_by_role("link", name="Change who this child must not live with").click()
    at(page, "Who this child must not live with")
    page.get_by_label("Search by name or reference").fill("nobody")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#no-results")).to_contain_text("No child you can see matches")
    check_accessibility(page)
    page.get_by_label("Search by name or reference").fill("Tomos")
    page.get_by_role("button", name="Search").click()
    page.get_by_label(f"Tomos Lloyd ({ids['resident']})").check()
    page.get_by_role("button", name="Keep these children apart").click()
    at(page, "Nia Rees")
    banner(page, "The children will not be placed together.")
    expect(page.locator("#safeguarding ~ ul").first).to_contain_text("Tomos Lloyd")

    # The same pages in Welsh.
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    at(page, "Nia Rees")
    expect(page.get_by_role("heading", name=welsh("Sibling group"))).to_be_visible()
    expect(page.get_by_role("heading", name=welsh("Safeguarding"))).to_be_visible()
    page.get_by_role("link", name=welsh("Change the sibling group")).click()
    at(page, welsh("Sibling group"))
    page.goto(f"/placements/children/{child.id}/safeguarding")
    at(page, welsh("Who this child must not live with"))
    page.goto(f"/placements/children/{child.id}/edit")
    at(page, welsh("Change the referral"))
    page.goto("/placements/children")
    at(page, welsh("Children needing a placement"))
    page.get_by_role("button", name=welsh("Add a referral")).click()
    at(page, welsh("Add a referral"))
    page.get_by_role("button", name=welsh("Save the referral")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        welsh("Enter the child's given name")
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        welsh("Enter the child's home postcode")
    )
    check_accessibility(page)
