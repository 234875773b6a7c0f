"""The applicant's side in a real browser, with axe-core on every page: the invitation
link, setting a password, the task list, saving a section for later, completing one,
adding a household member, and the page that says what is still needed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fostering.recruitment.services.invitations import invite_to_apply
from fostering.services import mail
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import create_enquiry

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_applicant_accepts_invitation_and_fills_in_sections(page, app, language):
    t = (lambda text: text) if language == "en" else welsh
    enquiry = create_enquiry(status="visit_booked", preferred_language=language)
    invite_to_apply(enquiry, None)
    link = re.search(r"http://\S+/apply/start/(\S+)", mail.outbox()[-1].body_text)
    if language == "cy":
        page.goto("/")
        page.locator("#language-switch").click()

    page.goto(f"/apply/start/{link.group(1)}")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Set up your account"))
    check_accessibility(page)
    page.get_by_label(t("Create a password")).fill(PASSWORD)
    page.get_by_label(t("Confirm your password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Set password and continue")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("Your application to foster"))
    check_accessibility(page)
    page.get_by_role("link", name=t("About you")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("About you"))
    check_accessibility(page)
    page.get_by_label(t("Phone number")).fill("07700 900123")
    page.get_by_role("button", name=t("Save and come back later")).click()
    task = page.locator(".govuk-task-list__item", has_text=t("About you"))
    expect(task.locator(".govuk-task-list__status")).to_have_text(t("In progress"))

    page.get_by_role("link", name=t("About you")).click()
    page.get_by_label(t("Yes, I’ve completed this section")).check()
    page.get_by_role("button", name=t("Save and continue")).click()
    # Not finished: the page says what is missing and keeps what was typed.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text(t("Enter your date of birth"))
    expect(page.get_by_label(t("Phone number"))).to_have_value("07700 900123")
    check_accessibility(page)

    page.goto("/apply/household")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Your household"))
    check_accessibility(page)
    page.get_by_role("button", name=t("Add a person")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Add someone who lives with you"))
    check_accessibility(page)
    page.get_by_label(t("Full name")).fill("Rhys Jones")
    page.get_by_label(t("Their relationship to you")).fill("Son")
    dob = page.get_by_role("group", name=t("Date of birth"))
    dob.get_by_label(t("Day")).fill("2")
    dob.get_by_label(t("Month")).fill("2")
    dob.get_by_label(t("Year")).fill("2001")
    page.get_by_label(t("Yes"), exact=True).check()
    page.get_by_label(t("Their email address (adults only)")).fill("rhys.jones@example.com")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator(".govuk-summary-card")).to_contain_text(
        t("Aged 18 or over: needs an enhanced DBS check")
    )
    check_accessibility(page)

    page.goto("/apply/address-history")
    expect(page.locator("#still-needed")).to_contain_text(t("Add your current address."))
    check_accessibility(page)
