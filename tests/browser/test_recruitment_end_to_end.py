"""The whole recruitment journey in real browsers, with axe-core on every page visited.

A household enquires on a phone; a social worker (desktop, own browser context) replies,
books and records the initial visit and invites them to apply; the applicant follows the
emailed link on the phone, sets a password, checks their answers, declares and submits;
a team manager allocates the application; the social worker records the Stage 1 checks
and decision, Form F, Skills to Foster, the report, the panel date and recommendation;
the team manager, as decision maker, approves with terms; the household appears in the
carer register. Then a shorter Welsh pass over the staff and public pages reached.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import Application, Enquiry, Role
from fostering.models.application import SectionKey
from fostering.models.types import utcnow
from fostering.recruitment.services import applications, stage2
from fostering.services import mail
from fostering.services.working_days import OFFICE_TZ
from tests.browser.axe import check_accessibility
from tests.browser.conftest import DESKTOP, _open_page
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_user, load_postcodes
from tests.recruitment.test_application import complete_everything

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password"


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    """Wait for the page with this heading, then check it with axe."""
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def continue_(page) -> None:
    page.get_by_role("button", name="Continue").click()


def fill_date(page, group: str, day: date) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def make_enquiry(page) -> None:
    page.goto("/foster-with-us/")
    at(page, "Foster with us")
    page.get_by_role("button", name="Start now").click()
    at(page, "What is your name?")
    page.get_by_label("First name").fill("Gwen")
    page.get_by_label("Last name").fill("Pritchard")
    continue_(page)
    at(page, "How can we contact you?")
    page.get_by_label("Email address").fill("gwen.pritchard@example.com")
    page.get_by_label("Phone number").fill("07700 900321")
    continue_(page)
    at(page, "What is your postcode?")
    page.get_by_label("What is your postcode?").fill("cf24 3aa")
    continue_(page)
    at(page, "About your household")
    page.get_by_label("Who lives in your home?").fill("Just me")
    page.get_by_label("How many adults (aged 18 or over) live in your home, including you?").fill(
        "1"
    )
    page.get_by_label("How many children (under 18) live in your home?").fill("0")
    continue_(page)
    at(page, "Do you have a spare bedroom?")
    page.get_by_label("Yes", exact=True).check()
    continue_(page)
    at(page, "What kinds of fostering are you interested in?")
    page.get_by_label("Short term").check()
    continue_(page)
    at(page, "How did you hear about fostering with us?")
    page.get_by_label("Social media").check()
    continue_(page)
    at(page, "Can we contact you about fostering?")
    page.get_by_label("I agree to the fostering team contacting me about fostering").check()
    continue_(page)
    at(page, "Check your answers before sending your enquiry")
    page.get_by_role("button", name="Send enquiry").click()
    at(page, "Enquiry sent")


def sign_in(page, email: str) -> None:
    page.goto("/sign-in")
    at(page, "Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    at(page, "Fostering team dashboard")


def open_case(page, application_id: int) -> None:
    page.goto(f"/fostering-team/applications/{application_id}")
    expect(heading(page)).to_be_visible()
    check_accessibility(page)


def banner(page, text: str) -> None:
    """Wait for the success banner a step leaves, then check the page with axe."""
    expect(page.locator(".govuk-notification-banner").filter(has_text=text)).to_be_visible()
    check_accessibility(page)


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def test_recruitment_from_enquiry_to_carer_register(browser, live_server, app):
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    manager = create_user(role=Role.TEAM_MANAGER, name="Owain Morgan")
    today = datetime.now(OFFICE_TZ).date()
    load_postcodes((("CF24 3AA", 319_800, 177_200, "W06000015"),))  # approval needs it found

    with (
        _open_page(browser, live_server, {"width": 375, "height": 667}) as phone,
        _open_page(browser, live_server, DESKTOP) as staff,
        _open_page(browser, live_server, DESKTOP) as boss,
    ):
        # 1. The enquiry, on a phone.
        make_enquiry(phone)
        reference = phone.locator("#reference").inner_text()
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        # The initial visit happens days after the enquiry in real life: move the
        # enquiry back so that a visit yesterday comes after it.
        enquiry.received_at = utcnow() - timedelta(days=3)
        db.session.commit()

        # 2. The social worker replies, books and records the visit, and invites.
        sign_in(staff, worker.email)
        staff.goto("/fostering-team/enquiries")
        at(staff, "Enquiries")
        staff.get_by_role("link", name="Gwen Pritchard").click()
        at(staff, reference)
        staff.get_by_role("button", name="Record that we have contacted them").click()
        expect(staff.locator(".govuk-notification-banner")).to_contain_text(
            "Contact with the household has been recorded."
        )
        check_accessibility(staff)
        fill_date(staff, "Date of the initial visit", today - timedelta(days=1))
        staff.get_by_label("Time of the visit").fill("10:30")
        staff.get_by_role("button", name="Book the visit").click()
        expect(staff.locator(".govuk-notification-banner")).to_contain_text(
            "The initial visit has been booked."
        )
        check_accessibility(staff)
        staff.get_by_label("Invite the household to apply").check()
        staff.get_by_role("button", name="Record the outcome").click()
        expect(staff.locator(".govuk-notification-banner")).to_contain_text(
            "The household has been invited to apply."
        )
        check_accessibility(staff)

        # 3. The applicant follows the emailed link, on the phone.
        [invitation] = [m for m in mail.outbox() if "/apply/start/" in m.body_text]
        assert invitation.to == "gwen.pritchard@example.com"
        token = re.search(r"http://\S+/apply/start/(\S+)", invitation.body_text).group(1)
        phone.goto(f"/apply/start/{token}")
        at(phone, "Set up your account")
        phone.get_by_label("Create a password").fill(PASSWORD)
        phone.get_by_label("Confirm your password").fill(PASSWORD)
        phone.get_by_role("button", name="Set password and continue").click()
        at(phone, "Your application to foster")
        phone.get_by_role("link", name="About you").click()
        at(phone, "About you")
        phone.get_by_label("Phone number").fill("07700 900321")
        phone.get_by_role("button", name="Save and come back later").click()
        at(phone, "Your application to foster")

        # The other sections are seeded through the same services the pages use, to
        # keep the run time sane (each section's pages have their own browser tests).
        application = db.session.scalar(
            select(Application).where(Application.enquiry_id == enquiry.id)
        )
        db.session.expire_all()
        complete_everything(application)
        applications.save_section(
            application,
            SectionKey.ABOUT_YOU,
            {
                "first_name": "Gwen",
                "last_name": "Pritchard",
                "date_of_birth": date(1980, 6, 1),
                "phone": "07700 900321",
                "national_insurance_number": "QQ123456C",
                "speaks_welsh": "yes",
            },
            completed=True,
            actor=application.applicant,
        )
        application_id = application.id

        phone.reload()
        statuses = phone.locator(".govuk-task-list__status")
        expect(statuses.first).to_be_visible()
        assert set(statuses.all_inner_texts()) == {"Completed"}
        check_accessibility(phone)
        phone.goto("/apply/check-answers")
        at(phone, "Check")
        phone.goto("/apply/declaration")
        at(phone, "Declaration")
        phone.get_by_role("checkbox").check()
        phone.get_by_role("button", name=re.compile("Submit|Send")).click()
        expect(phone.locator(".govuk-notification-banner")).to_contain_text(
            "Your application has been sent."
        )
        check_accessibility(phone)
        assert fresh(Application, application_id).stage == "submitted"

        # 4. A team manager allocates it to the social worker.
        case_heading = f"Application {fresh(Application, application_id).reference}"
        sign_in(boss, manager.email)
        boss.goto("/fostering-team/applications")
        at(boss, "Applications")
        boss.get_by_role("link", name=re.compile(r"^Allocate")).first.click()
        at(boss, "Allocate application")
        boss.get_by_label(re.compile("Siân Evans")).check()
        boss.get_by_role("button", name="Allocate").click()
        at(boss, case_heading)
        assert fresh(Application, application_id).stage == "allocated"

        # The social worker starts Stage 1 and records every check as cleared (the first
        # as received, then cleared).
        open_case(staff, application_id)
        staff.get_by_role("button", name="Start Stage 1").click()
        banner(staff, "Stage 1 has started.")
        checks = staff.locator(".govuk-table a.govuk-link")
        count = checks.count()
        assert count >= 3
        for index in range(count):
            for status in ("Received", "Cleared") if index == 0 else ("Cleared",):
                link = staff.locator(".govuk-table a.govuk-link").nth(index)
                name = link.inner_text()
                link.click()
                at(staff, name)
                staff.get_by_label(status, exact=True).check()
                staff.get_by_role("button", name="Save the check").click()
                at(staff, case_heading)
        staff.get_by_role("button", name="Record the Stage 1 decision").click()
        at(staff, "Stage 1 decision")
        staff.get_by_label("Proceed to Stage 2").check()
        staff.get_by_label("Reasons").fill("All checks cleared with no concerns.")
        staff.get_by_role("button", name="Record the decision").click()
        banner(staff, "The Stage 1 decision has been recorded.")
        assert fresh(Application, application_id).stage == "stage_2"

        # Form F: the first section through its page, the rest through the service.
        staff.get_by_role("link", name="Applicant details").click()
        at(staff, "Applicant details")
        staff.get_by_label("Completed").check()
        staff.get_by_role("button", name="Save").click()
        banner(staff, "The Form F section has been saved.")
        application = fresh(Application, application_id)
        for section in stage2.form_f_sections(application):
            if section.status != "completed":
                stage2.update_form_f_section(
                    application, section.key, "completed", actor=fresh(type(worker), worker.id)
                )
        staff.get_by_role("link", name="Record Skills to Foster").click()
        at(staff, "Skills to Foster")
        fill_date(staff, "Date Skills to Foster was completed", today)
        staff.get_by_role("button", name="Record the training").click()
        at(staff, case_heading)
        staff.get_by_role("link", name="Complete the assessment report").click()
        at(staff, "Assessment report")
        staff.get_by_role(
            "group", name="The assessing social worker's recommendation"
        ).get_by_label("Approve", exact=True).check()
        staff.get_by_label("Summary of the assessment").fill("A warm, steady home.")
        fill_date(staff, "Date the report was completed", today)
        staff.get_by_role("button", name="Complete the report").click()
        at(staff, case_heading)
        staff.get_by_role("button", name="Book the fostering panel").click()
        at(staff, "Fostering panel date")
        fill_date(staff, "Fostering panel date", today)
        staff.get_by_role("button", name="Book the panel").click()
        at(staff, case_heading)
        staff.get_by_role("button", name="Record the panel's recommendation").click()
        at(staff, "The panel's recommendation")
        staff.get_by_role("group", name="The panel's recommendation").get_by_label(
            "Approve", exact=True
        ).check()
        staff.get_by_label("Number of places").fill("2")
        staff.get_by_label("Youngest age").fill("5")
        staff.get_by_label("Oldest age").fill("12")
        staff.get_by_label("Short term").check()
        staff.get_by_role("group", name="Does the household speak Welsh?").get_by_label(
            "Yes", exact=True
        ).check()
        staff.get_by_label("The household's postcode").fill("CF24 3AA")
        staff.get_by_role("button", name="Record the recommendation").click()
        at(staff, case_heading)
        assert fresh(Application, application_id).stage == "panel"

        # The team manager, as decision maker, approves with the terms.
        open_case(boss, application_id)
        boss.get_by_role("button", name="Record the decision maker's decision").click()
        at(boss, "The decision maker's decision")
        boss.get_by_role("group", name="The decision maker's decision").get_by_label(
            "Approve", exact=True
        ).check()
        expect(boss.get_by_label("Number of places")).to_have_value("2")
        boss.get_by_label("Respite (short breaks)").check()
        boss.get_by_role("button", name="Record the decision").click()
        banner(boss, "The household has been added to the carer register.")
        assert fresh(Application, application_id).stage == "approved"
        boss.get_by_role("link", name=re.compile("in the carer register")).click()
        at(boss, "Pritchard")
        expect(boss.locator("main")).to_contain_text("CF24 3AA")
        expect(boss.locator("main")).to_contain_text("Can be matched")

        # The social worker finds the household in the carer register.
        staff.goto("/fostering-team/carers")
        at(staff, "Carer register")
        staff.get_by_role("link", name=re.compile("Pritchard")).click()
        at(staff, "Pritchard")
        carer_url = staff.url

        # 5. The Welsh pass: the staff pages reached, then the public ones.
        staff.goto("/fostering-team/enquiries")
        staff.locator("#language-switch").click()
        expect(staff.locator("html")).to_have_attribute("lang", "cy")
        check_accessibility(staff)
        staff.goto(f"/fostering-team/enquiries/{enquiry.id}")
        expect(staff.locator("html")).to_have_attribute("lang", "cy")
        check_accessibility(staff)
        open_case(staff, application_id)
        expect(staff.locator("html")).to_have_attribute("lang", "cy")
        expect(heading(staff)).to_be_visible()
        staff.goto("/fostering-team/carers")
        expect(staff.locator("html")).to_have_attribute("lang", "cy")
        check_accessibility(staff)
        staff.goto(carer_url)
        check_accessibility(staff)

        phone.goto("/apply/")
        phone.locator("#language-switch").click()
        expect(phone.locator("html")).to_have_attribute("lang", "cy")
        at(phone, welsh("Your application to foster"))
        phone.goto("/apply/check-answers")
        check_accessibility(phone)
        phone.goto("/foster-with-us/")
        at(phone, welsh("Foster with us"))
