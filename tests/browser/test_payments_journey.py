"""An administrator adds next year's payment table (a bad figure first, refused); a team
manager puts a carer on fee level 3; the carer's payment page shows the derived weekly
cost, and the commissioning dashboard the derived in-house spend; then the payment pages
in Welsh. Axe runs on every page.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from fostering.extensions import db
from fostering.models import PaymentTable, Role
from fostering.models.payments import financial_year_of
from tests.browser.axe import check_accessibility
from tests.browser.welsh import welsh
from tests.factories import (
    DEFAULT_PASSWORD,
    create_carer,
    create_child,
    create_placement,
    create_user,
    load_postcodes,
)

pytestmark = pytest.mark.browser

FIGURES = {
    "Aged 0 to 4": "220",
    "Aged 5 to 10": "250",
    "Aged 11 to 15": "280",
    "Aged 16 to 17": "330",
    "Level 1": "110",
    "Level 2": "160",
    "Level 3": "210",
    "Level 4": "320",
    "Weekly salary of a salaried household": "740",
}


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def sign_in(page, user) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").or_(
        page.get_by_role("link", name="Sign out")
    ).first.click()


def test_payments_journey(app, page):
    load_postcodes()
    this_year = financial_year_of(date.today())
    next_year = this_year + 1
    # This year's table (the 2026 figures of tests/payments/councils.py, for this year).
    from fostering.payments.services import tables
    from tests.payments.councils import figures

    tables.save_table(None, this_year, figures(2026))
    admin = create_user(role=Role.ADMINISTRATOR, email="admin@council.example")
    manager = create_user(role=Role.TEAM_MANAGER, email="manager@council.example")
    commissioner = create_user(role=Role.COMMISSIONER, email="commissioning@council.example")
    carer = create_carer(household_name="The Pryce household", approved_on=date(2024, 1, 1))
    child = create_child(date_of_birth=date(date.today().year - 8, 1, 1))
    create_placement(child=child, provider=carer, start_date=date(2025, 1, 6))

    # The administrator adds next year's table: a bad figure is refused and kept.
    sign_in(page, admin)
    page.goto("/admin")
    page.get_by_role("link", name="Payment tables").click()
    at(page, "Payment tables")
    page.get_by_role("button", name="Add a year's payment table").click()
    at(page, "Add a year's payment table")
    expect(page.get_by_label("Financial year starting in")).to_have_value(str(next_year))
    for label, value in FIGURES.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Aged 5 to 10", exact=True).fill("lots")
    page.get_by_role("button", name="Save the payment table").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an amount in pounds")
    check_accessibility(page)
    expect(page.get_by_label("Aged 5 to 10", exact=True)).to_have_value("lots")
    page.get_by_label("Aged 5 to 10", exact=True).fill("250")
    page.get_by_role("button", name="Save the payment table").click()
    at(page, "Payment tables")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved")
    expect(page.locator("main")).to_contain_text("£250.00")
    saved = db.session.query(PaymentTable).filter_by(financial_year=next_year).one()
    assert saved.allowance_5_10_pence == 25_000
    sign_out(page)

    # The team manager puts the household on fee level 3 from their approval.
    sign_in(page, manager)
    page.goto(f"/fostering-team/carers/{carer.id}")
    at(page, "The Pryce household")
    page.get_by_role("link", name="Payment terms").click()
    at(page, "Payment terms")
    page.get_by_role("button", name="Change the payment terms").click()
    at(page, "Change the payment terms")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2024")
    page.get_by_label("Fee-paid").check()
    page.get_by_label("Level 3").check()
    page.get_by_role("button", name="Save the payment terms").click()
    at(page, "Payment terms")
    # Ages 0 to 18, priced at 9: this year's 5-10 allowance £175 + level 3 fee £206.
    expect(page.locator("#weekly-cost")).to_have_text("£381.00")
    expect(page.get_by_role("table", name="Payment terms, newest first")).to_contain_text("Level 3")
    # Next year's table (added above): the 5-10 allowance £250 + level 3 fee £210.
    by_age = page.get_by_role("table", name="Weekly cost of one placement, by the child's age")
    expect(by_age).to_contain_text("£381.00")
    expect(by_age).to_contain_text("£460.00")

    # The same pages in Welsh.
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("#weekly-cost")).to_have_text("£381.00")
    expect(page.get_by_role("link", name=welsh("Fostering team"))).to_be_visible()
    check_accessibility(page)
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    sign_out(page)

    # Commissioning: the child (8) costs the 5-10 allowance + level 3 fee this year.
    sign_in(page, commissioner)
    page.goto("/commissioning")
    check_accessibility(page)
    expect(page.locator("main")).to_contain_text("£381.00")


def test_the_payment_pages_fit_a_phone(app, phone_page):
    from fostering.models.payments import PaymentKind
    from fostering.payments.services import tables
    from fostering.payments.services import terms as payment_terms
    from tests.payments.councils import figures

    this_year = financial_year_of(date.today())
    tables.save_table(None, this_year, figures(2026))
    tables.save_table(None, this_year, figures(2026), table=tables.table_for(this_year))
    admin = create_user(role=Role.ADMINISTRATOR, email="admin@council.example")
    manager = create_user(role=Role.TEAM_MANAGER, email="manager@council.example")
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    carer = create_carer(household_name="The Pryce household", approved_on=date(2024, 1, 1))
    payment_terms.set_terms(
        None, carer, effective_from=date(2024, 1, 1), kind=PaymentKind.FEE_PAID, fee_level=2
    )
    placement = create_placement(provider=carer, start_date=date(2025, 1, 6))
    page = phone_page
    for user, pages in (
        (admin, (("/payments/tables", "Payment tables"),
                 ("/payments/tables/new", "Add a year's payment table"),
                 (f"/payments/tables/{this_year}/edit", "Change the payment table"))),
        (manager, ((f"/payments/carers/{carer.id}", "Payment terms"),
                   (f"/payments/carers/{carer.id}/terms", "Change the payment terms"))),
        (officer, ((f"/payments/placements/{placement.id}/extra", "Agree an extra payment"),)),
    ):  # fmt: skip
        sign_in(page, user)
        for path, title in pages:
            page.goto(path)
            at(page, title)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow == 0, f"{path} scrolls sideways by {overflow}px on a phone"
        page.context.clear_cookies()
