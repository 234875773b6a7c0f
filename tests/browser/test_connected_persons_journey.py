"""A social worker takes a demo child's grandmother from the child's record through the
viability assessment, temporary approval, the full assessment and the fostering panel;
the team manager approves her as a connected carer for that one child. Axe runs on every
page; the decision page and the approved case are checked in Welsh, and the case list on
a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fostering import demo
from fostering.extensions import db
from fostering.models import Child, FosterCarer, User
from fostering.models.child import ChildStatus
from fostering.models.connected import ConnectedCase
from tests.browser.axe import check_accessibility
from tests.browser.conftest import DESKTOP, PHONE, _open_page
from tests.browser.welsh import welsh
from tests.factories import create_panel_meeting

pytestmark = [pytest.mark.browser, pytest.mark.loaded(loader=demo.load)]


def at(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)
    check_accessibility(page)


def banner(page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner").filter(has_text=text)).to_be_visible()
    check_accessibility(page)


def sign_in(page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    at(page, "Fostering team dashboard")


def test_a_grandmother_approved_for_one_demo_child(browser, live_server, app):
    worker = db.session.scalar(select(User).where(User.email == "social.worker@demo.example"))
    child = db.session.scalar(
        select(Child)
        .where(Child.social_worker_id == worker.id, Child.status == ChildStatus.AWAITING.value)
        .order_by(Child.id)
    )
    name = f"{child.given_name} {child.family_name}"
    create_panel_meeting(venue="Committee Room 9")  # today, quorate

    with (
        _open_page(browser, live_server, DESKTOP) as staff,
        _open_page(browser, live_server, DESKTOP) as boss,
        _open_page(browser, live_server, PHONE) as phone,
    ):
        sign_in(staff, worker.email)
        staff.goto(f"/placements/children/{child.id}")
        at(staff, name)
        staff.get_by_role("link", name="Start a connected persons assessment").click()
        at(staff, "Start a connected persons assessment")
        # A mistake first: what was typed stays.
        staff.get_by_label("Name of the connected person or people").fill("Gwen Pritchard")
        staff.get_by_label("Postcode").fill("CF10 3AB")
        staff.get_by_role("button", name="Start the assessment").click()
        summary = staff.locator(".govuk-error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Enter their relationship to the child")
        # Chromium logs the page's 400: expected.
        assert all("400" in message for message in staff.problems.messages)
        staff.problems.messages.clear()
        check_accessibility(staff)
        expect(staff.get_by_label("Name of the connected person or people")).to_have_value(
            "Gwen Pritchard"
        )
        staff.get_by_label("Relationship to the child").fill("Grandmother")
        staff.get_by_label("Address").fill("3 Heol y Parc, Cardiff")
        staff.get_by_label("Other adults in the household (optional)").fill("Ifan Pritchard")
        staff.get_by_role("button", name="Start the assessment").click()
        banner(staff, "The connected persons assessment has been started.")
        at(staff, "Gwen Pritchard")

        staff.get_by_role("button", name="Record the viability assessment").click()
        at(staff, "Viability assessment")
        staff.get_by_label("Positive: go on to the full assessment").check()
        staff.get_by_role("button", name="Record the viability assessment").click()
        banner(staff, "The viability assessment has been recorded.")

        staff.get_by_role("button", name="Give temporary approval").click()
        at(staff, "Temporary approval")
        staff.get_by_role("button", name="Give temporary approval").click()
        banner(staff, "Temporary approval has been given.")
        expect(staff.locator("main")).to_contain_text("Temporary approval ends")

        staff.get_by_role("button", name="Complete the full assessment").click()
        at(staff, "Full assessment")
        staff.get_by_label("Summary of the full assessment").fill(
            "Gwen has cared for the child most weekends; a safe, warm home."
        )
        staff.get_by_role("button", name="Complete the assessment").click()
        banner(staff, "The full assessment has been completed.")

        staff.get_by_role("button", name="Book the fostering panel").click()
        at(staff, "Book the fostering panel")
        staff.get_by_label("Committee Room 9").check()
        staff.get_by_role("button", name="Book the panel").click()
        banner(staff, "The case has been booked into the fostering panel.")

        staff.get_by_role("button", name="Record the panel's recommendation").click()
        at(staff, "The panel's recommendation")
        staff.get_by_label("Approve", exact=True).check()
        staff.get_by_label("The panel's minutes for this case").fill("Recommended for approval.")
        staff.get_by_role("button", name="Record the recommendation").click()
        banner(staff, "The panel's recommendation has been recorded.")
        expect(staff.locator("main")).to_contain_text(
            "Waiting for the agency decision maker's decision."
        )
        case = db.session.scalar(
            select(ConnectedCase).where(ConnectedCase.names == "Gwen Pritchard")
        )

        # The team manager decides, in Welsh.
        sign_in(boss, "team.manager@demo.example")
        boss.goto(f"/fostering-team/connected-persons/{case.id}")
        at(boss, "Gwen Pritchard")
        boss.get_by_role("button", name="Record the decision").click()
        at(boss, "The decision maker's decision")
        boss.locator("#language-switch").click()
        expect(boss.locator("html")).to_have_attribute("lang", "cy")
        at(boss, welsh("The decision maker's decision"))
        expect(boss.get_by_label(welsh("Number of places"))).to_have_value("1")
        boss.locator("input[name=decision][value=approve]").check()
        boss.locator("input[name=weekly_allowance]").fill("265.00")
        boss.get_by_role("button", name=welsh("Record the decision")).click()
        at(boss, "Gwen Pritchard")
        expect(boss.locator("main")).to_contain_text(welsh("Approved"))
        boss.locator("#language-switch").click()
        expect(boss.locator("html")).to_have_attribute("lang", "en")
        boss.get_by_role("link", name=re.compile(r"^FC-")).click()
        at(boss, "Gwen Pritchard")
        expect(boss.locator("main")).to_contain_text(f"Connected carers for {name}")

        # The case list on a phone: the approved case is no longer open.
        sign_in(phone, worker.email)
        phone.goto("/fostering-team/connected-persons?show=all&q=Gwen")
        at(phone, "Connected persons")
        expect(phone.locator("table")).to_contain_text("Gwen Pritchard")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        phone.get_by_role("link", name="Gwen Pritchard").click()
        at(phone, "Gwen Pritchard")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    db.session.expire_all()
    carer = db.session.scalar(
        select(FosterCarer).where(FosterCarer.household_name == "Gwen Pritchard")
    )
    assert carer is not None and carer.weekly_allowance_pence == 26_500
