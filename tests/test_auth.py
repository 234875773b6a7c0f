"""Signing in and out, lock-out, rate limits and idle expiry."""

from __future__ import annotations

import time

import pytest

from fostering.extensions import db
from fostering.models import AuditEvent, Role, User
from fostering.security import IDLE_KEY, SIGNED_IN_AT_KEY
from tests.conftest import csrf_token_from, form_post, page_text, sign_in
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


def _attempt_from(client, address: str, email: str, password: str):
    token = csrf_token_from(client.get("/sign-in").get_data(as_text=True))
    return client.post(
        "/sign-in",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failures_from_one_address_make_that_address_wait_for_that_account(app, client):
    user = create_user()
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        _attempt_from(client, "198.51.100.7", user.email, "wrong password here")
    waiting = _attempt_from(client, "198.51.100.7", user.email, DEFAULT_PASSWORD)
    assert waiting.status_code == 429
    assert "too many attempts" in page_text(waiting)
    # The colleague is not locked out: from their own address the password works.
    assert _attempt_from(client, "192.0.2.10", user.email, DEFAULT_PASSWORD).status_code == 302
    db.session.refresh(user)
    assert user.locked_until is None
    actions = list(db.session.scalars(db.select(AuditEvent.action)))
    assert actions.count("sign_in_failed") == app.config["LOCKOUT_THRESHOLD"]


def test_a_wait_for_an_unknown_address_looks_the_same_as_for_a_real_one(app, client):
    user = create_user()
    pages = {}
    for email in (user.email, "nobody@council.example"):
        for _ in range(app.config["LOCKOUT_THRESHOLD"]):
            failed = _attempt_from(client, "198.51.100.8", email, "wrong password here")
        assert failed.status_code == 200
        assert "Enter a correct email address and password" in page_text(failed)
        waiting = _attempt_from(client, "198.51.100.8", email, "wrong password here")
        pages[email] = (waiting.status_code, page_text(waiting))
    assert pages[user.email] == pages["nobody@council.example"]
    assert "locked" not in pages[user.email][1]


def test_a_successful_sign_in_does_not_count_towards_the_wait(app, client):
    user = create_user()
    for _ in range(app.config["LOCKOUT_THRESHOLD"] + 2):
        assert (
            _attempt_from(client, "198.51.100.9", user.email, DEFAULT_PASSWORD).status_code == 302
        )
        client.get("/sign-in")  # already signed in: redirected, still fine
        with client.session_transaction() as session:
            session.clear()


def test_deactivated_account_cannot_sign_in(app, client):
    user = create_user(active=False)
    assert _attempt(client, user.email, DEFAULT_PASSWORD).status_code == 200


def test_sign_out_ends_the_session(app, client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    response = form_post(client, "/sign-out", token_from="/commissioning/")
    assert response.headers["Location"] == "/"
    assert client.get("/commissioning/").status_code == 302


def test_sign_out_ends_a_copy_of_the_session_taken_before_it(app, client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    copied = client.get_cookie("session").value
    form_post(client, "/sign-out", token_from="/commissioning/")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/commissioning/").status_code == 302
    assert "/sign-in" in thief.get("/commissioning/").headers["Location"]


def test_a_session_ends_some_hours_after_sign_in_however_busy(app, client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    assert client.get("/commissioning/").status_code == 200
    with client.session_transaction() as session:
        session[SIGNED_IN_AT_KEY] -= app.config["SESSION_HOURS"] * 3600 + 5
    response = client.get("/commissioning/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert "signed in for a long time" in page_text(client.get(response.headers["Location"]))
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
