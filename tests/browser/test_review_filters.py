"""A placement officer works through a long run without JavaScript tricks: on the start
form, finds children by name (Enter finds), unticks a whole urgency group among those
found, and keeps the rest ticked; on the review, filters to the proposals waiting for a
decision, accepts one and comes back to the same filter. Axe finds no violations, in
English and in Welsh."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fostering.models import Role
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_child, create_user
from tests.placements.matching_data import reviewable_run

pytestmark = pytest.mark.browser


def at(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)
    check_accessibility(page)


def sign_in(page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_find_and_tick_children_then_filter_the_review(app, page):
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    create_child(given_name="Ifan", family_name="Owen", urgency="immediate")
    create_child(given_name="Gwen", family_name="Rees", urgency="urgent")
    create_child(given_name="Pryderi", family_name="Owen", urgency="planned")
    create_child(given_name="Rhys", family_name="Davies", urgency="planned")
    run, _pending, _private = reviewable_run(officer)
    sign_in(page, officer.email)

    page.goto("/placements/runs/new")
    at(page, "Start a matching run")
    ticked = page.locator("#children-ticked")
    # The run's own five children are waiting too: nine in all, every one ticked.
    expect(ticked).to_have_text("Children ticked: 9 of 9.")
    page.get_by_label("Find a child by name or reference").fill("owen")
    page.get_by_label("Find a child by name or reference").press("Enter")
    expect(page.get_by_label("Ifan Owen", exact=False)).to_be_checked()
    expect(page.get_by_label("Gwen Rees", exact=False)).to_have_count(0)
    page.get_by_role("button", name="Untick all – Planned").click()
    expect(page.get_by_label("Pryderi Owen", exact=False)).not_to_be_checked()
    expect(ticked).to_have_text("Children ticked: 8 of 9.")
    at(page, "Start a matching run")
    page.get_by_label("Find a child by name or reference").fill("")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_label("Rhys Davies", exact=False)).to_be_checked()  # not found, kept
    expect(page.get_by_label("Gwen Rees", exact=False)).to_be_checked()
    expect(page.get_by_label("Pryderi Owen", exact=False)).not_to_be_checked()

    # The review: only the proposals waiting for a decision, then accept one.
    page.goto(f"/placements/runs/{run.id}")
    at(page, f"Matching run {run.id}")
    page.get_by_label("Decision").select_option("pending")
    page.get_by_role("button", name="Show proposals").click()
    expect(page).to_have_url(re.compile(r"decision=pending"))
    cards = page.locator(".govuk-summary-card")
    expect(cards).to_have_count(2)
    check_accessibility(page)
    cards.filter(has_text="Alys Test").get_by_role("button", name=re.compile("^Accept")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("accepted")
    expect(page).to_have_url(re.compile(r"decision=pending"))
    expect(cards).to_have_count(1)
    expect(page.locator("#proposals-shown")).to_contain_text("Proposals shown: 1 of 4.")
    check_accessibility(page)

    # The same pages in Welsh.
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("main")).to_contain_text(welsh("Proposals waiting for a decision"))
    check_accessibility(page)
    page.goto("/placements/runs/new")
    at(page, welsh("Start a matching run"))
