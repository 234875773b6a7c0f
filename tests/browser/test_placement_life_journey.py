"""A placement officer, in Chromium, accepts a proposal into a planned placement,
records the agreement, starts it, ends another child's placement with a reason, and sees
the stability dashboard change. Axe finds no violations on any page; the dashboard is
seen in Welsh too."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from fostering.extensions import db
from fostering.models import MatchingOutcome, MatchingRun, Placement, Role
from fostering.models.matching_run import RunStatus
from fostering.recruitment.services.casework import office_today
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_child, create_user
from tests.placements.matching_data import located_carer

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def seed() -> dict:
    """A finished run proposing Alys to the Morgans, and Bryn, who has already moved
    once this year and whose placement with the Prices is current."""
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    morgan = located_carer(grid=(319_000, 177_000), household_name="The Morgan household")
    price = located_carer(grid=(322_000, 179_000), household_name="The Price household", places=2)
    alys = create_child(given_name="Alys", family_name="Jenkins")
    bryn = create_child(given_name="Bryn", family_name="Hughes", status="placed")
    today = office_today()
    db.session.add_all(
        [
            Placement(child_id=bryn.id, carer_id=price.id, provider_type="in_house_foster",
                      start_date=today - timedelta(days=300), end_date=today - timedelta(days=61),
                      end_reason="planned_move", end_planned=True, distance_km=2.0),
            Placement(child_id=bryn.id, carer_id=price.id, provider_type="in_house_foster",
                      start_date=today - timedelta(days=60), distance_km=3.0),
        ]
    )  # fmt: skip
    price.occupied = 1
    run = MatchingRun(status=RunStatus.COMPLETED.value, placed=1, in_house=1)
    db.session.add(run)
    db.session.flush()
    db.session.add(
        MatchingOutcome(
            run_id=run.id, child_id=alys.id, age=9, setting="foster",
            placement_type="short_term", needs=[], carer_id=morgan.id, in_house=True,
            weekly_cost_pence=32_500, km=1.2,
        )
    )  # fmt: skip
    db.session.commit()
    return {"officer": officer.email, "run": run.id, "alys": alys.id, "bryn": bryn.id}


def figure(page, name: str):
    return page.locator("#table-figures tr", has_text=name).locator("td").first


def test_placement_life_journey(app, page):
    ids = seed()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(ids["officer"])
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()

    # The dashboard before: Bryn is on his second move; one placement started this year.
    page.goto("/placements/stability")
    at(page, "Placement stability")
    expect(figure(page, "Placements started in the 12 months")).to_have_text("2")
    expect(figure(page, "not planned")).to_have_text("0")
    expect(page.locator("#table-children")).to_contain_text("Bryn Hughes")

    # Accept Alys's proposal: the placement is planned, not yet started.
    page.goto(f"/placements/runs/{ids['run']}")
    at(page, "Matching run")
    page.get_by_role("button", name=re.compile("^Accept")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("placement planned")
    page.goto(f"/placements/children/{ids['alys']}")
    page.get_by_role("link", name="Placement and school history").click()
    at(page, "Placement history")
    expect(page.locator("main")).to_contain_text("Not recorded yet")

    # Record the agreement: a blank answer is refused, then saved.
    page.get_by_role("link", name=re.compile("^Record the agreement")).click()
    at(page, "Record the placement agreement")
    today = office_today()
    for group in ("Date the placement agreement was made", "Date the information was shared"):
        dates = page.get_by_role("group", name=group)
        dates.get_by_label("Day").fill(str(today.day))
        dates.get_by_label("Month").fill(str(today.month))
        dates.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Information shared with the carer or provider").fill(
        "Care plan, health assessment and school report"
    )
    page.get_by_role("button", name="Save the agreement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter who agreed")
    check_accessibility(page)
    page.get_by_label("Who agreed it for the carer or provider").fill("Eleri Morgan, carer")
    page.get_by_role("button", name="Save the agreement").click()
    at(page, "Placement history")
    expect(page.locator("main")).to_contain_text("Agreed with Eleri Morgan, carer")

    # Start it today, at the same school.
    page.get_by_role("link", name=re.compile("^Start the placement")).click()
    at(page, "Start the placement")
    page.get_by_role("group", name="Does the child change school").get_by_label("No").check()
    page.get_by_role("button", name="Start the placement").click()
    at(page, "Placement history")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has started")
    expect(page.locator("main")).to_contain_text("Current")

    # End Bryn's placement: it broke down, unplanned; he needs another placement.
    page.goto(f"/placements/children/{ids['bryn']}/history")
    at(page, "Placement history")
    expect(page.locator(".govuk-warning-text")).to_contain_text("third")
    page.get_by_role("link", name=re.compile("^End the placement")).click()
    at(page, "End a placement")
    page.get_by_role("button", name="End the placement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose why the placement ended")
    page.get_by_label("The placement broke down").check()
    page.get_by_role("group", name="Was the ending planned?").get_by_label("No").check()
    page.get_by_label("They need another placement").check()
    page.get_by_role("button", name="End the placement").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has ended")

    # The dashboard after: one more placement started, one unplanned ending.
    page.goto("/placements/stability")
    at(page, "Placement stability")
    expect(figure(page, "Placements started in the 12 months")).to_have_text("3")
    expect(figure(page, "not planned")).to_have_text("1")
    db.session.expire_all()
    assert db.session.query(Placement).filter_by(end_reason="disruption").count() == 1

    # The same dashboard in Welsh, axe clean.
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    at(page, welsh("Placement stability"))
    expect(page.locator("main")).to_contain_text(welsh("How these figures are worked out"))
