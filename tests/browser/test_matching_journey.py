"""Issue 5's "done when": a placement officer refers a child, runs matching, watches the
progress page, accepts one proposal and rejects another, runs again (the rejected pair
is gone, the accepted one kept), and sees the placement and the carer's vacancies. Axe
finds no violations on any page, in English and then in Welsh. Jobs use the thread
runner; the council is small and seeded here.
"""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect

from fostering.extensions import db
from fostering.models import Child, FosterCarer, MatchingRun, Placement, Postcode, Role
from fostering.placements.services import matching_runs
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_agency, create_child, create_user
from tests.placements.matching_data import located_carer

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def seed() -> dict:
    """Two in-house carers with one place each, an agency, and one child waiting."""
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    db.session.add(Postcode(postcode="CF10 3AN", easting=319_435, northing=176_824,
                            local_authority="W06000015"))  # fmt: skip
    db.session.commit()
    near = located_carer(grid=(319_000, 177_000), household_name="The Morgan household")
    far = located_carer(grid=(322_000, 179_000), household_name="The Price household")
    create_agency(name="Bridge Fostering", places=5)
    waiting = create_child(given_name="Bryn", family_name="Hughes", home_grid=(318_800, 176_600))
    return {"officer": officer.email, "near": near.id, "far": far.id, "waiting": waiting.id}


def refer_a_child(page) -> None:
    page.goto("/placements/children/new")
    at(page, "Add a referral")
    page.get_by_label("Given name").fill("Alys")
    page.get_by_label("Family name").fill("Jenkins")
    born = page.get_by_role("group", name="Date of birth")
    born.get_by_label("Day").fill("14")
    born.get_by_label("Month").fill("3")
    born.get_by_label("Year").fill("2016")
    page.get_by_role("group", name="Sex").get_by_label("Female").check()
    page.get_by_role("group", name="Does the child speak Welsh?").get_by_label("No").check()
    page.get_by_role("group", name="Setting").get_by_label("Foster family").check()
    page.get_by_role("group", name="Placement type").get_by_label("Short term").check()
    page.get_by_role("group", name="Urgency").get_by_label("Planned").check()
    page.get_by_label("Home postcode").fill("cf10 3an")
    page.get_by_role("button", name="Save the referral").click()
    expect(heading(page)).to_contain_text("Alys")
    check_accessibility(page)


def free_places(page):
    row = page.locator(".govuk-summary-list__row", has_text="in-house foster carers")
    return row.locator("dd")


def card(page, child_name: str):
    return page.locator(".govuk-summary-card").filter(has_text=child_name)


def test_matching_journey(app, page, monkeypatch):
    ids = seed()
    # Hold the solver until the test has seen the progress page, so "watch progress"
    # is certain rather than a race with a tiny instance.
    gate = threading.Event()
    real_solve = matching_runs.matching.solve

    def gated_solve(instance, **kwargs):
        assert gate.wait(timeout=30)
        return real_solve(instance, **kwargs)

    monkeypatch.setattr(matching_runs.matching, "solve", gated_solve)

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(ids["officer"])
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()

    page.goto("/placements/")
    at(page, "Placements dashboard")
    expect(free_places(page)).to_have_text("2")

    refer_a_child(page)

    # Start a run over everyone waiting, with the council's defaults.
    page.goto("/placements/runs")
    at(page, "Matching runs")
    page.get_by_role("button", name="Start a matching run").click()
    at(page, "Start a matching run")
    expect(page.get_by_label("Alys Jenkins", exact=False)).to_be_checked()
    expect(page.get_by_label("Bryn Hughes", exact=False)).to_be_checked()
    page.get_by_role("button", name="Start the matching run").click()

    # The progress page refreshes itself until the run has finished.
    at(page, "Matching run")
    expect(page.get_by_role("button", name="Cancel the run")).to_be_visible()
    row = page.locator(".govuk-summary-list__row", has_text="Children in this run")
    expect(row.locator("dd")).to_have_text("2")
    gate.set()
    expect(page.get_by_role("heading", name="Against the baseline search")).to_be_visible()
    check_accessibility(page)
    first_run_url = page.url

    # Both children are proposed an in-house carer; accept Alys's, reject Bryn's.
    alys, bryn = card(page, "Alys Jenkins"), card(page, "Bryn Hughes")
    expect(alys).to_contain_text("In-house")
    expect(bryn).to_contain_text("In-house")
    alys_carer = "Morgan" if "Morgan" in alys.inner_text() else "Price"
    bryn_carer = "Price" if alys_carer == "Morgan" else "Morgan"
    alys.get_by_role("button", name=re.compile("^Accept")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("accepted")
    check_accessibility(page)
    expect(card(page, "Alys Jenkins")).to_contain_text("Accepted")
    card(page, "Bryn Hughes").get_by_role("button", name=re.compile("^Reject")).click()
    at(page, "Reject the proposal")
    page.get_by_role("button", name="Reject the proposal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose why")
    check_accessibility(page)
    page.get_by_label("Too far from the child's family or community").check()
    page.get_by_role("button", name="Reject the proposal").click()
    expect(card(page, "Bryn Hughes")).to_contain_text("Rejected")
    expect(card(page, "Bryn Hughes")).to_contain_text("Too far from the child's family")

    # Run again: Alys keeps her carer; Bryn is never offered the rejected one again.
    page.get_by_role("button", name="Run again").click()
    expect(page.get_by_role("heading", name="Against the baseline search")).to_be_visible()
    check_accessibility(page)
    assert page.url != first_run_url
    expect(card(page, "Alys Jenkins")).to_contain_text(f"The {alys_carer} household")
    expect(card(page, "Alys Jenkins")).to_contain_text("Accepted")
    expect(card(page, "Bryn Hughes")).not_to_contain_text(f"The {bryn_carer} household")
    expect(card(page, "Bryn Hughes")).to_contain_text("Bridge Fostering")

    # The placement is made and the carer's vacancies are updated.
    carer_link = card(page, "Alys Jenkins").get_by_role("link", name=f"The {alys_carer} household")
    carer_link.click()
    expect(heading(page)).to_contain_text(alys_carer)
    check_accessibility(page)
    expect(page.locator("main")).to_contain_text("Alys")
    db.session.expire_all()
    placement = db.session.query(Placement).one()
    alys_row = db.session.query(Child).filter_by(given_name="Alys").one()
    assert placement.child_id == alys_row.id and alys_row.status == "planned"
    carer = db.session.get(FosterCarer, placement.carer_id)
    assert (carer.household_name, carer.occupied) == (f"The {alys_carer} household", 1)
    page.goto("/placements/")
    expect(free_places(page)).to_have_text("1")
    assert db.session.query(MatchingRun).count() == 2

    # The same pages in Welsh, axe clean.
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    at(page, welsh("Placements dashboard"))
    page.goto("/placements/runs")
    at(page, welsh("Matching runs"))
    page.goto(first_run_url)
    at(page, welsh("Matching run %(number)d").replace("%(number)d", ""))
    expect(page.locator("main")).to_contain_text(welsh("Against the baseline search"))
    page.goto("/placements/runs/new")
    at(page, welsh("Start a matching run"))
