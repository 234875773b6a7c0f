"""The fostering team's casework in real browsers, with axe-core on every page visited.

A social worker finds a case in "My cases" (on a phone too), reads the whole application
and its enquiry, and recommends that it proceed past Stage 1; a team manager reallocates
another case with a reason, signs the Stage 1 recommendation off, arranges a quorate
panel meeting, and, once the worker has booked the case into it and recorded the panel's
recommendation and minutes, records the decision and emails the decision letter, written
in the household's Welsh. One page is checked in Welsh throughout.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fostering.extensions import db
from fostering.models import Application, Role, User
from fostering.recruitment.services import checks
from fostering.recruitment.services.allocation import allocate
from fostering.recruitment.services.casework import office_today
from fostering.services import mail
from tests.browser.axe import check_accessibility
from tests.browser.conftest import DESKTOP, PHONE, _open_page
from tests.browser.test_recruitment_end_to_end import (
    at,
    banner,
    fill_date,
    heading,
    recommend_approval,
    sign_in,
)
from tests.browser.welsh import welsh
from tests.factories import create_case, create_user, load_postcodes
from tests.recruitment.test_case_record import submitted_case
from tests.recruitment.test_stage2_and_approval import finish_stage_2

pytestmark = pytest.mark.browser


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def households(worker: User, manager: User) -> tuple[int, int]:
    """Two cases held by the worker: one with its checks back, one just allocated. The
    first household enquired in Welsh."""
    first = submitted_case(joint_applicant=True, adults=1)
    first.enquiry.preferred_language = "cy"
    first.applicant.language = "cy"
    first.enquiry.household = "Ceri, Sam and Sam's son Rhys"
    first.enquiry.heard_from = "event"
    second = create_case()
    db.session.commit()
    for case in (first, second):
        allocate(case, worker.id, actor=manager)
    checks.start_stage_1(first, actor=worker)
    for item in checks.checks_for(first):
        checks.update_check(item, actor=worker, status="cleared")
    return first.id, second.id


def refused(page, message: str) -> None:
    """The page answered 400 with an error summary (Chromium logs the 400: expected)."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(message)
    assert page.problems.messages and all("400" in m for m in page.problems.messages)
    page.problems.messages.clear()
    check_accessibility(page)


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_case_from_reading_to_the_decision_letter(browser, live_server, app):
    load_postcodes()  # approval needs the carer's postcode in the directory
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    create_user(role=Role.SOCIAL_WORKER, name="Osian Price")
    manager = create_user(role=Role.TEAM_MANAGER, name="Gareth Jones")
    first_id, second_id = households(worker, manager)
    reference = fresh(Application, first_id).reference
    case_heading = f"Application {reference}"
    today = office_today()

    with (
        _open_page(browser, live_server, DESKTOP) as staff,
        _open_page(browser, live_server, DESKTOP) as boss,
        _open_page(browser, live_server, PHONE) as phone,
    ):
        # 1. The social worker reads the case and its enquiry.
        sign_in(staff, worker.email)
        staff.get_by_role("link", name="My cases").first.click()
        at(staff, "My cases")
        staff.get_by_label("Search by name or reference").fill(reference)
        staff.get_by_role("button", name="Search").click()
        at(staff, "My cases")
        expect(staff.locator("table")).to_contain_text("Showing 1 to 1 of 1")
        staff.get_by_role("link", name=re.compile("Ceri")).click()
        at(staff, case_heading)
        answers = staff.locator("#application-answers ~ h3")
        expect(answers.first).to_have_text("Adults in the household")
        expect(staff.locator("main")).to_contain_text("Taff Surgery")
        expect(staff.locator("main")).to_contain_text("QQ123456C")
        staff.get_by_role("link", name=re.compile(r"^FE-")).click()
        at(staff, "Enquiry")
        expect(staff.locator("main")).to_contain_text("Ceri, Sam and Sam's son Rhys")
        expect(staff.locator("main")).to_contain_text("An event or talk")
        expect(staff.get_by_role("button", name="Print this page")).to_be_visible()

        # The same case on a phone: nothing scrolls sideways.
        sign_in(phone, worker.email)
        phone.goto(f"/fostering-team/applications/{first_id}")
        at(phone, case_heading)
        no_sideways_scroll(phone)

        # 2. The worker recommends proceeding to Stage 2 (after one mistake).
        staff.goto(f"/fostering-team/applications/{first_id}")
        at(staff, case_heading)
        staff.get_by_role("button", name="Make the Stage 1 recommendation").click()
        at(staff, "Stage 1 recommendation")
        staff.get_by_role("button", name="Send for sign-off").click()
        refused(staff, "Choose your recommendation")
        staff.get_by_label("Proceed to Stage 2").check()
        staff.get_by_label("Reasons").fill("Every check is back and clear.")
        staff.get_by_role("button", name="Send for sign-off").click()
        banner(staff, "Your recommendation has been sent to a team manager to sign off.")

        # 3. The team manager reallocates the other case, with a reason.
        sign_in(boss, manager.email)
        boss.goto(f"/fostering-team/applications/{second_id}")
        at(boss, "Application")
        boss.get_by_role("link", name=re.compile("^Reallocate")).click()
        at(boss, "Reallocate the case")
        boss.get_by_label(re.compile("Osian Price")).check()
        boss.get_by_role("button", name="Reallocate").click()
        refused(boss, "Enter the reason for reallocating the case")
        boss.get_by_label("Why is the case being reallocated?").fill("Siân's caseload is full.")
        boss.get_by_role("button", name="Reallocate").click()
        banner(boss, "The case has been reallocated to Osian Price.")
        expect(boss.locator("main")).to_contain_text("Siân's caseload is full.")
        assert fresh(Application, second_id).assessing_worker.name == "Osian Price"

        # 4. ... signs off the Stage 1 recommendation.
        boss.goto(f"/fostering-team/applications/{first_id}")
        at(boss, case_heading)
        boss.get_by_role("button", name="Sign off or return the recommendation").click()
        at(boss, "Sign off the Stage 1 recommendation")
        boss.get_by_label("Yes, sign it off").check()
        boss.get_by_role("button", name="Confirm").click()
        banner(boss, "The Stage 1 decision has been signed off.")
        assert fresh(Application, first_id).stage == "stage_2"

        # Stage 2 is done through the services (its pages have their own tests).
        finish_stage_2(fresh(Application, first_id), fresh(User, worker.id))

        # 5. ... arranges a panel meeting, and records who sat.
        boss.get_by_role("link", name="Fostering team").first.click()
        at(boss, "Fostering team dashboard")
        boss.get_by_role("link", name="Panel meetings").click()
        at(boss, "Panel meetings")
        boss.get_by_role("button", name="Arrange a panel meeting").click()
        at(boss, "Arrange a panel meeting")
        fill_date(boss, "Date of the meeting", today)
        boss.get_by_label("Start time").fill("9:30")
        boss.get_by_label("Where the panel meets").fill("County Hall, Committee Room 2")
        boss.get_by_label("Chair").fill("Dr Elin Rowlands")
        boss.get_by_label("Members who sit on the panel").fill(
            "Huw Bevan\nNerys Pugh\nCatrin Lloyd\nTom Ashworth"
        )
        boss.get_by_role("button", name="Save the meeting").click()
        banner(boss, "The panel meeting has been added.")
        expect(boss.locator("main")).to_contain_text("Quorate")
        meeting_url = boss.url

        # 6. The worker books the case into it and records the panel's recommendation.
        staff.goto(f"/fostering-team/applications/{first_id}")
        at(staff, case_heading)
        staff.get_by_role("button", name="Book the fostering panel").click()
        at(staff, "Book the fostering panel")
        staff.get_by_label(re.compile("County Hall, Committee Room 2")).check()
        staff.get_by_role("button", name="Book the panel").click()
        banner(staff, "The case has been booked into the fostering panel.")
        recommend_approval(
            staff,
            ages=("0", "10"),
            postcode="CF10 1AA",
            minutes="The panel asked about support from Sam's family. Unanimous.",
        )
        banner(staff, "The panel's recommendation has been recorded.")

        # 7. The team manager, as decision maker, approves, then emails the letter.
        boss.goto(f"/fostering-team/applications/{first_id}")
        at(boss, case_heading)
        expect(boss.locator("main")).to_contain_text("Unanimous.")
        boss.get_by_role("button", name="Record the decision maker's decision").click()
        at(boss, "The decision maker's decision")
        boss.get_by_role("group", name="The decision maker's decision").get_by_label(
            "Approve", exact=True
        ).check()
        boss.get_by_role("button", name="Record the decision").click()
        banner(boss, "The household has been added to the carer register.")
        boss.get_by_role("link", name="Read, print or email: Decision letter").click()
        at(boss, "Decision letter")
        letter = boss.locator("article")
        expect(letter).to_have_attribute("lang", "cy")
        expect(letter).to_contain_text(welsh("Your application to foster: you are approved"))
        boss.get_by_role("button", name="Email the letter to the household").click()
        banner(boss, "The letter has been emailed to the household.")
        approved = welsh("Your application to foster: you are approved")
        [sent] = [m for m in mail.outbox() if m.subject == approved]
        assert (sent.to, sent.locale) == (fresh(Application, first_id).applicant.email, "cy")
        assert fresh(Application, first_id).stage == "approved"

        # 8. One page in Welsh: the panel meeting.
        boss.goto(meeting_url)
        boss.locator("#language-switch").click()
        expect(boss.locator("html")).to_have_attribute("lang", "cy")
        expect(heading(boss)).to_contain_text(welsh("Fostering panel: %(date)s").split(":")[0])
        expect(boss.locator("main")).to_contain_text(welsh("Cases heard"))
        expect(boss.locator("main")).to_contain_text(welsh("Quorate"))
        check_accessibility(boss)
