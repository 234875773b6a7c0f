"""The password's life: forgotten and reset by an emailed link, changed by its owner,
temporary when an administrator sets it, and never a common one."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import PasswordReset, Role
from fostering.services import mail
from tests.conftest import csrf_token_from, form_post, page_text, sign_in
from tests.factories import DEFAULT_PASSWORD, create_user

NEW_PASSWORD = "kettle meadow lantern 42"


def _ask_for_a_link(client, email: str):
    return form_post(client, "/forgotten-password", {"email": email})


def _link_token(message) -> str:
    return re.search(r"/reset-password/(\S+)", message.body_text).group(1)


def test_the_sign_in_page_leads_to_a_reset(app, client):
    html = client.get("/sign-in").get_data(as_text=True)
    assert 'href="/forgotten-password"' in html


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(app, client):
    user = create_user(email="nia@council.example")
    known = _ask_for_a_link(client, "Nia@Council.example")
    unknown = _ask_for_a_link(client, "nobody@council.example")
    assert known.status_code == unknown.status_code == 200
    assert page_text(known).replace("Nia@Council.example", "X") == page_text(unknown).replace(
        "nobody@council.example", "X"
    )
    [message] = mail.outbox()
    assert message.to == user.email
    token = _link_token(message)
    assert f"http://127.0.0.1:5000/reset-password/{token}" in message.body_text
    # Only a hash of the token is kept.
    stored = db.session.scalar(select(PasswordReset))
    assert stored.token_hash != token and token not in stored.token_hash


def test_a_link_sets_a_new_password_once_and_ends_every_session(app, client):
    user = create_user()
    other_browser = app.test_client()
    sign_in(other_browser, user)
    _ask_for_a_link(client, user.email)
    token = _link_token(mail.outbox()[-1])
    page = client.get(f"/reset-password/{token}")
    assert page.status_code == 200
    done = client.post(
        f"/reset-password/{token}",
        data={
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert done.status_code == 302 and done.headers["Location"] == "/sign-in"
    assert other_browser.get("/dashboard").status_code == 302  # signed out there too
    assert (
        form_post(client, "/sign-in", {"email": user.email, "password": NEW_PASSWORD}).status_code
        == 302
    )
    again = app.test_client().get(f"/reset-password/{token}")
    assert again.status_code == 410
    assert "This link does not work" in page_text(again)


def test_a_link_stops_working_after_an_hour_and_when_a_newer_one_is_sent(app, client):
    user = create_user()
    _ask_for_a_link(client, user.email)
    first = _link_token(mail.outbox()[-1])
    _ask_for_a_link(client, user.email)
    second = _link_token(mail.outbox()[-1])
    assert client.get(f"/reset-password/{first}").status_code == 410
    assert client.get(f"/reset-password/{second}").status_code == 200
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.used_at.is_(None)))
    reset.expires_at = reset.created_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get(f"/reset-password/{second}").status_code == 410
    assert client.get("/reset-password/made-up-token").status_code == 410


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short one", "Password must be 12 characters or more"),
        ("qwerty123456", "one of the most common ones"),
        ("Password2026!", "one of the most common ones"),
    ],
)
def test_a_short_or_common_password_is_refused(app, client, password, message):
    user = create_user()
    _ask_for_a_link(client, user.email)
    token = _link_token(mail.outbox()[-1])
    response = form_post(
        client, f"/reset-password/{token}", {"password": password, "confirm": password}
    )
    assert response.status_code == 200
    assert message in page_text(response)
    assert client.get(f"/reset-password/{token}").status_code == 200  # still usable


def test_changing_your_password_keeps_you_signed_in_and_ends_other_sessions(app, client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    other_browser = app.test_client()
    sign_in(other_browser, user)
    wrong = form_post(
        client,
        "/account/password",
        {"current_password": "not it", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert "Your current password is not right" in page_text(wrong)
    changed = form_post(
        client,
        "/account/password",
        {"current_password": DEFAULT_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert client.get("/commissioning/").status_code == 200
    assert other_browser.get("/commissioning/").status_code == 302


def test_a_temporary_password_must_be_changed_before_anything_else(app, client):
    admin = create_user(role=Role.ADMINISTRATOR)
    sign_in(client, admin)
    form_post(
        client,
        "/admin/staff/new",
        {
            "name": "Nia Williams",
            "email": "nia@council.example",
            "role": Role.PLACEMENT_OFFICER.value,
            "password": "a temporary password",
        },
    )
    newcomer = app.test_client()
    signed_in = form_post(
        newcomer, "/sign-in", {"email": "nia@council.example", "password": "a temporary password"}
    )
    assert signed_in.headers["Location"].startswith("/account/password")
    blocked = newcomer.get("/placements/")
    assert blocked.status_code == 302 and blocked.headers["Location"] == "/account/password"
    assert "gave you a temporary password" in page_text(newcomer.get("/account/password"))
    form_post(
        newcomer,
        "/account/password",
        {
            "current_password": "a temporary password",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert newcomer.get("/placements/").status_code == 200


def test_an_administrator_sends_a_reset_and_never_sees_a_password(app, client):
    admin = create_user(role=Role.ADMINISTRATOR)
    worker = create_user(role=Role.SOCIAL_WORKER, email="worker@council.example")
    sign_in(client, admin)
    page = client.get(f"/admin/staff/{worker.id}")
    assert "Email a password reset link" in page_text(page)
    sent = form_post(
        client,
        f"/admin/staff/{worker.id}/send-password-reset",
        token_from=f"/admin/staff/{worker.id}",
    )
    assert sent.status_code == 302
    [message] = mail.outbox()
    assert message.to == "worker@council.example"
    assert _link_token(message) not in page_text(client.get(f"/admin/staff/{worker.id}"))


def test_the_reset_pages_are_in_welsh(app, client):
    client.get("/locale/cy")
    assert "Wedi anghofio eich cyfrinair?" in page_text(client.get("/forgotten-password"))


def test_an_unknown_account_is_checked_against_a_hash_of_the_same_cost():
    """A wrong email must cost what a wrong password costs, whatever the hasher's costs."""
    from argon2 import extract_parameters

    from fostering.auth import passwords

    real = extract_parameters(passwords.hash_password("a real password here"))
    assert extract_parameters(passwords._dummy_hash(passwords._hasher)) == real
    assert passwords.verify_password(None, "not-a-real-password-3f1c9a") is False
