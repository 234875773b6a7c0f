"""A placement officer refers a child with a full profile, is stopped by a sibling group
that must stay together also keeping two siblings apart, fixes it, and sees on the run's
start page who matching cannot consider. Axe runs on every page; the last one in Welsh.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fostering.extensions import db
from fostering.models import Child, Role
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_child, create_user, load_postcodes
from tests.placements.matching_data import located_carer

pytestmark = pytest.mark.browser


def at(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)
    check_accessibility(page)


def group(page, name: str):
    return page.get_by_role("group", name=name, exact=True)


def seed() -> dict:
    load_postcodes()
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    create_user(role=Role.SOCIAL_WORKER, name="Siân Hughes")
    brother = create_child(given_name="Deian", family_name="Rees")
    create_child(given_name="Lowri", family_name="Heb-God", home_grid=None)
    held = located_carer(grid=(318_000, 176_000), household_name="The Bowen household")
    held.status = "on_hold"
    db.session.commit()
    return {"officer": officer.email, "brother": brother.reference}


def fill_full_profile(page) -> None:
    page.get_by_label("Given name").fill("Nia")
    page.get_by_label("Family name").fill("Rees")
    born = group(page, "Date of birth")
    born.get_by_label("Day").fill("2")
    born.get_by_label("Month").fill("11")
    born.get_by_label("Year").fill("2014")
    group(page, "Sex").get_by_label("Female").check()
    group(page, "Does the child speak Welsh?").get_by_label("Yes").check()
    group(page, "Setting").get_by_label("Foster family").check()
    group(page, "Placement type").get_by_label("Long term").check()
    group(page, "Urgency").get_by_label("Urgent (within 7 days)").check()
    page.get_by_label("Home postcode").fill("CF10 1AA")
    page.get_by_label("School postcode (optional)").fill("CF14 2AA")
    page.get_by_label("School name (optional)").fill("Ysgol Glan Ceubal")
    group(page, "Must the child stay at this school?").get_by_label("Yes").check()
    page.get_by_label("Ethnicity (optional)").select_option("white_british")
    page.get_by_label("Religion (optional)").select_option("christian")
    group(page, "Communication (choose all that apply)").get_by_label(
        "British Sign Language (BSL)"
    ).check()
    group(page, "Does the child need an interpreter?").get_by_label("Yes").check()
    page.get_by_label("Health needs (optional)").fill("Asthma: inhaler twice a day")
    group(page, "Additional learning needs").get_by_label(
        "Additional learning needs: school's development plan"
    ).check()
    group(page, "Risks to the child (choose all that are present)").get_by_label(
        "Going missing"
    ).check()
    group(page, "Who can the child live alongside?").get_by_label(
        "Only with older children"
    ).check()
    group(page, "Can the child live with pets?").get_by_label(
        "Yes, the child can live with pets"
    ).check()
    group(page, "Does the child need a smoke-free home?").get_by_label("Yes").check()
    page.get_by_label("Legal status (optional)").select_option("C1")
    since = group(page, "Legal status since")
    since.get_by_label("Day").fill("1")
    since.get_by_label("Month").fill("9")
    since.get_by_label("Year").fill("2026")
    page.get_by_label("Allocated social worker").select_option(label="Siân Hughes")


def test_full_profile_contradiction_and_start_page(app, page):
    ids = seed()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(ids["officer"])
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto("/placements/children/new")
    at(page, "Add a referral")
    fill_full_profile(page)
    page.get_by_role("button", name="Save the referral").click()
    at(page, "Nia Rees")
    whole = page.locator("#whole-child ~ .govuk-summary-list").first
    expect(whole).to_contain_text("White: Welsh, English, Scottish, Northern Irish or British")
    expect(whole).to_contain_text("British Sign Language (BSL); Needs an interpreter")
    expect(whole).to_contain_text("Going missing")
    expect(page.locator("#legal-history")).to_contain_text("Interim care order")
    child = db.session.query(Child).filter_by(given_name="Nia").one()
    assert child.social_worker.name == "Siân Hughes" and child.keep_school is True

    # Deian joins Nia's sibling group, which must stay together.
    page.get_by_role("link", name="Change the sibling group").click()
    page.get_by_label("Search by name or reference").fill("Deian")
    page.get_by_role("button", name="Search").click()
    at(page, "Sibling group")
    page.get_by_label(f"Deian Rees ({ids['brother']})").check()
    page.get_by_role("button", name="Add to the sibling group").click()
    at(page, "Nia Rees")

    # Keeping them apart as well is refused, naming both children.
    page.get_by_role("link", name="Change who this child must not live with").click()
    page.get_by_label("Search by name or reference").fill("Deian")
    page.get_by_role("button", name="Search").click()
    page.get_by_label(f"Deian Rees ({ids['brother']})").check()
    page.get_by_role("button", name="Keep these children apart").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Nia Rees and Deian Rees cannot be in a sibling group that must stay together"
    )
    check_accessibility(page)
    expect(page.get_by_label(f"Deian Rees ({ids['brother']})")).to_be_visible()

    # The fix: the siblings may be placed apart; then the exclusion is accepted.
    page.goto(f"/placements/children/{child.id}/siblings")
    at(page, "Sibling group")
    group(page, "May the siblings be placed apart if no placement fits them all?").get_by_label(
        "Yes, they may be placed apart"
    ).check()
    page.get_by_role("button", name="Save", exact=True).click()
    at(page, "Nia Rees")
    page.get_by_role("link", name="Change who this child must not live with").click()
    page.get_by_label("Search by name or reference").fill("Deian")
    page.get_by_role("button", name="Search").click()
    page.get_by_label(f"Deian Rees ({ids['brother']})").check()
    page.get_by_role("button", name="Keep these children apart").click()
    at(page, "Nia Rees")
    expect(page.locator("#safeguarding ~ ul").first).to_contain_text("Deian Rees")

    # Before a run: who matching cannot consider, and why.
    page.goto("/placements/runs/new")
    at(page, "Start a matching run")
    expect(page.locator("#blocked-children")).to_contain_text("Lowri Heb-God")
    expect(page.locator("#blocked-providers")).to_contain_text("The Bowen household")
    expect(page.locator("#blocked-providers")).to_contain_text("On hold")

    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    at(page, welsh("Start a matching run"))
    expect(page.get_by_role("heading", name=welsh("Who this run cannot consider"))).to_be_visible()
    expect(page.locator("#blocked-providers")).to_contain_text(welsh("On hold"))


def test_the_new_pages_fit_a_phone(app, phone_page):
    from datetime import date

    from fostering.models import ContactArrangement, LegalStatusPeriod

    ids = seed()
    child = create_child(given_name="Nia", family_name="Rees")
    child.ethnicity, child.religion, child.risks = "white_british", "none", ["going_missing"]
    child.risk_notes = "Went missing twice in May from the family home in Grangetown"
    db.session.add(LegalStatusPeriod(child_id=child.id, code="C1", start_date=date(2026, 1, 5)))
    db.session.add(
        ContactArrangement(
            child_id=child.id, who="Mother", place="Family centre, Barry", frequency="weekly"
        )
    )
    db.session.commit()
    page = phone_page
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(ids["officer"])
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path, title in (
        (f"/placements/children/{child.id}", "Nia Rees"),
        ("/placements/children/new", "Add a referral"),
        (f"/placements/children/{child.id}/legal-status", "Record a change of legal status"),
        (f"/placements/children/{child.id}/contact", "Contact arrangements"),
        (f"/placements/children/{child.id}/siblings?q=Rees", "Sibling group"),
        ("/placements/runs/new", "Start a matching run"),
    ):
        page.goto(path)
        at(page, title)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0, f"{path} scrolls sideways by {overflow}px on a phone"
