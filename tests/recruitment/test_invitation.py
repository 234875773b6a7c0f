"""Inviting a household to apply: single-use, expiring links that set a password."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from fostering.models import Application, AuditEvent, Invitation, User
from fostering.models.types import utcnow
from fostering.recruitment.services import invitations
from fostering.recruitment.services.invitations import InvitationError, hash_token, invite_to_apply
from fostering.services import mail
from tests.conftest import form_post, page_text
from tests.factories import create_enquiry, create_user

NEW_PASSWORD = "a long enough password"


def invite(db_session, **enquiry_kwargs) -> tuple[Application, str]:
    enquiry = create_enquiry(status="visit_booked", **enquiry_kwargs)
    manager = create_user()
    application = invite_to_apply(enquiry, manager)
    message = mail.outbox()[-1]
    token = re.search(r"/apply/start/(\S+)", message.body_text).group(1)
    return application, token


def test_invitation_creates_application_account_and_emails_a_link(db_session):
    application, token = invite(db_session, email="Sam@Example.com", first_name="Sam")
    assert application.stage == "invited"
    assert application.enquiry.status == "invited"
    applicant = application.applicant
    assert applicant.role == "applicant"
    assert applicant.email == "sam@example.com"
    assert applicant.password_hash is None
    invitation = db_session.scalar(select(Invitation))
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash  # only the hash is stored
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    [message] = mail.outbox()
    assert message.to == "sam@example.com"
    assert "Dear Sam," in message.body_text
    assert f"http://127.0.0.1:5000/apply/start/{token}" in message.body_text
    actions = set(db_session.scalars(select(AuditEvent.action)))
    assert {"invited_to_apply", "applicant_created"} <= actions


def test_enquiry_without_email_cannot_be_invited(db_session):
    enquiry = create_enquiry(email="")
    enquiry.email = None
    db_session.commit()
    with pytest.raises(InvitationError) as refused:
        invite_to_apply(enquiry, None)
    assert "Add an email address to the enquiry first" in str(refused.value.message)


def test_an_enquiry_is_invited_only_once(db_session):
    application, _ = invite(db_session)
    with pytest.raises(InvitationError):
        invite_to_apply(application.enquiry, None)


def test_link_sets_password_signs_in_and_starts_the_application(client, db_session):
    application, token = invite(db_session)
    page = client.get(f"/apply/start/{token}")
    assert "Set up your account" in page_text(page)
    response = form_post(
        client, f"/apply/start/{token}", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.headers["Location"] == "/apply/"
    assert "Your application to foster" in page_text(client.get("/apply/"))
    db_session.expire_all()
    assert application.stage == "in_progress"
    assert application.started_at is not None
    assert db_session.scalar(select(Invitation)).used_at is not None


def test_link_works_only_once(client, db_session):
    _, token = invite(db_session)
    form_post(client, f"/apply/start/{token}", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/sign-out", data={})
    other = client.application.test_client()
    again = other.get(f"/apply/start/{token}")
    assert again.status_code == 410
    assert "This link has already been used" in page_text(again)
    with pytest.raises(InvitationError):
        invitations.accept_invitation(token, "another long password")


def test_expired_link_says_to_contact_the_team(client, db_session):
    application, token = invite(db_session)
    invitation = db_session.scalar(select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db_session.commit()
    response = client.get(f"/apply/start/{token}")
    assert response.status_code == 410
    text = page_text(response)
    assert "This link has expired" in text
    assert "Contact the fostering team" in text
    response = form_post(
        client,
        f"/apply/start/{token}",
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        token_from="/foster-with-us/enquiry/name",
    )
    assert response.status_code == 410
    db_session.expire_all()
    assert application.applicant.password_hash is None


def test_unknown_link(client):
    response = client.get("/apply/start/not-a-real-token")
    assert response.status_code == 410
    assert "This link does not work" in page_text(response)


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short", "short", "Password must be 12 characters or more"),
        (NEW_PASSWORD, "something else entirely", "The passwords do not match"),
    ],
)
def test_password_rules(client, db_session, password, confirm, message):
    application, token = invite(db_session)
    response = form_post(
        client, f"/apply/start/{token}", {"password": password, "confirm": confirm}
    )
    assert response.status_code == 200
    assert message in page_text(response)
    db_session.expire_all()
    assert application.applicant.password_hash is None
    assert db_session.scalar(select(Invitation)).used_at is None


def test_resend_replaces_the_old_link(db_session):
    application, old_token = invite(db_session)
    invitations.resend_invitation(application, None)
    new_token = re.search(r"/apply/start/(\S+)", mail.outbox()[-1].body_text).group(1)
    assert invitations.check_token(old_token).state == "expired"
    assert invitations.check_token(new_token).ok


def test_existing_account_email_is_refused(db_session):
    create_user(email="taken@example.com")
    enquiry = create_enquiry(email="taken@example.com")
    with pytest.raises(InvitationError):
        invite_to_apply(enquiry, None)
    assert db_session.scalar(select(User).where(User.role == "applicant")) is None
