"""With Redis gone (REDIS_URL set, nothing listening), the service degrades and says so:
rate limits fall back to each process's memory, the public form still works, and work
that needs the background queue is marked failed with a sentence, never a 500."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import Child, Enquiry, Role
from tests.conftest import csrf_token_from, page_text, sign_in
from tests.factories import create_user
from tests.imports.files import CHILD_HEADER, add_postcodes, child_row, csv_bytes
from tests.imports.test_import_pages import upload
from tests.recruitment.test_enquiry import answer_all, send


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends


# These tests point the rate limiter at a Redis that is not there: they get an app of
# their own, and the limiter is put back as it was after each.
pytestmark = pytest.mark.own_app


@pytest.fixture(autouse=True)
def limiter_put_back():
    """The limiter is one object for every app in the process: after each test it is put
    back exactly as it was, storage and all."""
    from fostering.extensions import limiter

    saved = dict(vars(limiter))
    yield
    vars(limiter).clear()
    vars(limiter).update(saved)


@pytest.fixture
def app_config():
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    return {"REDIS_URL": url, "RATELIMIT_STORAGE_URI": url, "SIGN_IN_RATE_LIMIT": "3 per minute"}


def test_the_public_enquiry_still_works(app, client):
    answer_all(client)
    assert send(client).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Enquiry)) == 1


def test_sign_in_limits_still_hold_in_memory(app, client):
    token = csrf_token_from(client.get("/sign-in").get_data(as_text=True))
    codes = [
        client.post(
            "/sign-in", data={"csrf_token": token, "email": "a@council.example", "password": "x"}
        ).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_an_import_that_cannot_be_queued_says_so_and_imports_nothing(app, client):
    add_postcodes()
    officer = create_user(role=Role.PLACEMENT_OFFICER)

    sign_in(client, officer)
    response = upload(
        client,
        "/placements/imports",
        "children",
        csv_bytes(CHILD_HEADER, [child_row("LAC1")]),
        "c.csv",
    )
    report = client.get(response.headers["Location"])
    started = client.post(
        response.headers["Location"] + "/confirm",
        data={"csrf_token": csrf_token_from(report.get_data(as_text=True))},
    )
    assert started.status_code == 302
    progress = client.get(started.headers["Location"])
    assert "could not start the work in the background" in page_text(progress)
    assert db.session.scalar(select(func.count()).select_from(Child)) == 0
