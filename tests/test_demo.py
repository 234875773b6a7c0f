"""``flask demo load``: one account per role, idempotent, and careful with real data."""

from __future__ import annotations

import pytest

from fostering import demo
from fostering.extensions import db
from fostering.models import Role, User
from tests.conftest import form_post
from tests.factories import create_user


def _accounts() -> dict[str, str]:
    return {u.email: u.role for u in db.session.scalars(db.select(User))}


# Starts from the demo as ``demo.load`` (what the command runs) makes it, built once per
# run, rather than loading the whole council again; the command then names the accounts.
@pytest.mark.loaded(loader=demo.load)
def test_demo_load_creates_one_account_per_role_and_they_sign_in(app, client):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    accounts = _accounts()
    # One sign-in account per role; demo households (applicants) come on top of these.
    named = {account.email: account.role.value for account in demo.DEMO_ACCOUNTS}
    assert {email: accounts[email] for email in named} == named
    assert sorted(named.values()) == sorted(role.value for role in Role)
    for email in named:
        assert email in result.output
        response = form_post(client, "/sign-in", {"email": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
        form_post(client, "/sign-out", token_from="/dashboard/../")
    # The joint applicant signs in for their own part of the demo application.
    joint = f"joint.applicant@{demo.DEMO_DOMAIN}"
    assert joint in result.output
    response = form_post(client, "/sign-in", {"email": joint, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302


@pytest.mark.loaded(loader=demo.load)
def test_demo_load_is_idempotent(app):
    runner = app.test_cli_runner()
    first = _accounts()
    count = db.session.scalar(db.select(db.func.count()).select_from(User))
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    db.session.expire_all()
    assert _accounts() == first
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == count


def test_demo_load_refuses_a_database_with_real_accounts(app):
    create_user(email="real.person@council.gov.uk")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "not demo accounts" in result.output
    assert (
        db.session.scalar(db.select(User).where(User.email.like(f"%@{demo.DEMO_DOMAIN}"))) is None
    )
    forced = app.test_cli_runner().invoke(args=["demo", "load", "--force"])
    assert forced.exit_code == 0
