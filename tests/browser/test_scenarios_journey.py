"""Issue 20's what-if scenarios in the browser: the commissioner builds "Five homes of five
beds in Cardiff" and "Recruit 20 carers for teenagers" on the demo council, runs both
(watching the progress page), sees each beside today, compares them and downloads the
comparison. Real placements are unchanged. Axe runs on every page, then in Welsh.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fostering import demo
from fostering.extensions import db
from fostering.models import Placement
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh

pytestmark = [pytest.mark.browser, pytest.mark.loaded(loader=demo.load)]

TIME_LIMIT = 1  # seconds a solve: this journey checks the pages, bench/scenarios.py the solves


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def create(page, name: str) -> None:
    page.goto("/commissioning/scenarios")
    at(page, "What-if scenarios")
    page.get_by_role("button", name="Create a scenario").click()
    at(page, "Create a scenario")
    page.get_by_label("Name of the scenario").fill(name)
    page.get_by_label("Also re-match children placed out of county or with agencies").check()
    page.get_by_role("button", name="Save the scenario").click()
    at(page, name)


def run_and_wait(page, name: str) -> None:
    page.get_by_role("button", name="Run the scenario").click()
    # The progress page, then (it updates itself) the result.
    expect(page.get_by_role("heading", name="Beside today")).to_be_visible(timeout=60_000)
    at(page, name)


def placement_state():
    db.session.expire_all()
    rows = db.session.query(Placement.id, Placement.end_date, Placement.stage).all()
    return sorted((r.id, r.end_date, r.stage) for r in rows)


def test_scenarios_journey(app, page):
    app.config["SCENARIO_TIME_LIMIT"] = TIME_LIMIT
    before = placement_state()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill("commissioner@demo.example")
    page.get_by_label("Password", exact=True).fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()

    # The first scenario: five council homes of five beds, spread over Cardiff.
    create(page, "Five homes of five beds in Cardiff")
    page.get_by_role("link", name="Open council children's homes").click()
    at(page, "Open council children's homes")
    page.get_by_label("How many homes").fill("5")
    page.get_by_label("Beds in each home").fill("6")  # the service's rule: five at most
    page.get_by_label("Or an area").select_option(label="Cardiff")
    for need in ("Therapeutic care", "Behaviour that challenges"):
        page.get_by_label(need).check()
    page.get_by_role("group", name="Can children be cared for in Welsh?").get_by_label("No").check()
    page.get_by_label("Weekly cost for one child, in pounds").fill("4500")
    page.get_by_role("button", name="Add the change").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at most 5 beds")
    check_accessibility(page)
    expect(page.get_by_label("How many homes")).to_have_value("5")
    page.get_by_label("Beds in each home").fill("5")
    page.get_by_role("button", name="Add the change").click()
    at(page, "Five homes of five beds in Cardiff")
    expect(page.locator("#changes + ol")).to_contain_text("5 new council homes of 5 beds each")
    run_and_wait(page, "Five homes of five beds in Cardiff")
    figures = page.locator("#table-figures")
    expect(figures).to_contain_text("Placed out of county")
    expect(page.locator("#table-new-places")).to_contain_text("New council home 1 (change 1)")
    expect(page.locator("#table-moves")).to_contain_text("LAC")
    first_url = page.url

    # The second: twenty carer households for teenagers.
    create(page, "Recruit 20 carers for teenagers")
    page.get_by_role("link", name="Recruit foster carer households").click()
    at(page, "Recruit foster carer households")
    page.get_by_label("How many households").fill("20")
    page.get_by_label("Places in each household").fill("2")
    page.get_by_label("Or an area").select_option(label="Cardiff")
    page.get_by_label("Youngest age").fill("11")
    page.get_by_label("Oldest age").fill("17")
    page.get_by_label("Behaviour that challenges").check()
    page.get_by_role("group", name="Can children be cared for in Welsh?").get_by_label("No").check()
    page.get_by_label("Weekly cost for one child, in pounds").fill("450")
    page.get_by_label("Fee level (optional)").fill("Level 3")
    page.get_by_role("button", name="Add the change").click()
    at(page, "Recruit 20 carers for teenagers")
    run_and_wait(page, "Recruit 20 carers for teenagers")
    expect(page.locator("#table-new-places")).to_contain_text("New carer household 20")

    # Compare both with today, and download the comparison.
    page.goto("/commissioning/scenarios")
    at(page, "What-if scenarios")
    compare = page.get_by_role("group", name="Scenarios to compare")
    compare.get_by_label("Five homes of five beds in Cardiff").check()
    compare.get_by_label("Recruit 20 carers for teenagers").check()
    page.get_by_role("button", name="Compare").click()
    at(page, "Compare scenarios")
    table = page.locator("#table-compare")
    expect(table).to_contain_text("Five homes of five beds in Cardiff")
    expect(table).to_contain_text("Recruit 20 carers for teenagers")
    expect(table).to_contain_text("Weekly spend")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the comparison as CSV").click()
    name = download.value.suggested_filename
    assert name == (
        "scenarios-five-homes-of-five-beds-in-cardiff-and-recruit-20-carers-for-teenagers.csv"
    )
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0].startswith("Scenario,Run,Children matched")
    assert "Recruit 20 carers for teenagers,With the changes" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the comparison as an Excel spreadsheet").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # Nothing real changed.
    assert placement_state() == before

    # Welsh: the same pages, axe clean.
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    check_accessibility(page)
    page.goto(first_url)
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    # Messages new with scenarios reach the catalogue when the Welsh is merged; the
    # status, an existing message, is already Welsh.
    expect(page.locator("main")).to_contain_text(welsh("Finished"))
    check_accessibility(page)


def test_scenario_pages_fit_a_phone_for_a_placement_officer(app, phone_page):
    """The demo's saved scenarios, their change forms and a refused run, at 375 px."""
    page = phone_page
    page.goto("/sign-in")
    page.get_by_label("Email address").fill("placement.officer@demo.example")
    page.get_by_label("Password", exact=True).fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()

    def fits() -> None:
        check_accessibility(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{page.url} is {width} px wide"

    page.goto("/commissioning/scenarios")
    at(page, "What-if scenarios")
    fits()
    page.get_by_role("link", name="Recruit 20 carers for teenagers").click()
    at(page, "Recruit 20 carers for teenagers")
    expect(page.locator("main")).to_contain_text("20 new carer households of 2 places each")
    fits()
    for kind in ("open_homes", "recruit_carers", "close_providers", "change_rates"):
        page.goto(page.url.split("/changes/")[0] + f"/changes/{kind}")
        expect(page.get_by_role("button", name="Add the change")).to_be_visible()
        fits()
    page.get_by_role("link", name="Back to the scenario").click()
    page.get_by_role("button", name="Remove").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("removed")
    page.get_by_role("button", name="Use not-for-profit agencies only").click()
    # The second press must wait for the first page's answer: pressed while that page
    # still showed, it was lost when the answer replaced the page.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The change has been added")
    page.get_by_role("button", name="Use not-for-profit agencies only").click()
    expect(page.locator("main")).to_contain_text(
        "The scenario already uses not-for-profit agencies only"
    )
    fits()
