"""The applicant's language is kept from the enquiry to the invitation, to every page
after they sign in and to every email."""

from __future__ import annotations

import re
from datetime import date

from fostering.models import Application
from fostering.models.application import SectionKey
from fostering.recruitment.services import applications as svc
from fostering.recruitment.services.invitations import invite_to_apply
from fostering.services import mail
from tests.conftest import form_post, page_text
from tests.factories import create_enquiry
from tests.pages import parsed
from tests.recruitment.test_application import complete_everything

PASSWORD = "a long enough password"
ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}


def lang(response) -> str:
    return parsed(response.get_data(as_text=True)).html["lang"]


def welsh_invitation(db_session):
    enquiry = create_enquiry(status="visit_booked", preferred_language="cy")
    application = invite_to_apply(enquiry, None)
    token = re.search(r"/apply/start/(\S+)", mail.outbox()[-1].body_text).group(1)
    return application, token


def test_a_welsh_enquiry_gets_a_welsh_account_invitation_and_pages(app, db_session):
    application, token = welsh_invitation(db_session)
    assert application.applicant.language == "cy"
    assert mail.outbox()[-1].locale == "cy"
    # A new browser that asks for English: the link still opens in Welsh.
    browser = app.test_client()
    browser.environ_base.update({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"})
    page = browser.get(f"/apply/start/{token}")
    assert lang(page) == "cy"
    response = form_post(
        browser, f"/apply/start/{token}", {"password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.headers["Location"] == "/apply/"
    # Every page after signing in is Welsh, with no cookie set.
    for url in ("/apply/", "/apply/about-you", "/apply/household", "/apply/check-answers"):
        response = browser.get(url)
        assert lang(response) == "cy", url
    assert "Eich cais i faethu" in page_text(browser.get("/apply/"))
    # Choosing English in this browser wins over the account's language.
    browser.get("/locale/en")
    assert lang(browser.get("/apply/")) == "en"


def test_signing_in_later_brings_the_language_back(app, db_session):
    application, token = welsh_invitation(db_session)
    form_post(
        app.test_client(), f"/apply/start/{token}", {"password": PASSWORD, "confirm": PASSWORD}
    )
    browser = app.test_client()
    browser.environ_base.update({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"})
    assert lang(browser.get("/sign-in")) == "en"
    response = form_post(
        browser, "/sign-in", {"email": application.applicant.email, "password": PASSWORD}
    )
    assert lang(browser.get(response.headers["Location"])) == "cy"


def test_the_applicant_chooses_the_language_emails_come_in(app, client, db_session):
    application, token = welsh_invitation(db_session)
    form_post(client, f"/apply/start/{token}", {"password": PASSWORD, "confirm": PASSWORD})
    client.get("/locale/en")
    about = parsed(client.get("/apply/about-you").get_data(as_text=True))
    assert about.find("input", attrs={"name": "language", "value": "cy"}).has_attr("checked")
    response = form_post(
        client,
        "/apply/about-you",
        {"language": "en", "later": "y"},
    )
    assert response.headers["Location"] == "/apply/"
    db_session.expire_all()
    application = db_session.get(Application, application.id)
    assert application.applicant.language == "en"
    complete_everything(application)
    svc.submit_application(application, declaration_agreed=True, actor=application.applicant)
    message = mail.outbox()[-1]
    assert message.locale == "en"
    assert message.subject.startswith("We have your application to foster")


def test_a_household_member_is_written_to_in_the_applicants_language(app, db_session):
    application, _ = welsh_invitation(db_session)
    application.stage = "in_progress"
    db_session.commit()
    svc.save_item(
        application,
        SectionKey.HOUSEHOLD,
        None,
        {
            "full_name": "Rhys Jones",
            "relationship_to_applicant": "Mab",
            "date_of_birth": date(2001, 2, 2),
            "lives_here": True,
            "email": "rhys@example.com",
        },
        actor=application.applicant,
    )
    message = mail.outbox()[-1]
    assert message.to == "rhys@example.com" and message.locale == "cy"
    token = re.search(r"/apply/consent/(\S+)", message.body_text).group(1)
    visitor = app.test_client()
    visitor.environ_base.update({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"})
    page = visitor.get(f"/apply/consent/{token}")
    assert lang(page) == "cy"
    assert "Caniatâd i'ch gwiriad DBS" in page_text(page)


def test_a_password_reset_comes_in_the_accounts_language(app, client, db_session):
    application, token = welsh_invitation(db_session)
    form_post(
        app.test_client(), f"/apply/start/{token}", {"password": PASSWORD, "confirm": PASSWORD}
    )
    client.get("/locale/en")
    form_post(client, "/forgotten-password", {"email": application.applicant.email})
    message = mail.outbox()[-1]
    assert "/reset-password/" in message.body_text
    assert message.locale == "cy"
