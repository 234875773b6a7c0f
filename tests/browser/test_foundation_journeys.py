"""The foundation's journeys in a real browser, with axe-core on every page visited:
sign in as each role, see that role's dashboard, switch to Welsh and back, sign out;
a failed sign-in; the home page on a phone; an administrator adding a member of staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from fostering.models import Role
from fostering.services import audit
from fostering.services.transactions import transaction
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_user

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class RoleCase:
    role: Role
    heading: str
    navigation: tuple[str, ...]
    path: str


FOSTERING_TEAM = ("Fostering team dashboard", ("Fostering team",), "/fostering-team/")
ROLE_CASES = [
    # Social workers also refer children for a placement.
    RoleCase(
        Role.SOCIAL_WORKER,
        "Fostering team dashboard",
        ("Fostering team", "Children"),
        "/fostering-team/",
    ),
    RoleCase(Role.TEAM_MANAGER, *FOSTERING_TEAM),
    RoleCase(Role.PLACEMENT_OFFICER, "Placements dashboard", ("Placements",), "/placements/"),
    RoleCase(Role.COMMISSIONER, "Commissioning dashboard", ("Commissioning",), "/commissioning/"),
    # Administrators may also read the commissioning figures (and use its imports).
    RoleCase(Role.ADMINISTRATOR, "Administration", ("Commissioning", "Administration"), "/admin/"),
    RoleCase(
        Role.APPLICANT, "Your application to foster", ("Your application",), "/your-application"
    ),
]


def heading(page):
    return page.get_by_role("heading", level=1)


def navigation_items(page):
    return page.locator(".govuk-service-navigation__list .govuk-service-navigation__link")


def assert_no_sideways_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0, f"{page.url} scrolls sideways by {overflow}px on a phone"


def sign_in_link(page):
    return page.locator(".govuk-service-navigation").get_by_role("link", name="Sign in")


def sign_in_from_home(page, email: str, password: str) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_accessibility(page)
    sign_in_link(page).click()
    expect(heading(page)).to_have_text("Sign in")
    check_accessibility(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("case", ROLE_CASES, ids=lambda case: case.role.value)
def test_each_role_signs_in_sees_their_dashboard_in_both_languages_and_signs_out(page, app, case):
    user = create_user(role=case.role, name="Siân Evans")
    sign_in_from_home(page, user.email, DEFAULT_PASSWORD)

    expect(page).to_have_url(re.compile(re.escape(case.path) + "$"))
    expect(heading(page)).to_have_text(case.heading)
    expect(page).to_have_title(re.compile("^" + re.escape(case.heading) + " – "))
    expect(navigation_items(page)).to_have_text([*case.navigation, "Sign out"])
    expect(page.locator(".app-account__name")).to_have_text("Siân Evans")
    check_accessibility(page)

    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page).to_have_url(re.compile(re.escape(case.path) + "$"))
    expect(heading(page)).to_have_text(welsh(case.heading))
    expect(navigation_items(page)).to_have_text(
        [*(welsh(text) for text in case.navigation), welsh("Sign out")]
    )
    expect(page.locator("#language-switch")).to_have_text("English")
    expect(page.locator("#language-switch")).to_have_attribute("lang", "en")
    check_accessibility(page)

    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page)).to_have_text(case.heading)
    expect(page.locator("#language-switch")).to_have_text("Cymraeg")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have signed out."
    )
    expect(sign_in_link(page)).to_be_visible()
    check_accessibility(page)
    page.goto(case.path)
    expect(heading(page)).to_have_text("Sign in")


def test_a_wrong_password_shows_the_error_summary_with_focus_on_it(page, app):
    user = create_user(role=Role.SOCIAL_WORKER)
    sign_in_from_home(page, user.email, "not the password")

    expect(page).to_have_title(re.compile("^Error: Sign in – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    link = summary.get_by_role("link", name="Enter a correct email address and password")
    expect(link).to_be_visible()
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    check_accessibility(page)

    link.click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_the_home_page_fits_a_phone(phone_page):
    page = phone_page
    page.goto("/")
    expect(heading(page)).to_be_visible()
    check_accessibility(page)
    assert_no_sideways_scroll(page)


# What the network sent for each stylesheet and script the page fetched: 0 bytes for a
# file taken from the browser's cache without asking the server ("not modified" still
# has headers). A file the page found in memory is not listed at all.
SENT = """() => performance.getEntriesByType("resource")
  .filter((entry) => /\\/assets\\/.*\\.(css|m?js)\\?v=/.test(entry.name))
  .map((entry) => [entry.name.replace(/^.*\\/assets\\//, "").split("?")[0], entry.transferSize])"""


def test_the_next_page_takes_stylesheets_and_scripts_from_the_browsers_cache(phone_page):
    page = phone_page
    page.goto("/")
    expect(page.locator("[data-govuk-skip-link-init]")).to_have_count(1)
    first = dict(page.evaluate(SENT))
    assert set(first) == {"govuk-frontend.min.css", "app.css", "app.mjs", "govuk-frontend.min.js"}
    assert all(size > 0 for size in first.values()), first
    page.goto("/privacy")
    # GOV.UK Frontend, imported by app.mjs from its versioned URL, started again.
    expect(page.locator("[data-govuk-skip-link-init]")).to_have_count(1)
    second = page.evaluate(SENT)
    assert all(size == 0 for _name, size in second), second


def test_the_administration_pages_fit_a_phone(phone_page, app):
    page = phone_page
    admin = create_user(role=Role.ADMINISTRATOR)
    # Long values without spaces are what push a table wider than a phone.
    create_user(email="a.rather.long.work.email.address@council.example")
    with transaction():
        audit.record(None, "demo_account_created", admin)
    sign_in_from_home(page, admin.email, DEFAULT_PASSWORD)
    expect(heading(page)).to_have_text("Administration")
    for path in ("/admin/", "/admin/staff", "/admin/staff/new", "/admin/audit"):
        page.goto(path)
        check_accessibility(page)
        assert_no_sideways_scroll(page)


def test_an_administrator_adds_a_member_of_staff_and_finds_it_in_the_audit_trail(page, app):
    admin = create_user(role=Role.ADMINISTRATOR, name="Megan Thomas")
    sign_in_from_home(page, admin.email, DEFAULT_PASSWORD)
    expect(heading(page)).to_have_text("Administration")

    page.get_by_role("link", name="Staff accounts").click()
    expect(heading(page)).to_have_text("Staff accounts")
    check_accessibility(page)
    page.get_by_role("button", name="Add a member of staff").click()
    expect(heading(page)).to_have_text("Add a member of staff")
    check_accessibility(page)

    page.get_by_role("button", name="Add member of staff").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: Add a member of staff – "))
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Enter the person's full name",
            "Enter a work email address",
            "Choose a role",
            "Enter a temporary password",
        ]
    )
    check_accessibility(page)

    page.get_by_label("Full name").fill("Nia Rowlands")
    page.get_by_label("Work email address").fill("nia.rowlands@council.example")
    page.get_by_label("Placement officer").check()
    page.get_by_label("Temporary password").fill("a long temporary password")
    page.get_by_role("button", name="Add member of staff").click()

    expect(heading(page)).to_have_text("Nia Rowlands")
    new_id = re.search(r"/admin/staff/(\d+)$", page.url).group(1)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Nia Rowlands can now sign in."
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("Placement officer")
    check_accessibility(page)

    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Audit trail").click()
    expect(heading(page)).to_have_text("Audit trail")
    check_accessibility(page)
    page.get_by_label("Action").select_option("staff_created")
    page.get_by_role("button", name="Search").click()
    rows = page.locator(".govuk-table__body .govuk-table__row")
    expect(rows).to_have_count(1)
    expect(rows.locator("td")).to_have_text(
        [re.compile(r"\d"), "Megan Thomas", "Staff account created", f"Account {new_id}"]
    )
    check_accessibility(page)
