"""The public enquiry on a phone (375×667), in English and in Welsh, with axe-core on
every page: start page, each question (including a mistake put right), check your
answers, a change from there, and the confirmation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fostering.models import Enquiry
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh

pytestmark = pytest.mark.browser


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0, f"{page.url} scrolls sideways by {overflow}px on a phone"


def checked(page) -> None:
    check_accessibility(page)
    no_sideways_scroll(page)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_enquiry_on_a_phone(phone_page, app, language):
    page = phone_page
    t = (lambda text: text) if language == "en" else welsh
    page.goto("/foster-with-us/")
    if language == "cy":
        page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Foster with us"))
    checked(page)
    page.get_by_role("button", name=t("Start now")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("What is your name?"))
    checked(page)
    page.get_by_label(t("First name")).fill("Ceri")
    page.get_by_label(t("Last name")).fill("Jones")
    page.get_by_role("button", name=t("Continue")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("How can we contact you?"))
    page.get_by_label(t("Phone number")).fill("0770 09")
    page.get_by_role("button", name=t("Continue")).click()
    # The mistake is explained, linked from the summary, and what was typed is kept.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page.get_by_label(t("Phone number"))).to_have_value("0770 09")
    checked(page)
    page.get_by_label(t("Email address")).fill("ceri@example.com")
    page.get_by_label(t("Phone number")).fill("+44 7700 900123")
    page.get_by_role("button", name=t("Continue")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("What is your postcode?"))
    checked(page)
    page.get_by_label(t("What is your postcode?")).fill("cf10 1aa")
    page.get_by_role("button", name=t("Continue")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("About your household"))
    checked(page)
    page.get_by_label(t("Who lives in your home?")).fill("Me and my partner")
    page.get_by_label(
        t("How many adults (aged 18 or over) live in your home, including you?")
    ).fill("2")
    page.get_by_label(t("How many children (under 18) live in your home?")).fill("0")
    page.get_by_role("button", name=t("Continue")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("Do you have a spare bedroom?"))
    checked(page)
    page.get_by_label(t("Yes"), exact=True).check()
    page.get_by_role("button", name=t("Continue")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("What kinds of fostering are you interested in?")
    )
    checked(page)
    page.get_by_label(t("Short term")).check()
    page.get_by_label(t("Respite (short breaks)")).check()
    page.get_by_role("button", name=t("Continue")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("How did you hear about fostering with us?")
    )
    checked(page)
    page.get_by_label(t("Social media")).check()
    page.get_by_role("button", name=t("Continue")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Can we contact you about fostering?")
    )
    checked(page)
    page.get_by_label(t("I agree to the fostering team contacting me about fostering")).check()
    page.get_by_role("button", name=t("Continue")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Check your answers before sending your enquiry")
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("CF10 1AA")
    checked(page)
    # Change the postcode and come straight back.
    page.get_by_role("link", name=re.compile(t("Change") + r"\s+" + t("Postcode"))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("What is your postcode?"))
    page.get_by_label(t("What is your postcode?")).fill("SA1 1AA")
    page.get_by_role("button", name=t("Continue")).click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("SA1 1AA")
    page.get_by_role("button", name=t("Send enquiry")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("Enquiry sent"))
    checked(page)
    reference = page.locator("#reference").inner_text()
    enquiry = app.extensions["sqlalchemy"].session.scalar(select(Enquiry))
    assert enquiry.reference == reference
    assert enquiry.preferred_language == language
    assert enquiry.postcode == "SA1 1AA"
