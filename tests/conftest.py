"""Fixtures: a fresh app and database for each test, on SQLite and on PostgreSQL.

Databases are built by running the migrations once per backend into a template, then
copied for each test (a file copy for SQLite, CREATE DATABASE ... TEMPLATE for
PostgreSQL), so every test starts from exactly what the migrations produce.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import jinja2.bccache
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, text

from tests.pages import CheckingClient

os.environ.setdefault("FOSTERING_ENV", "test")

BACKENDS = ("sqlite", "postgresql")
_counter = itertools.count()


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    from fostering import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        from fostering.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_server():
    from tests.postgres_server import start_server

    server = start_server()
    try:
        yield server
    finally:
        server.stop()


class _TemplatesCompiledOnce(jinja2.BytecodeCache):
    """Keep compiled templates in memory for every app a test process creates.

    Each test makes a new app and so a new Jinja environment, which would otherwise
    parse and compile the GOV.UK templates again: about half a second of every test.
    Jinja checks each entry against its template's source before using it.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (compiled := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _TemplatesCompiledOnce()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Hash test passwords with argon2id at its lowest cost.

    Production's cost (about 0.15 s a hash and as much again to verify) is the point of
    argon2 there, but the suite creates and signs in over a thousand accounts. The hashes
    are still argon2id; only the cost parameters in each hash differ.
    """
    from argon2 import PasswordHasher

    from fostering.auth import passwords

    production = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    try:
        yield
    finally:
        passwords._hasher = production


@pytest.fixture(scope="session")
def postgres_template(postgres_server) -> str:
    admin = create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE fostering_template"))
    admin.dispose()
    _migrate(postgres_server.url("fostering_template"))
    return "fostering_template"


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh, migrated database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    name = f"test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield server.url(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change configuration."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    from fostering import create_app
    from fostering.extensions import db

    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": None,
        **app_config,
    }
    app = create_app(config)
    app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    app.test_client_class = CheckingClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db_session(app):
    from fostering.extensions import db

    return db.session


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token_from(html: str) -> str:
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})
    assert field is not None, "the page has no CSRF token"
    return field["value"]


def form_post(client, url: str, data: dict | None = None, *, token_from: str | None = None):
    """POST a form the way a browser does: first GET the page for its CSRF token."""
    page = client.get(token_from or url)
    payload = {"csrf_token": csrf_token_from(page.get_data(as_text=True)), **(data or {})}
    return client.post(url, data=payload)


def sign_in(client, user, password: str = "correct horse battery staple"):
    response = form_post(client, "/sign-in", {"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return response


def summary_rows(response) -> dict[str, str]:
    """A page's GOV.UK summary list rows, key to value."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }


def page_text(response) -> str:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return re.sub(r"\s+", " ", soup.get_text(" ", strip=True))
