"""Input a person (or an attacker) sends that the service must refuse cleanly: a body too
large, an id no database holds, paging links built from whatever the URL says."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from sqlalchemy import func, select

from fostering.models import AuditEvent, Role
from tests.conftest import csrf_token_from, page_text, sign_in
from tests.factories import create_user


def test_a_body_over_the_limit_gets_a_413_page_and_changes_nothing(app, client, db_session):
    token = csrf_token_from(client.get("/sign-in").get_data(as_text=True))
    events = db_session.scalar(select(func.count()).select_from(AuditEvent))
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/sign-in", data={"csrf_token": token, "email": too_big, "password": "p"}
    )
    assert response.status_code == 413
    assert "What you sent is too large" in page_text(response)
    assert "Nothing has been saved." in page_text(response)
    assert db_session.scalar(select(func.count()).select_from(AuditEvent)) == events


@pytest.fixture
def app_config():
    # A small limit for the whole app, so the upload route's own larger limit shows.
    return {"MAX_CONTENT_LENGTH": 4 * 1024}


def test_an_upload_route_takes_a_file_larger_than_other_requests(app, client):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    token = csrf_token_from(client.get("/placements/imports").get_data(as_text=True))
    body = b"reference\n" + b"LAC1\n" * 2000  # about 10 KB: over the app's 4 KB
    response = client.post(
        "/placements/imports",
        data={"csrf_token": token, "kind": "children", "file": (BytesIO(body), "c.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code != 413
    assert response.status_code in (302, 400)  # read: a dry run, or the file's problems


def _routes_with_ids(app):
    for rule in app.url_map.iter_rules():
        ids = [
            name
            for name, conv in rule._converters.items()
            if conv.__class__.__name__ == "DatabaseIdConverter"
        ]
        if ids:
            yield rule, ids


def test_an_id_no_database_column_can_hold_is_not_found_on_every_route(app, client):
    sign_in(client, create_user(role=Role.ADMINISTRATOR))
    checked = 0
    for rule, ids in _routes_with_ids(app):
        url = rule.rule
        for name in rule.arguments:
            value = str(2**64) if name in ids else "x"
            url = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, url)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        assert response.status_code == 404, url
        checked += 1
    assert checked > 20


def test_paging_links_carry_the_url_as_text_never_as_url_for_arguments(app, client):
    sign_in(client, create_user(role=Role.ADMINISTRATOR))
    for n in range(30):
        create_user(name=f"Staff member {n:02d}")
    response = client.get("/admin/staff?_method=POST&_external=1&page=1")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "/admin/staff?_method=POST&amp;_external=1&amp;page=2" in html


def test_paging_links_keep_every_value_of_a_repeated_filter(app, client):
    sign_in(client, create_user(role=Role.ADMINISTRATOR))
    for n in range(30):
        create_user(name=f"Staff member {n:02d}")
    html = client.get("/admin/staff?x=a&x=b").get_data(as_text=True)
    assert "/admin/staff?x=a&amp;x=b&amp;page=2" in html


def test_a_next_address_with_a_line_break_is_never_followed(app, client):
    response = client.get("/locale/cy?next=/placements%0d%0aSet-Cookie:%20a=b")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Set-Cookie: a=b" not in str(response.headers)


def test_the_413_page_is_in_welsh_too(app, client):
    client.get("/locale/cy")
    token = csrf_token_from(client.get("/sign-in").get_data(as_text=True))
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/sign-in", data={"csrf_token": token, "email": too_big})
    assert response.status_code == 413
    assert "Mae'r hyn a anfonoch yn rhy fawr" in page_text(response)
