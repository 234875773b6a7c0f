"""Security headers, CSRF, cookies and logs."""

from __future__ import annotations

import logging
import re

import pytest

from fostering.models import Role
from tests.conftest import sign_in
from tests.factories import create_user
from tests.pages import parsed


def test_strict_headers_on_every_page(app, client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert re.search(r"script-src 'self' 'nonce-[\w-]+'", csp)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers


def test_every_inline_script_carries_the_nonce(app, client):
    response = client.get("/")
    nonce = re.search(r"'nonce-([\w-]+)'", response.headers["Content-Security-Policy"]).group(1)
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts
    assert all(f'nonce="{nonce}"' in attrs for attrs in scripts)


def test_nonce_changes_per_response(app, client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_hsts_over_https(app, client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_forms_without_csrf_token_are_refused(app, client):
    user = create_user()
    response = client.post("/sign-in", data={"email": user.email, "password": "x" * 20})
    assert response.status_code == 400
    assert "timed out" in response.get_data(as_text=True)


def test_session_cookie_flags(app, client):
    user = create_user(role=Role.ADMINISTRATOR)
    response = sign_in(client, user)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_config_marks_cookies_secure(monkeypatch):
    from fostering.config import load_config

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FOSTERING_ENV", "production")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://fostering.council.example")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    assert load_config()["SESSION_COOKIE_SECURE"] is True


def test_logs_hold_no_email_addresses(app, client, caplog):
    caplog.set_level(logging.INFO)
    app.logger.warning("Something about applicant jo.bloggs@example.com happened")
    assert "jo.bloggs@example.com" not in caplog.text
    assert "[email]" in caplog.text


def test_custom_error_pages(app, client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    forbidden = client.get("/admin/")
    assert forbidden.status_code == 403
    assert "You do not have permission to see this page" in forbidden.get_data(as_text=True)


@pytest.mark.own_app  # adds a route, which an app that has served requests refuses
def test_server_errors_show_the_500_page(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():  # pragma: no cover - raises
        raise RuntimeError("boom")

    boom.access_rule = "public"
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)


def test_navigation_marks_the_current_page(app, client):
    user = create_user(role=Role.ADMINISTRATOR)
    sign_in(client, user)
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert 'aria-current="page"' in dashboard
    below = client.get("/admin/staff").get_data(as_text=True)
    assert 'aria-current="true"' in below
    assert 'aria-current="page"' not in below


def _menu_links(client, role: Role) -> list[str]:

    sign_in(client, create_user(role=role))
    page = parsed(client.get("/").get_data(as_text=True))
    return [link["href"] for link in page.select(".govuk-service-navigation__list a")]


def test_social_workers_get_a_menu_link_to_the_children_they_refer(app, client):
    assert "/placements/children" in _menu_links(client, Role.SOCIAL_WORKER)


def test_placement_officers_reach_children_through_their_own_area(app, client):
    links = _menu_links(client, Role.PLACEMENT_OFFICER)
    assert "/placements/" in links
    assert "/placements/children" not in links


@pytest.mark.parametrize("logger", ["werkzeug", "gunicorn.access"])
@pytest.mark.parametrize(
    "line",
    [
        '"GET /apply/start/Zq8-secret-token HTTP/1.1" 200 -',
        # werkzeug colours a 404's request line: the codes sit between the quote and GET.
        '"\x1b[33mGET /apply/start/Zq8-secret-token?lang=cy HTTP/1.1\x1b[0m" 404 -',
        '"\x1b[1m\x1b[31mPOST /sign-in?next=/x&token=Zq8-secret-token HTTP/1.1\x1b[0m" 400 -',
        '"GET /assets/app.css HTTP/1.1" 200 "https://x.example/apply/start/Zq8-secret-token"',
    ],
)
def test_no_token_or_query_string_reaches_a_request_log_line(app, caplog, logger, line):
    caplog.set_level(logging.INFO)
    logging.getLogger(logger).info("127.0.0.1 - - [06/Dec/2026 10:00:00] %s", line)
    assert "Zq8-secret-token" not in caplog.text
    assert "127.0.0.1" in caplog.text


@pytest.mark.own_app  # adds a route, which an app that has served requests refuses
def test_a_database_that_cannot_be_reached_shows_the_503_page(app):
    from sqlalchemy.exc import OperationalError

    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/database-down")
    def database_down():  # pragma: no cover - raises
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    database_down.access_rule = "public"
    response = app.test_client().get("/database-down")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in response.get_data(as_text=True)
    cymraeg = app.test_client().get("/database-down", headers={"Accept-Language": "cy"})
    assert "Mae'n ddrwg gennym, nid yw'r gwasanaeth ar gael" in cymraeg.get_data(as_text=True)


@pytest.mark.own_app  # an app whose database is not there
def test_a_signed_in_page_while_the_database_is_down_shows_the_503_page(app):
    from tests.conftest import _new_app
    from tests.postgres_server import free_port  # a port nothing listens on

    user = create_user(role=Role.PLACEMENT_OFFICER)
    client = app.test_client()
    sign_in(client, user)
    down = _new_app(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none", {})
    down.config["PROPAGATE_EXCEPTIONS"] = False
    client.application = down  # the same cookie, now against a database that is down

    response = client.get("/placements/children")

    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.get_data(as_text=True)


def test_a_database_error_never_carries_the_values_of_its_query(app, db_session):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError) as failure:
        db_session.execute(text("SELECT * FROM no_such_table WHERE name = :name"),
                           {"name": "Megan Jones"})  # fmt: skip
    db_session.rollback()
    assert "Megan Jones" not in str(failure.value)
