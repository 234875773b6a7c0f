"""Every adult signs for themselves, in real browsers with axe-core on every page: the
main applicant (English, desktop) names a joint applicant and an adult son; the joint
applicant follows their own emailed link on a phone and, their account being Welsh,
fills in their own health, convictions and consent and signs their own declaration in
Welsh; the son consents to his DBS check on his own page; the main applicant, told
who still has what to do, sends the application once everyone has done their part,
and both see where it has got to."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fostering.extensions import db
from fostering.models import Application
from fostering.models.application import SectionKey
from fostering.recruitment.services import applications as svc
from fostering.recruitment.services.invitations import invite_to_apply
from fostering.services import mail
from tests.browser.axe import check_accessibility
from tests.browser.conftest import DESKTOP, PHONE, _open_page
from tests.browser.welsh import welsh
from tests.factories import create_enquiry
from tests.recruitment.test_application import complete_own_sections, complete_shared_sections

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password"


def heading(page):
    return page.get_by_role("heading", level=1)


def at(page, text: str) -> None:
    expect(heading(page)).to_contain_text(text)
    check_accessibility(page)


def link(kind: str, to: str) -> str:
    message = next(m for m in reversed(mail.outbox()) if m.to == to)
    return re.search(rf"(/apply/{kind}/\S+)", message.body_text).group(1)


def set_password(page, t=lambda text: text) -> None:
    page.get_by_label(t("Create a password")).fill(PASSWORD)
    page.get_by_label(t("Confirm your password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Set password and continue")).click()


def answer(page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def test_main_and_joint_applicants_each_do_their_own_part(browser, live_server, app):
    enquiry = create_enquiry(status="visit_booked", first_name="Ceri", last_name="Jones")
    application = invite_to_apply(enquiry, None)
    t = welsh

    with (
        _open_page(browser, live_server, DESKTOP) as main,
        _open_page(browser, live_server, PHONE) as joint,
        _open_page(browser, live_server, PHONE) as son,
    ):
        # 1. The main applicant sets up their account and names a joint applicant.
        main.goto(link("start", enquiry.email))
        at(main, "Set up your account")
        set_password(main)
        at(main, "Your application to foster")
        main.get_by_role("link", name="Joint applicant").click()
        at(main, "Joint applicant")
        answer(main, "Are you applying with a partner?", "Yes")
        main.get_by_label("Their first name").fill("Alex")
        main.get_by_label("Their last name").fill("Jones")
        dob = main.get_by_role("group", name="Their date of birth")
        dob.get_by_label("Day").fill("2")
        dob.get_by_label("Month").fill("9")
        dob.get_by_label("Year").fill("1984")
        main.get_by_label("Their email address").fill("alex.jones@example.com")
        main.get_by_label("Their relationship to you").fill("Husband")
        answer(main, "Which language should we write to them in?", "Cymraeg")
        main.get_by_label("Yes, I’ve completed this section").check()
        main.get_by_role("button", name="Save and continue").click()
        expect(main.locator(".govuk-notification-banner")).to_contain_text(
            "We have emailed Alex Jones an invitation"
        )
        check_accessibility(main)

        # 2. ...and an adult son, who will consent to his own DBS check.
        main.goto("/apply/household/add")
        at(main, "Add someone who lives with you")
        main.get_by_label("Full name").fill("Rhys Jones")
        main.get_by_label("Their relationship to you").fill("Son")
        dob = main.get_by_role("group", name="Date of birth")
        dob.get_by_label("Day").fill("11")
        dob.get_by_label("Month").fill("2")
        dob.get_by_label("Year").fill("2001")
        answer(main, "Do they live with you all the time?", "Yes")
        main.get_by_label("Their email address (adults only)").fill("rhys.jones@example.com")
        main.get_by_role("button", name="Save", exact=True).click()
        expect(main.locator(".govuk-summary-card")).to_contain_text("Not given yet")
        check_accessibility(main)

        # The rest of the main applicant's own and shared sections (tested elsewhere).
        db.session.expire_all()
        saved = db.session.get(Application, application.id)
        complete_shared_sections(saved, saved.applicant)
        complete_own_sections(saved, saved.applicant, SectionKey.HEALTH)
        svc.save_section(
            saved,
            SectionKey.ABOUT_YOU,
            {
                "first_name": "Ceri",
                "last_name": "Jones",
                "date_of_birth": saved.joint_date_of_birth,
                "phone": "07700 900123",
                "national_insurance_number": "QQ123456C",
                "speaks_welsh": "no",
                "language": "en",
            },
            completed=True,
            actor=saved.applicant,
        )

        # 3. The main applicant sees who still has something to do, and cannot send.
        main.goto("/apply/")
        at(main, "Your application to foster")
        people = main.locator(".app-person")
        expect(people.filter(has_text="Alex Jones")).to_contain_text(
            "They have not set up their account yet"
        )
        expect(people.filter(has_text="Rhys Jones")).to_contain_text("They have not consented yet")
        expect(main.get_by_role("link", name="Check your answers so far")).to_be_visible()

        # 4. The joint applicant, on a phone: their account is Welsh, so is every page.
        joint.goto(link("start", "alex.jones@example.com"))
        at(joint, t("Set up your account"))
        expect(joint.locator("html")).to_have_attribute("lang", "cy")
        set_password(joint, t)
        at(joint, t("Your application to foster"))
        tasks = joint.locator(".govuk-task-list")
        expect(tasks).not_to_contain_text(t("About you"))
        joint.get_by_role("link", name=t("Health"), exact=True).click()
        at(joint, t("Health"))
        answer(
            joint,
            t("Do you have a health condition or disability that affects your daily life?"),
            t("No"),
        )
        answer(joint, t("Do you smoke or vape?"), welsh_in("answer-am", "No"))
        joint.get_by_label(t("Your GP surgery")).fill("Meddygfa'r Dref")
        joint.get_by_label(t("Yes, I’ve completed this section")).check()
        joint.get_by_role("button", name=t("Save and continue")).click()
        at(joint, t("Your application to foster"))

        joint.get_by_role("link", name=t("Convictions and children's services")).click()
        at(joint, t("Convictions and children's services"))
        convictions = t(
            "Have you ever been convicted of an offence, or received a caution, reprimand "
            "or final warning, in the UK or abroad?"
        )
        answer(joint, convictions, welsh_in("answer-am", "No"))
        answer(
            joint,
            t(
                "Have you ever been involved with children's services because of concerns "
                "about a child's safety or welfare?"
            ),
            welsh_in("answer-am", "No"),
        )
        joint.get_by_label(t("Yes, I’ve completed this section")).check()
        joint.get_by_role("button", name=t("Save and continue")).click()
        at(joint, t("Your application to foster"))

        joint.get_by_role("link", name=t("Consent to checks")).click()
        at(joint, t("Consent to checks"))
        # Leaving one out says what to fix, in Welsh.
        joint.get_by_label(t("An enhanced DBS check on me")).check()
        joint.get_by_label(t("Yes, I’ve completed this section")).check()
        joint.get_by_role("button", name=t("Save and continue")).click()
        expect(joint.locator(".govuk-error-summary")).to_contain_text(
            t("Agree to every check: we cannot assess your application without them")
        )
        check_accessibility(joint)
        for choice in (
            "Checks with the councils I have lived in",
            "A medical report from my GP",
            "Contacting my referees, employers and former partners",
        ):
            joint.get_by_label(t(choice)).check()
        joint.get_by_label(t("Yes, I’ve completed this section")).check()
        joint.get_by_role("button", name=t("Save and continue")).click()
        at(joint, t("Your application to foster"))

        joint.get_by_role("button", name=t("Sign your declaration")).click()
        at(joint, t("Your declaration"))
        joint.get_by_label(
            t("I confirm that the information I have given is true and complete")
        ).check()
        joint.get_by_role("button", name=t("Sign your declaration")).click()
        expect(joint.locator(".govuk-notification-banner")).to_be_visible()
        check_accessibility(joint)

        # 5. The son gives his own consent, on his own page.
        son.goto(link("consent", "rhys.jones@example.com"))
        at(son, "Consent to your DBS check")
        son.get_by_role("button", name="Give my consent").click()
        expect(son.locator(".govuk-error-summary")).to_contain_text(
            "Confirm that you agree to an enhanced DBS check"
        )
        check_accessibility(son)
        answer(son, convictions_en(), "No")
        son.get_by_label(
            "I agree to an enhanced DBS check, with the children's barred list, as part of "
            "this application to foster"
        ).check()
        son.get_by_role("button", name="Give my consent").click()
        at(son, "Thank you: you have given your consent")

        # 6. Everyone has done their part: the main applicant sends the application.
        main.goto("/apply/")
        at(main, "Your application to foster")
        expect(people.filter(has_text="Alex Jones")).to_contain_text("Declaration signed on")
        expect(people.filter(has_text="Rhys Jones")).to_contain_text("Consented to their DBS check")
        main.get_by_role("button", name="Check your answers").click()
        at(main, "Check your answers before sending your application")
        expect(main.locator("main")).not_to_contain_text("Meddygfa'r Dref")  # the joint's own
        main.get_by_role("button", name="Continue to the declaration").click()
        at(main, "Declaration")
        main.get_by_label(
            "I confirm that the information I have given is true and complete"
        ).check()
        main.get_by_role("button", name="Send application").click()
        at(main, "Your application to foster")
        expect(main.locator("#timeline")).to_contain_text("Application sent")
        expect(main.locator("#stage")).to_have_text("Submitted")

        # 7. The joint applicant sees where it has got to, in Welsh.
        joint.goto("/apply/")
        at(joint, t("Your application to foster"))
        expect(joint.locator("h2", has_text=t("Where your application has got to"))).to_be_visible()
        expect(joint.locator("#timeline li").first).to_contain_text(t("Done"))

    sent = {message.to: message.locale for message in mail.outbox() if "FA-" in message.subject}
    assert sent.get("alex.jones@example.com") == "cy"


def welsh_in(context: str, english: str) -> str:
    from tests.browser.welsh import _catalogue

    return _catalogue().get(english, context=context).string


def convictions_en() -> str:
    return (
        "Have you ever been convicted of an offence, or received a caution, reprimand or "
        "final warning, in the UK or abroad?"
    )
