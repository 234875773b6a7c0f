"""Signing in and out, lock-out, rate limits and idle expiry."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from fostering.extensions import db
from fostering.models import AuditEvent, Role, User
from fostering.models.types import utcnow
from fostering.security import IDLE_KEY
from tests.conftest import form_post, page_text, sign_in
from tests.factories import DEFAULT_PASSWORD, create_user


def _attempt(client, email, password):
    return form_post(client, "/sign-in", {"email": email, "password": password})


def test_staff_sign_in_lands_on_their_dashboard(app, client):
    user = create_user(role=Role.PLACEMENT_OFFICER)
    response = sign_in(client, user)
    assert response.headers["Location"] == "/placements/"
    assert client.get("/placements/").status_code == 200


def test_sign_in_follows_a_local_next_but_never_an_external_one(app, client):
    user = create_user(role=Role.ADMINISTRATOR)
    page = client.get("/sign-in?next=/admin/staff")
    from tests.conftest import csrf_token_from

    token = csrf_token_from(page.get_data(as_text=True))
    ok = client.post(
        "/sign-in?next=/admin/staff",
        data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD},
    )
    assert ok.headers["Location"] == "/admin/staff"
    client.post("/sign-out", data={"csrf_token": token})


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_sign_in_ignores_external_next(app, client, next_url):
    user = create_user(role=Role.ADMINISTRATOR)
    from tests.conftest import csrf_token_from

    token = csrf_token_from(client.get("/sign-in").get_data(as_text=True))
    response = client.post(
        f"/sign-in?next={next_url}",
        data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/admin/"


def test_wrong_password_is_refused_with_a_message_and_keeps_the_email(app, client):
    user = create_user()
    response = _attempt(client, user.email, "not the password")
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert "Enter a correct email address and password" in text
    assert f'value="{user.email}"' in response.get_data(as_text=True)
    assert 'value="not the password"' not in response.get_data(as_text=True)


def test_unknown_email_gets_the_same_message(app, client):
    response = _attempt(client, "nobody@council.example", "whatever password")
    assert "Enter a correct email address and password" in page_text(response)


def test_empty_form_says_what_to_enter(app, client):
    response = _attempt(client, "", "")
    text = page_text(response)
    assert "Enter your email address" in text
    assert "Enter your password" in text
    assert response.get_data(as_text=True).count("govuk-error-summary__list") == 1


def test_repeated_failures_lock_the_account_even_for_the_right_password(app, client):
    user = create_user()
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        _attempt(client, user.email, "wrong password here")
    response = _attempt(client, user.email, DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert "This account is locked" in page_text(response)
    db.session.refresh(user)
    assert user.locked_until is not None and user.locked_until > utcnow()
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"sign_in_failed", "account_locked", "sign_in_refused_locked"} <= actions


def test_lock_expires(app, client):
    user = create_user()
    user.locked_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert _attempt(client, user.email, DEFAULT_PASSWORD).status_code == 302


def test_deactivated_account_cannot_sign_in(app, client):
    user = create_user(active=False)
    assert _attempt(client, user.email, DEFAULT_PASSWORD).status_code == 200


def test_sign_out_ends_the_session(app, client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    response = form_post(client, "/sign-out", token_from="/commissioning/")
    assert response.headers["Location"] == "/"
    assert client.get("/commissioning/").status_code == 302


def test_idle_session_expires(app, client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    assert client.get("/commissioning/").status_code == 200
    with client.session_transaction() as session:
        session[IDLE_KEY] = int(time.time()) - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    response = client.get("/commissioning/")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
    assert client.get("/commissioning/").status_code == 302


def test_role_change_ends_existing_sessions(app, client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    user.role = Role.SOCIAL_WORKER.value
    user.session_version += 1
    db.session.commit()
    assert client.get("/commissioning/").status_code == 302


def test_passwords_are_stored_as_argon2_hashes(app):
    user = create_user(password="a very long password 123")
    stored = db.session.get(User, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert "a very long password" not in stored
