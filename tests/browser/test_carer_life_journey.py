"""A supervising social worker, in Chromium, finds an overdue visit on the dashboard,
records the supervisory visit (a missing note refused first), records an adult's DBS
renewal and puts the household on hold; a placement officer starting a matching run is
told the hold, with its reason, is why the carer is not offered. The household's page is
seen in Welsh too. Axe runs on every page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from fostering.extensions import db
from fostering.models import Role
from fostering.models.carer_life import CarerCheckRecord, SupervisoryVisit
from fostering.recruitment.services import carer_checks, supervision
from fostering.recruitment.services.casework import office_today
from tests.browser.conftest import DESKTOP, _open_page
from tests.browser.test_recruitment_end_to_end import at, banner, fill_date, sign_in
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_child, create_user
from tests.placements.matching_data import located_carer

pytestmark = pytest.mark.browser

REASON = "An allegation is being investigated"


def seed() -> dict:
    manager = create_user(role=Role.TEAM_MANAGER, email="manager@council.example")
    worker = create_user(role=Role.SOCIAL_WORKER, email="worker@council.example", name="Siân")
    officer = create_user(role=Role.PLACEMENT_OFFICER, email="officer@council.example")
    carer = located_carer(
        grid=(318_600, 176_900), household_name="The Morgan household", places=2,
        approved_on=date(2025, 3, 3),
    )  # fmt: skip
    supervision.allocate_supervisor(carer, worker.id, actor=manager)
    adult = carer_checks.add_adult(
        carer, name="Rhian Morgan", role="other", joined_on=date(2025, 3, 3), actor=manager
    )
    carer_checks.record_check(
        carer, adult_id=adult.id, kind="dbs", course=None, completed_on=date(2023, 1, 10),
        expires_on=date(2026, 1, 10), dbs_certificate_number="001234567890", actor=manager,
    )  # fmt: skip
    create_child(given_name="Alys", family_name="Jenkins")  # waiting, so a run can start
    db.session.commit()
    return {"worker": worker.email, "officer": officer.email, "carer": carer.id}


def test_carer_life_journey(app, browser, live_server):
    ids = seed()
    today = office_today()
    with (
        _open_page(browser, live_server, DESKTOP) as staff,
        _open_page(browser, live_server, DESKTOP) as officer,
    ):
        # The dashboard says a visit is overdue; "My households" leads to the household.
        sign_in(staff, ids["worker"])
        expect(staff.locator("main")).to_contain_text("1 supervisory visit overdue")
        staff.get_by_role("link", name="My households").click()
        at(staff, "My households")
        staff.get_by_role("link", name="The Morgan household").click()
        at(staff, "The Morgan household")

        # A visit without notes is refused and keeps what was typed.
        staff.get_by_role("button", name="Record a supervisory visit").click()
        at(staff, "Record a supervisory visit")
        fill_date(staff, "Date of the visit", today - timedelta(days=1))
        staff.get_by_role("group", name="Was the visit announced?").get_by_label("No").check()
        staff.get_by_role("group", name="Was the carer seen alone?").get_by_label("Yes").check()
        staff.get_by_label("Every child placed was seen").check()
        staff.get_by_role("button", name="Record the visit").click()
        expect(staff.locator(".govuk-error-summary")).to_contain_text("Enter notes of the visit")
        # The refused form answers 400, as the team's forms do; Chromium logs that status
        # as a console error, which is expected here and nowhere else.
        assert staff.problems.messages
        assert all("status of 400" in message for message in staff.problems.messages)
        staff.problems.messages.clear()
        at(staff, "Record a supervisory visit")  # axe checks the page with its errors
        expect(staff.get_by_label("Every child placed was seen")).to_be_checked()
        staff.get_by_label("Notes of the visit").fill("Both children settled at school.")
        staff.get_by_role("button", name="Record the visit").click()
        banner(staff, "The supervisory visit has been recorded.")
        visit = db.session.query(SupervisoryVisit).one()
        assert (visit.announced, visit.carer_seen_alone) == (False, True)

        # The DBS renewal of the adult whose check has run out.
        staff.get_by_role("link", name="Record Enhanced DBS check, Rhian Morgan").click()
        at(staff, "Record a DBS check")
        expect(staff.get_by_label("Rhian Morgan")).to_be_checked()
        fill_date(staff, "Date it was done", today)
        staff.get_by_label("DBS certificate number").fill("0012 3456 7891")
        staff.get_by_role("button", name="Save").click()
        banner(staff, "The check has been recorded.")
        renewal = db.session.query(CarerCheckRecord).order_by(CarerCheckRecord.id.desc()).first()
        assert renewal.dbs_certificate_number == "001234567891"
        assert renewal.expires_on == carer_checks.add_years(today, 3)

        # On hold, with the reason and the review date.
        staff.get_by_role("link", name="Put the household on hold").click()
        at(staff, "Put the household on hold")
        staff.get_by_label("Why is the household on hold?").fill(REASON)
        fill_date(staff, "When will the hold be reviewed?", today + timedelta(days=30))
        staff.get_by_role("button", name="Save").click()
        banner(staff, "The household's status has been changed.")
        expect(staff.locator(".govuk-warning-text")).to_contain_text(REASON)

        # The household's page in Welsh.
        staff.locator("#language-switch").click()
        expect(staff.locator("html")).to_have_attribute("lang", "cy")
        at(staff, "The Morgan household")
        expect(staff.locator("main")).to_contain_text(welsh("Terms of approval"))

        # The placement officer is told why matching cannot offer the Morgans a child.
        officer.goto("/sign-in")
        officer.get_by_label("Email address").fill(ids["officer"])
        officer.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
        officer.get_by_role("button", name="Sign in").click()
        expect(officer.get_by_role("heading", level=1)).to_be_visible()
        officer.goto("/placements/runs/new")
        at(officer, "Start a matching run")
        blocked = officer.locator("#blocked-providers")
        expect(blocked).to_contain_text("The Morgan household")
        expect(blocked).to_contain_text("On hold until the hold is reviewed on")
        expect(blocked).to_contain_text(REASON)
