"""Every adult signs for themselves: the joint applicant's own invitation, sign-in,
sections and declaration; household adults' own consent to their DBS check; and the
main applicant sending only once everyone has done their part."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from fostering.models import Application, AuditEvent, HouseholdMember, User
from fostering.models.application import SectionKey, SectionStatus
from fostering.recruitment.apply.summary import adult_rows, item_rows
from fostering.recruitment.services import adults
from fostering.recruitment.services import applications as svc
from fostering.services import mail
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_application, create_user
from tests.recruitment.test_application import (
    complete_everything,
    complete_own_sections,
    statuses,
)

PASSWORD = "a long enough password"
JOINT = {
    "has_joint_applicant": "yes",
    "joint_first_name": "Alex",
    "joint_last_name": "Jones",
    "joint_date_of_birth": date(1984, 9, 2),
    "joint_email": "alex.jones@example.com",
    "joint_relationship": "Husband",
    "joint_language": "cy",
}


def link_in(message, kind: str = "start") -> str:
    return re.search(rf"/apply/{kind}/(\S+)", message.body_text).group(1)


def add_joint(application, **changes) -> str:
    """Complete the joint applicant section; return the token of their invitation."""
    svc.save_section(
        application,
        SectionKey.JOINT_APPLICANT,
        {**JOINT, **changes},
        completed=True,
        actor=application.applicant,
    )
    return link_in(mail.outbox()[-1])


def add_member(application, *, email="rhys@example.com", born=date(2001, 2, 2)):
    return svc.save_item(
        application,
        SectionKey.HOUSEHOLD,
        None,
        {
            "full_name": "Rhys Jones",
            "relationship_to_applicant": "Son",
            "date_of_birth": born,
            "lives_here": True,
            "email": email,
        },
        actor=application.applicant,
    )


@pytest.fixture
def household(client, db_session):
    """A main applicant signed in on ``client`` with every section of theirs done."""
    application = create_application(stage="in_progress")
    complete_everything(application)
    sign_in(client, application.applicant)
    return application


def joint_client(app, token: str):
    """The joint applicant's own browser, signed in by following their link (their
    account is Welsh: this browser chose English, so the pages read in English)."""
    other = app.test_client()
    other.get("/locale/en")
    response = form_post(
        other, f"/apply/start/{token}", {"password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.headers["Location"] == "/apply/"
    return other


# --- The joint applicant's invitation ----------------------------------------------


def test_completing_the_joint_section_invites_them_in_their_language(db_session, household):
    token = add_joint(household)
    joint = db_session.get(Application, household.id).joint_applicant
    assert joint.email == "alex.jones@example.com"
    assert joint.role == "applicant" and joint.password_hash is None
    assert joint.language == "cy"
    message = mail.outbox()[-1]
    assert message.to == "alex.jones@example.com"
    assert message.locale == "cy"
    assert "Annwyl Alex," in message.body_text
    assert f"/apply/start/{token}" in message.body_text
    actions = set(db_session.scalars(select(AuditEvent.action)))
    assert {"joint_applicant_created", "joint_applicant_invited"} <= actions


def test_saving_for_later_does_not_invite(db_session, household):
    svc.save_section(
        household, SectionKey.JOINT_APPLICANT, JOINT, completed=False, actor=household.applicant
    )
    assert household.joint_applicant is None
    assert mail.outbox() == []


def test_joint_email_must_be_their_own_and_free(db_session, household):
    create_user(email="taken@example.com")
    for email, message in (
        (household.applicant.email, "Enter your joint applicant's own email address, not yours"),
        ("taken@example.com", "This email address already has an account."),
    ):
        with pytest.raises(svc.ApplicationError) as refused:
            add_joint(household, joint_email=email)
        assert message in str(refused.value.problems[0].message)
    assert household.joint_applicant is None
    assert household.section_status(SectionKey.JOINT_APPLICANT) is SectionStatus.COMPLETED


def test_a_new_email_before_they_sign_in_sends_a_new_link(app, client, db_session, household):
    first = add_joint(household)
    second = add_joint(household, joint_email="alex@new.example")
    assert first != second
    assert mail.outbox()[-1].to == "alex@new.example"
    assert app.test_client().get(f"/apply/start/{first}").status_code == 410
    assert app.test_client().get(f"/apply/start/{second}").status_code == 200


def test_their_sign_in_email_cannot_be_changed_once_they_have_signed_in(app, household):
    joint_client(app, add_joint(household))
    with pytest.raises(svc.ApplicationError) as refused:
        add_joint(household, joint_email="someone@else.example")
    assert "has already set up their account with alex.jones@example.com" in str(
        refused.value.problems[0].message
    )
    assert household.joint_email == "alex.jones@example.com"


def test_the_invitation_page_is_in_their_language(app, household):
    token = add_joint(household)
    page = page_text(app.test_client().get(f"/apply/start/{token}"))
    assert "Creu cyfrinair" in page or "Sefydlu eich cyfrif" in page


# --- What each adult sees and may change ---------------------------------------------


def test_each_adult_sees_their_own_sections_and_the_shared_ones(app, client, household):
    joint = joint_client(app, add_joint(household))
    theirs = statuses(joint)
    assert "About you" not in theirs and "Joint applicant" not in theirs
    assert {"Health", "Convictions and children's services", "Consent to checks"} <= set(theirs)
    assert theirs["Your household"] == "Completed"  # shared, done by the main applicant
    assert theirs["Health"] == "Not started"
    for url in ("/apply/about-you", "/apply/health", "/apply/joint-applicant", "/apply/consents"):
        assert joint.get(url).status_code == 404, url
    mine = statuses(client)
    assert "Joint applicant's health" not in mine and "Health" in mine
    for url in ("/apply/joint-health", "/apply/joint-consents", "/apply/joint-disclosures"):
        assert client.get(url).status_code == 404, url
    # Neither can post to the other's own sections either.
    response = form_post(
        joint, "/apply/health", {"smokes": "yes", "later": "y"}, token_from="/apply/"
    )
    assert response.status_code == 404
    assert household.section_data(SectionKey.HEALTH)["smokes"] == "no"
    with pytest.raises(svc.NotFound):
        svc.save_section(
            household,
            SectionKey.JOINT_HEALTH,
            {"smokes": "yes"},
            completed=False,
            actor=household.applicant,
        )


def test_the_joint_applicant_answers_their_own_health_and_signs(app, client, db_session, household):
    joint = joint_client(app, add_joint(household))
    response = form_post(joint, "/apply/declaration", {"agree": "y"})
    assert "Complete this section: Health" in page_text(response)
    response = form_post(
        joint,
        "/apply/joint-health",
        {
            "has_health_conditions": "yes",
            "health_details": "Asthma, well controlled",
            "smokes": "no",
            "gp_name": "Heath Surgery",
            "completed": "yes",
        },
    )
    assert response.headers["Location"] == "/apply/"
    db_session.expire_all()
    saved = db_session.get(Application, household.id).section_data(SectionKey.JOINT_HEALTH)
    assert saved["health_details"] == "Asthma, well controlled"
    user = db_session.scalar(select(User).where(User.email == "alex.jones@example.com"))
    complete_own_sections(db_session.get(Application, household.id), user, SectionKey.JOINT_HEALTH)
    assert "Sign your declaration" in page_text(joint.get("/apply/"))
    response = form_post(joint, "/apply/declaration", {"agree": "y"})
    assert response.headers["Location"] == "/apply/"
    db_session.expire_all()
    application = db_session.get(Application, household.id)
    assert application.joint_declaration_agreed_at is not None
    # The main applicant never sees the joint applicant's own answers.
    assert "Asthma" not in page_text(client.get("/apply/check-answers"))
    assert "Asthma" in page_text(joint.get("/apply/check-answers"))
    # Changing their own answers afterwards means signing again.
    svc.save_section(
        application,
        SectionKey.JOINT_HEALTH,
        {"has_health_conditions": "yes", "health_details": "Asthma"},
        completed=True,
        actor=user,
    )
    assert application.joint_declaration_agreed_at is None


# --- Sending waits for everyone --------------------------------------------------------


def test_the_main_applicant_sends_only_when_everyone_has_done_their_part(
    app, client, db_session, household
):
    joint = joint_client(app, add_joint(household))
    member = add_member(household)
    consent_token = link_in(mail.outbox()[-1], "consent")
    svc.save_section(household, SectionKey.HOUSEHOLD, {}, completed=True, actor=household.applicant)

    page = page_text(client.get("/apply/"))
    assert "Who still has something to do" in page
    assert "Your sections are complete. You can send the application once everyone else" in page
    assert "Alex Jones Joint applicant Still to do" in page
    assert "Sign their own declaration" in page
    assert "Link to consent to their DBS check sent to rhys@example.com" in page
    response = form_post(client, "/apply/declaration", {"agree": "y"})
    text = page_text(response)
    assert "Alex Jones, your joint applicant, has not finished their part" in text
    assert "Rhys Jones has not consented to their DBS check yet." in text
    assert db_session.get(Application, household.id).stage == "in_progress"

    user = db_session.scalar(select(User).where(User.email == "alex.jones@example.com"))
    complete_own_sections(db_session.get(Application, household.id), user, SectionKey.JOINT_HEALTH)
    form_post(joint, "/apply/declaration", {"agree": "y"})
    answers = {"has_convictions": "no", "agree": "y"}
    assert (
        form_post(app.test_client(), f"/apply/consent/{consent_token}", answers).status_code == 302
    )

    page = page_text(client.get("/apply/"))
    assert "Rhys Jones Lives with you Done Consented to their DBS check on" in page
    mail.outbox().clear()
    response = form_post(client, "/apply/declaration", {"agree": "y"})
    assert response.headers["Location"] == "/apply/"
    db_session.expire_all()
    assert db_session.get(Application, household.id).stage == "submitted"
    # Both applicants hear of it, each in their own language.
    sent = {message.to: message for message in mail.outbox()}
    assert sent[household.applicant.email].subject.startswith("We have your application")
    assert sent["alex.jones@example.com"].locale == "cy"
    assert sent["alex.jones@example.com"].subject.startswith("Mae eich cais")
    assert db_session.get(HouseholdMember, member.id).dbs_consent_at is not None


def test_only_the_main_applicant_sends(app, db_session, household):
    joint = joint_client(app, add_joint(household))
    user = db_session.scalar(select(User).where(User.email == "alex.jones@example.com"))
    with pytest.raises(svc.NotFound):
        svc.submit_application(household, declaration_agreed=True, actor=user)
    # Their declaration page is their own declaration.
    assert "Sign your declaration" in page_text(joint.get("/apply/declaration"))


def test_taking_the_joint_applicant_off(app, db_session, household):
    joint = joint_client(app, add_joint(household))
    user = db_session.scalar(select(User).where(User.email == "alex.jones@example.com"))
    complete_own_sections(household, user, SectionKey.JOINT_HEALTH)
    svc.save_section(
        household,
        SectionKey.JOINT_APPLICANT,
        {"has_joint_applicant": "no"},
        completed=True,
        actor=household.applicant,
    )
    db_session.expire_all()
    application = db_session.get(Application, household.id)
    assert application.joint_applicant_id is None
    assert application.section(SectionKey.JOINT_HEALTH) is None
    assert db_session.get(User, user.id).active is False
    assert joint.get("/apply/").status_code in (302, 403)  # signed out
    assert adults.waiting_for_others(application) == []
    svc.submit_application(application, declaration_agreed=True, actor=application.applicant)
    assert application.stage == "submitted"


# --- Adults in the household ------------------------------------------------------


def test_an_adult_in_the_household_needs_an_email_address(client, household):
    response = form_post(
        client,
        "/apply/household/add",
        {
            "full_name": "Rhys Jones",
            "relationship_to_applicant": "Son",
            "date_of_birth": ["2", "2", "2001"],
            "lives_here": "yes",
        },
    )
    assert "everyone aged 18 or over who lives with you consents to their own DBS check" in (
        page_text(response)
    )
    # A child needs none, and gets no link.
    form_post(
        client,
        "/apply/household/add",
        {
            "full_name": "Nia Jones",
            "relationship_to_applicant": "Daughter",
            "date_of_birth": ["2", "2", "2015"],
            "lives_here": "yes",
        },
    )
    assert mail.outbox() == []


def test_the_consent_page(app, db_session, household):
    member = add_member(household)
    message = mail.outbox()[-1]
    assert message.to == "rhys@example.com"
    assert "Dear Rhys Jones," in message.body_text
    token = link_in(message, "consent")
    visitor = app.test_client()
    page = page_text(visitor.get(f"/apply/consent/{token}"))
    assert "Consent to your DBS check" in page
    assert "goes to the fostering team only" in page
    response = form_post(visitor, f"/apply/consent/{token}", {"has_convictions": "yes"})
    text = page_text(response)
    assert "Tell us about each conviction or caution" in text
    assert "Confirm that you agree to an enhanced DBS check" in text
    assert db_session.get(HouseholdMember, member.id).dbs_consent_at is None
    response = form_post(
        visitor,
        f"/apply/consent/{token}",
        {"has_convictions": "yes", "convictions_details": "Caution, 2019", "agree": "y"},
    )
    assert response.headers["Location"] == f"/apply/consent/{token}"
    assert "Thank you: you have given your consent" in page_text(
        visitor.get(f"/apply/consent/{token}")
    )
    db_session.expire_all()
    member = db_session.get(HouseholdMember, member.id)
    assert member.has_convictions is True
    # The team reads what they disclosed; the applicants' pages do not show it.
    staff = {
        row["key"]["text"]: row["value"]["text"] for row in item_rows(SectionKey.HOUSEHOLD, member)
    }
    assert staff["Convictions or cautions they told us about"] == "Caution, 2019"
    theirs = item_rows(SectionKey.HOUSEHOLD, member, include_private=False)
    assert "Caution, 2019" not in str(theirs)
    assert any(
        row["key"]["text"].startswith("Consent to a DBS check")
        for row in adult_rows(db_session.get(Application, household.id))
    )


def test_links_work_only_on_their_own_page(app, household):
    add_member(household)
    consent = link_in(mail.outbox()[-1], "consent")
    account = add_joint(household)
    visitor = app.test_client()
    assert visitor.get(f"/apply/start/{consent}").status_code == 410
    assert visitor.get(f"/apply/consent/{account}").status_code == 410
    assert visitor.get("/apply/consent/not-a-token").status_code == 410


def test_a_new_name_asks_for_consent_again(db_session, household):
    member = add_member(household)
    adults.give_consent(
        link_in(mail.outbox()[-1], "consent"),
        adults.ConsentAnswers(agreed=True, has_convictions="no", convictions_details=None),
    )
    svc.save_item(
        household,
        SectionKey.HOUSEHOLD,
        member.id,
        {"full_name": "Rhys Jones-Evans"},
        actor=household.applicant,
    )
    assert db_session.get(HouseholdMember, member.id).dbs_consent_at is None
    assert "/apply/consent/" in mail.outbox()[-1].body_text


def test_sending_a_link_again(app, client, db_session, household):
    member = add_member(household)
    first = link_in(mail.outbox()[-1], "consent")
    response = form_post(client, f"/apply/send-link-again/{member.id}", token_from="/apply/")
    assert response.headers["Location"] == "/apply/"
    second = link_in(mail.outbox()[-1], "consent")
    assert first != second
    visitor = app.test_client()
    assert visitor.get(f"/apply/consent/{first}").status_code == 410
    assert visitor.get(f"/apply/consent/{second}").status_code == 200
    joint_token = add_joint(household)
    form_post(client, "/apply/send-link-again/joint", token_from="/apply/")
    assert link_in(mail.outbox()[-1]) != joint_token
    # Nobody else's household, and nothing once they have done it.
    assert (
        form_post(client, "/apply/send-link-again/999999", token_from="/apply/").status_code == 404
    )


def test_another_applicant_cannot_send_my_links(client, db_session, household):
    member = add_member(household)
    intruder = create_application()
    other = client.application.test_client()
    sign_in(other, intruder.applicant)
    response = form_post(other, f"/apply/send-link-again/{member.id}", token_from="/apply/")
    assert response.status_code == 404
