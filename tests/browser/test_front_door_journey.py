"""The public front door on a phone (375×667), in English and in Welsh, with axe-core
on every page and no page scrolling sideways: the home page, each page about fostering,
the events, the privacy notice and accessibility statement, then on from the home page's
button through every question of the enquiry (putting right an answer of only spaces and
a phone number too short, each explained and what was typed kept), check your answers, a
change from there, and the confirmation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fostering.models import Enquiry
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh

pytestmark = pytest.mark.browser

ABOUT = {
    "en": [
        "Types of fostering",
        "Who can foster",
        "What you get",
        "The process and how long it takes",
    ],
    "cy": [
        "Mathau o faethu",
        "Pwy all faethu",
        "Beth gewch chi",
        "Y broses a faint o amser mae'n ei gymryd",
    ],
}
HOME = {"en": "Fostering with Example County Council", "cy": "Maethu gyda Cyngor Sir Enghraifft"}
FOOTER = {
    "en": ("Privacy notice", "Accessibility statement"),
    "cy": ("Hysbysiad preifatrwydd", "Datganiad hygyrchedd"),
}


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0, f"{page.url} scrolls sideways by {overflow}px on a phone"


def checked(page) -> None:
    check_accessibility(page)
    no_sideways_scroll(page)


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_from_the_home_page_to_a_sent_enquiry_on_a_phone(phone_page, app, language):
    page = phone_page
    t = (lambda text: text) if language == "en" else welsh
    page.goto("/")
    if language == "cy":
        page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(heading(page)).to_have_text(HOME[language])
    expect(page.locator("header")).not_to_contain_text(HOME["cy" if language == "en" else "en"])
    checked(page)

    # Every page about fostering, each reached from the home page's list.
    for title in [*ABOUT[language], t("Information events")]:
        page.locator("#about-fostering").get_by_role("link", name=title, exact=True).click()
        expect(heading(page)).to_have_text(title)
        checked(page)
        page.goto("/")
    # What you get shows the council's figures, as money.
    page.goto("/fostering/what-you-get")
    expect(page.locator("#allowances")).to_contain_text("£217.00")
    # The privacy notice and accessibility statement, from the footer.
    for title in FOOTER[language]:
        page.locator("footer").get_by_role("link", name=title, exact=True).click()
        expect(heading(page)).to_have_text(title)
        checked(page)
    expect(page.locator("footer a[href='tel:+441234567890']")).to_be_visible()

    # From the home page's button into the enquiry.
    page.goto("/")
    page.get_by_role("button", name=t("Ask about fostering")).click()
    expect(heading(page)).to_have_text(t("Foster with us"))
    expect(page.locator("#minimum-age")).to_contain_text("21")
    checked(page)
    page.get_by_role("button", name=t("Start now")).click()
    expect(heading(page)).to_have_text(t("What is your name?"))
    checked(page)
    page.get_by_label(t("First name")).fill("   ")
    page.get_by_label(t("Last name")).fill("Jones")
    page.get_by_role("button", name=t("Continue")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(t("Enter your first name"))
    checked(page)
    page.get_by_label(t("First name")).fill("Siân")
    page.get_by_role("button", name=t("Continue")).click()
    expect(heading(page)).to_have_text(t("How can we contact you?"))
    page.get_by_label(t("Phone number")).fill("0770 09")
    page.get_by_role("button", name=t("Continue")).click()
    # The mistake is explained, linked from the summary, and what was typed is kept.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.get_by_label(t("Phone number"))).to_have_value("0770 09")
    checked(page)
    page.get_by_label(t("Email address")).fill("sian@example.com")
    page.get_by_label(t("Phone number")).fill("+353 1 234 5678")
    page.get_by_role("button", name=t("Continue")).click()
    expect(heading(page)).to_have_text(t("What is your postcode?"))
    checked(page)
    page.get_by_label(t("What is your postcode?")).fill("cf10 1aa")
    page.get_by_role("button", name=t("Continue")).click()
    expect(heading(page)).to_have_text(t("About your household"))
    checked(page)
    page.get_by_label(t("Who lives in your home?")).fill("Just me")
    page.get_by_label(
        t("How many adults (aged 18 or over) live in your home, including you?")
    ).fill("1")
    page.get_by_label(t("How many children (under 18) live in your home?")).fill("0")
    page.get_by_role("button", name=t("Continue")).click()
    expect(heading(page)).to_have_text(t("Do you have a spare bedroom?"))
    checked(page)
    page.get_by_label(t("Yes"), exact=True).check()
    page.get_by_role("button", name=t("Continue")).click()
    expect(heading(page)).to_have_text(t("What kinds of fostering are you interested in?"))
    checked(page)
    page.get_by_label(t("Long term")).check()
    page.get_by_label(t("Respite (short breaks)")).check()
    page.get_by_role("button", name=t("Continue")).click()
    expect(heading(page)).to_have_text(t("How did you hear about fostering with us?"))
    checked(page)
    page.get_by_label(t("Social media")).check()
    page.get_by_role("button", name=t("Continue")).click()
    expect(heading(page)).to_have_text(t("Can we contact you about fostering?"))
    checked(page)
    page.get_by_label(t("I agree to the fostering team contacting me about fostering")).check()
    page.get_by_role("button", name=t("Continue")).click()
    expect(heading(page)).to_have_text(t("Check your answers before sending your enquiry"))
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("+353 1 234 5678")
    expect(summary).to_contain_text("1 adult" if language == "en" else "1 oedolyn")
    expect(summary).to_contain_text("0 children" if language == "en" else "0 o blant")
    expect(summary).to_contain_text("CF10 1AA")
    checked(page)
    # Change the postcode and come straight back.
    page.get_by_role("link", name=re.compile(t("Change") + r"\s+" + t("Postcode"))).click()
    expect(heading(page)).to_have_text(t("What is your postcode?"))
    page.get_by_label(t("What is your postcode?")).fill("SA1 1AA")
    page.get_by_role("button", name=t("Continue")).click()
    expect(summary).to_contain_text("SA1 1AA")
    page.get_by_role("button", name=t("Send enquiry")).click()
    expect(heading(page)).to_have_text(t("Enquiry sent"))
    checked(page)
    enquiry = app.extensions["sqlalchemy"].session.scalar(select(Enquiry))
    assert enquiry.reference == page.locator("#reference").inner_text()
    assert (enquiry.first_name, enquiry.phone) == ("Siân", "+353 1 234 5678")
    assert enquiry.postcode == "SA1 1AA"
    assert enquiry.preferred_language == language
