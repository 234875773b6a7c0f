"""Two-factor sign-in for staff: set up with a QR code, a code at each sign-in, one-use
recovery codes, reset by an administrator; required by configuration."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import AuditEvent, RecoveryCode, Role
from tests.conftest import csrf_token_from, form_post, page_text
from tests.factories import DEFAULT_PASSWORD, create_user


@pytest.fixture
def app_config():
    return {"STAFF_TWO_FACTOR": True}


def _password(client, user):
    return form_post(client, "/sign-in", {"email": user.email, "password": DEFAULT_PASSWORD})


def _set_up(client, user) -> tuple[str, list[str]]:
    """Sign in with the password, read the key from the set-up page, confirm a code."""
    assert _password(client, user).headers["Location"] == "/sign-in/set-up"
    page = client.get("/sign-in/set-up")
    html = page.get_data(as_text=True)
    assert "<svg" in html and 'class="app-qr"' in html
    secret = re.search(r"Key: ((?:[A-Z2-7]{4} ?){8})", page_text(page)).group(1).replace(" ", "")
    done = client.post(
        "/sign-in/set-up",
        data={"csrf_token": csrf_token_from(html), "code": pyotp.TOTP(secret).now()},
    )
    assert done.status_code == 200
    codes = re.findall(r"[A-Z2-9]{5}-[A-Z2-9]{5}", page_text(done))
    return secret, codes


def test_staff_set_up_two_factor_at_their_first_sign_in(app, client):
    user = create_user(role=Role.PLACEMENT_OFFICER)
    before = client.get("/placements/")
    assert before.status_code == 302
    secret, codes = _set_up(client, user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/placements/").status_code == 200  # signed in now
    db.session.refresh(user)
    assert user.totp_secret == secret and user.two_factor_enrolled_at is not None
    stored = list(db.session.scalars(select(RecoveryCode.code_hash)))
    assert len(stored) == 10 and not any(code.replace("-", "") in stored for code in codes)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "two_factor_enrolled"))


def test_a_password_alone_does_not_sign_staff_in(app, client):
    user = create_user(role=Role.COMMISSIONER)
    secret, _codes = _set_up(client, user)
    client.post(
        "/sign-out",
        data={"csrf_token": csrf_token_from(client.get("/commissioning/").get_data(as_text=True))},
    )
    fresh = app.test_client()
    assert _password(fresh, user).headers["Location"] == "/sign-in/code"
    assert fresh.get("/commissioning/").status_code == 302  # not signed in yet
    wrong = form_post(fresh, "/sign-in/code", {"code": "000000"})
    assert "Enter the current code" in page_text(wrong)
    assert fresh.get("/commissioning/").status_code == 302
    step = int(time.time()) // 30 + 1  # a code the app will show next: not yet used
    right = form_post(fresh, "/sign-in/code", {"code": pyotp.TOTP(secret).at(step * 30)})
    assert right.headers["Location"] == "/commissioning/"
    assert fresh.get("/commissioning/").status_code == 200


def test_a_code_cannot_be_used_twice(app, client):
    user = create_user(role=Role.COMMISSIONER)
    secret, _codes = _set_up(client, user)
    db.session.refresh(user)
    used = pyotp.TOTP(secret).at(user.totp_last_step * 30)
    fresh = app.test_client()
    _password(fresh, user)
    again = form_post(fresh, "/sign-in/code", {"code": used})
    assert again.status_code == 200 and "Enter the current code" in page_text(again)


def test_each_recovery_code_signs_in_once(app, client):
    user = create_user(role=Role.COMMISSIONER)
    _secret, codes = _set_up(client, user)
    first = app.test_client()
    _password(first, user)
    assert form_post(first, "/sign-in/code", {"code": codes[0].lower()}).status_code == 302
    second = app.test_client()
    _password(second, user)
    assert form_post(second, "/sign-in/code", {"code": codes[0]}).status_code == 200


def test_an_administrator_resets_a_lost_phone(app, client):
    user = create_user(role=Role.SOCIAL_WORKER)
    _set_up(client, user)
    admin = create_user(role=Role.ADMINISTRATOR)
    admin_client = app.test_client()
    _set_up(admin_client, admin)
    page = f"/admin/staff/{user.id}"
    assert "Reset two-factor sign-in" in page_text(admin_client.get(page))
    form_post(admin_client, f"{page}/reset-two-factor", token_from=page)
    assert client.get("/fostering-team/").status_code == 302  # their session ended
    db.session.refresh(user)
    assert user.totp_secret is None
    assert db.session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == user.id)) is None
    assert _password(app.test_client(), user).headers["Location"] == "/sign-in/set-up"


def test_the_code_step_cannot_be_reached_without_the_password(app, client):
    response = client.get("/sign-in/code")
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"


def test_applicants_are_not_asked_for_a_code(app, client):
    applicant = create_user(role=Role.APPLICANT)
    assert _password(client, applicant).headers["Location"] == "/your-application"


def test_the_set_up_page_is_in_welsh(app, client):
    user = create_user(role=Role.COMMISSIONER)
    client.get("/locale/cy")
    _password(client, user)
    assert "Sefydlu mewngofnodi dau gam" in page_text(client.get("/sign-in/set-up"))


def test_the_code_pages_leave_a_signed_in_session_alone(app, client):
    user = create_user(role=Role.APPLICANT)  # no code asked of applicants
    _password(client, user)
    for page in ("/sign-in/code", "/sign-in/set-up"):
        assert client.get(page).headers["Location"] == "/dashboard"
    assert client.get("/your-application").status_code == 200
