"""Fixtures: one app and one migrated database per test process and backend, each test
isolated, on SQLite and on PostgreSQL.

The migrations run once per backend into a template, shared by every test process of
the run, as is the PostgreSQL server (``shared_dir``). Each process keeps one app per
backend (and per ``app_config``) and one database copied from the template, and
isolates each test:

- PostgreSQL: the test's work runs on one connection inside a transaction rolled back
  at its end. Sessions join it with ``join_transaction_mode="create_savepoint"``, so a
  service's ``commit()`` releases a savepoint and its ``rollback()`` returns to one.
  One difference from real commits: savepoints nest, so a request's commit made while
  the test's own session has a transaction open is undone if the test then calls
  ``db.session.rollback()``; such a test should commit before the request.
- SQLite: the process's database file is replaced by a fresh copy of the template
  before each test. A copy takes well under a millisecond and the work really commits,
  so SQLite needs no savepoint workaround (pysqlite's own transaction handling is left
  as the app has it).

A test whose work must really commit on PostgreSQL (a thread, a background job, another
process, ``db.engine`` itself) is marked ``commits`` and gets a database of its own,
created from the template, under a name the process reuses for its next such test, so
the process keeps one app for them too; a test that changes the app itself (adds a
route) is marked ``own_app`` and gets a database and an app of its own. A test marked
``loaded(loader=f)`` starts from a template with ``f()`` already run on it (the demo
council, say), built once per run and backend, and is isolated as any other test is:
on SQLite a fresh copy of that template, on PostgreSQL a transaction rolled back in
this process's copy of it (with ``commits`` as well, a database of its own copied from
it). A rolled-back test that opens a second connection fails, naming the mark it needs.
Tests marked ``postgresql_only`` (row locks, concurrent writers) are collected for
PostgreSQL alone. Tests marked ``backend_independent`` (what they check is decided
before or after any query, such as bad input refused with the same queries the other
tests run on both) run on SQLite alone, and page tests (those taking ``client``) on
PostgreSQL alone unless marked ``both_backends`` (see ``backends_for``).
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
import jinja2.bccache
import pytest
from sqlalchemy import create_engine, event, text

from tests.pages import CheckingClient, parsed, text_of

os.environ.setdefault("FOSTERING_ENV", "test")

BACKENDS = ("sqlite", "postgresql")
OWN_DATABASE_MARKS = ("commits", "own_app")
_counter = itertools.count()


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc) -> None:
    """A test that runs on one backend alone (``backends_for``) takes ``database_url``
    for that one: given as a parametrize mark, which pytest puts before the fixture's
    own two backends."""
    backends = backends_for(metafunc.definition, metafunc.fixturenames)
    if backends != BACKENDS:
        metafunc.definition.add_marker(
            pytest.mark.parametrize("database_url", list(backends), indirect=True)
        )


def backends_for(node, fixturenames) -> tuple[str, ...]:
    """The backends a database test runs on.

    Both, for a test of services and queries. PostgreSQL alone for a page test (one that
    takes ``client``): what it checks is the page, and the queries behind it run on both
    backends in the services' tests and on SQLite in the browser journeys; PostgreSQL,
    production's database, is the stricter of the two. A page test marked
    ``both_backends`` (its page reads the database differently on each) runs on both.
    """
    if node.get_closest_marker("postgresql_only"):
        return ("postgresql",)
    if node.get_closest_marker("backend_independent"):
        return ("sqlite",)
    if "client" in fixturenames and not node.get_closest_marker("both_backends"):
        return ("postgresql",)
    return BACKENDS


def _expected_seconds(item) -> int:
    """A rough rank of how long a test takes: browser journeys, then slow tests, then
    the rest (in their own order). Only the order in which xdist hands tests out
    depends on it."""
    if item.get_closest_marker("browser"):
        return 2 if "end_to_end" in item.nodeid else 1
    return 1 if item.get_closest_marker("slow") else 0


# How many test processes drive Chromium at once. A browser test keeps about a core busy
# (the browser, the server's thread, the test), so two fill this 2-core machine, while
# the rest of the suite spends a third of its time waiting on PostgreSQL: a third test
# process runs the rest in those gaps (see ``pytest_xdist_make_scheduler``).
BROWSER_PROCESSES = 2
BROWSER_TESTS = "tests/browser/"


@pytest.hookimpl(optionalhook=True)  # a hook of xdist's, which a run may leave out
def pytest_xdist_make_scheduler(config, log):
    """xdist's ``load`` (what ``-n`` does), except that the browser tests are shared out
    in ``BROWSER_PROCESSES`` groups, each run in one test process.

    (xdist's own ``loadgroup`` would do this with marks, but under pytest 9 it no longer
    can: it renames the tests by an attribute pytest 9 no longer reads.)"""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserGroups(LoadScopeScheduling):
        """Each browser test file in one of the groups, by a greedy split on its lines
        (a journey's length is its steps); every other test its own unit. Units go out
        largest first, so the groups start at once and the rest fill in around them."""

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            if not path.startswith(BROWSER_TESTS):
                return nodeid
            if self.groups is None:
                self.groups = _browser_groups(
                    Path(config.rootpath),
                    {test.split("::", 1)[0] for test in self.collection or ()},
                )
            return self.groups[path]

    return BrowserGroups(config, log)


def _browser_groups(root: Path, paths: set[str]) -> dict[str, str]:
    """Each browser test file's group: the largest files first, each to the group with
    the fewest lines so far."""
    lines = {
        path: (root / path).read_bytes().count(b"\n")
        for path in paths
        if path.startswith(BROWSER_TESTS)
    }
    load = [0] * BROWSER_PROCESSES
    groups = {}
    for path in sorted(lines, key=lambda path: (-lines[path], path)):
        group = load.index(min(load))
        load[group] += lines[path]
        groups[path] = f"browser tests, group {group + 1}"
    return groups


def pytest_collection_modifyitems(items) -> None:
    """Longest first, so no worker starts a long test while the other runs out of work:
    a 30-second journey handed out last made the whole suite wait for it."""
    items.sort(key=_expected_seconds, reverse=True)


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    from fostering import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        from fostering.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_dir(tmp_path_factory) -> Iterator[Path]:
    """Where this process keeps its SQLite files: in memory (/dev/shm) where there is one.

    Every commit makes SQLite fsync its file and delete its journal: about 12 ms a commit
    on this machine's disk, 0.1 ms in memory, and the suite's factories commit thousands
    of times. What SQLite does is the same; only the disk under it is faster.
    """
    shm = Path("/dev/shm")  # noqa: S108 - mkdtemp below makes a private directory in it
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path_factory.mktemp("sqlite")
        return
    path = Path(tempfile.mkdtemp(prefix="fostering-tests-", dir=shm))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _shared_dir(basetemp: Path) -> Path:
    """Where the test processes of one run share what each would otherwise build for
    itself: the PostgreSQL server, the migrated templates and the loaded ones. Under
    xdist each worker's temporary directory is inside the controller's."""
    root = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp
    path = root / "shared"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory) -> Path:
    return _shared_dir(tmp_path_factory.getbasetemp())


@contextmanager
def _first_builds(shared: Path, what: str) -> Iterator[bool]:
    """Hold the run's lock on ``what``; true when it is not built yet (the caller
    builds it, and it counts as built once the block ends without an error)."""
    done = shared / f"{what}.done"
    with open(shared / f"{what}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            built = done.exists()
            yield not built
            if not built:
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def sqlite_template(shared_dir) -> Path:
    path = shared_dir / "template.sqlite"
    with _first_builds(shared_dir, "sqlite-template") as first:
        if first:
            _migrate(f"sqlite:///{path}")
    return path


_POSTGRES = "postgres.json"


@pytest.fixture(scope="session")
def postgres_server(shared_dir):
    """One server for the whole run, started by the first process that needs it and
    stopped by the controller at the end (``pytest_unconfigure``)."""
    from tests.postgres_server import PostgresServer, start_server

    with _first_builds(shared_dir, "postgres") as first:
        if first:
            server = start_server()
            (shared_dir / _POSTGRES).write_text(json.dumps(server.to_dict()))
        else:
            server = PostgresServer.from_dict(json.loads((shared_dir / _POSTGRES).read_text()))
    return server


def pytest_unconfigure(config) -> None:
    """The controller (or the only process) stops the run's PostgreSQL server."""
    if hasattr(config, "workerinput") or not hasattr(config, "_tmp_path_factory"):
        return
    from tests.postgres_server import PostgresServer

    recorded = _shared_dir(config._tmp_path_factory.getbasetemp()) / _POSTGRES
    if recorded.exists():
        PostgresServer.from_dict(json.loads(recorded.read_text())).stop()
        recorded.unlink()


@pytest.fixture(scope="session")
def redis_server():
    from tests.redis_server import start_server

    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The throwaway server's URL, emptied before each test that uses it."""
    from redis import Redis

    connection = Redis.from_url(redis_server.url)
    connection.flushdb()
    connection.close()
    return redis_server.url


class _TemplatesCompiledOnce(jinja2.BytecodeCache):
    """Keep compiled templates for every app of the run: in memory for the apps a test
    process creates, and (with ``share``) in Jinja's own file cache, which every test
    process of the run reads and writes (each file written aside and moved into place).

    A new app has a new Jinja environment, which would otherwise parse and compile the
    GOV.UK templates again: about half a second for each app an ``own_app`` test makes,
    and two and a half seconds in each test process. Jinja checks each entry against its
    template's source before using it.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}
        self._shared: jinja2.FileSystemBytecodeCache | None = None

    def share(self, folder: Path) -> None:
        folder.mkdir(exist_ok=True)
        self._shared = jinja2.FileSystemBytecodeCache(str(folder))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (compiled := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(compiled)
        elif self._shared is not None:
            self._shared.load_bytecode(bucket)
            if bucket.code is not None:  # there, and compiled from this source
                self._compiled[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
        if self._shared is not None:
            self._shared.dump_bytecode(bucket)


_COMPILED_TEMPLATES = _TemplatesCompiledOnce()


@pytest.fixture(scope="session", autouse=True)
def _templates_compiled_once_per_run(shared_dir) -> None:
    _COMPILED_TEMPLATES.share(shared_dir / "compiled-templates")


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
def postgres_template(postgres_server, shared_dir) -> str:
    with _first_builds(shared_dir, "postgres-template") as first:
        if first:
            _create_database(postgres_server, "fostering_template")
            _migrate(postgres_server.url("fostering_template"))
    return "fostering_template"


def _create_database(server, name: str, template: str | None = None) -> None:
    statement = f'CREATE DATABASE "{name}"'
    if template:
        statement += f' TEMPLATE "{template}"'
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if template and conn.dialect.server_version_info >= (15,):
            # Copying the template's files is about twice as quick as PostgreSQL 15's
            # default (writing every page through the WAL) on this throwaway server.
            statement += " STRATEGY FILE_COPY"
        conn.execute(text(statement))
    admin.dispose()


@pytest.fixture(scope="session")
def postgres_process_database(postgres_server, postgres_template) -> str:
    """This process's PostgreSQL database: never committed to (see ``_RolledBack``)."""
    name = f"fostering_{os.getpid()}"
    _create_database(postgres_server, name, postgres_template)
    return name


@pytest.fixture(scope="session")
def sqlite_process_file(sqlite_dir) -> Path:
    """Where this process's SQLite database lives; each test gets a fresh copy there."""
    return sqlite_dir / "fostering.sqlite"


def needs_own_database(node) -> bool:
    return any(node.get_closest_marker(mark) for mark in OWN_DATABASE_MARKS)


_LOADED_TEMPLATES: dict[tuple[str, str], str] = {}


def _loaded_template(request, backend: str) -> str | None:
    """For a test marked ``loaded(loader=f)``: a template that is the migrated one with
    ``f()`` run on it and committed, built once per run and backend by the first
    process that needs it (a file path on SQLite, a database name on PostgreSQL).
    Loading the demo council takes seconds, and a dozen tests read it."""
    mark = request.node.get_closest_marker("loaded")
    if mark is None:
        return None
    loader = mark.kwargs["loader"]
    key = (backend, f"{loader.__module__}.{loader.__qualname__}")
    if key not in _LOADED_TEMPLATES:
        shared = request.getfixturevalue("shared_dir")
        name = "loaded_" + _short_hash("/".join(key))
        if backend == "sqlite":
            path = shared / f"{name}.sqlite"
            url, template = f"sqlite:///{path}", str(path)
        else:
            server = request.getfixturevalue("postgres_server")
            url, template = server.url(name), name
        with _first_builds(shared, name) as first:
            if first:
                if backend == "sqlite":
                    shutil.copy(request.getfixturevalue("sqlite_template"), path)
                else:
                    _create_database(server, name, request.getfixturevalue("postgres_template"))
                _run_loader(url, loader)
        _LOADED_TEMPLATES[key] = template
    return _LOADED_TEMPLATES[key]


def _run_loader(url: str, loader) -> None:
    from fostering.extensions import db

    app = _new_app(url, {})
    with app.app_context():
        loader()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


_LOADED_PROCESS_DATABASES: dict[str, str] = {}


def _loaded_process_database(server, template: str) -> str:
    """This process's working copy of a loaded template on PostgreSQL, never committed
    to (its tests roll back, as on the process's own database). The template itself is
    left without connections, so ``commits`` tests can still copy it."""
    if template not in _LOADED_PROCESS_DATABASES:
        name = f"{template}_{os.getpid()}"
        _create_database(server, name, template)
        _LOADED_PROCESS_DATABASES[template] = name
    return _LOADED_PROCESS_DATABASES[template]


def sqlite_database(request) -> Iterator[str]:
    """A fresh copy of the migrated SQLite template for one test."""
    template = _loaded_template(request, "sqlite") or request.getfixturevalue("sqlite_template")
    if request.node.get_closest_marker("own_app"):
        path = request.getfixturevalue("sqlite_dir") / f"test_{next(_counter)}.sqlite"
        shutil.copy(template, path)
        yield f"sqlite:///{path}"
        path.unlink()
        return
    # A new file moved into place: a connection a previous test left open (a job's
    # thread) keeps the old file rather than seeing this one change under it. A
    # ``commits`` test's file is at a name of its template's, so its app is kept too.
    path = request.getfixturevalue("sqlite_process_file")
    if needs_own_database(request.node):
        path = path.with_name(f"commits_{_short_hash(str(template))}.sqlite")
    fresh = path.with_name("fresh.sqlite")
    shutil.copy(template, fresh)
    fresh.replace(path)
    yield f"sqlite:///{path}"


@pytest.fixture(params=BACKENDS)
def database_url(request) -> Iterator[str]:
    """The migrated database one test runs on (see the module's docstring)."""
    if request.param == "sqlite":
        yield from sqlite_database(request)
        return
    server = request.getfixturevalue("postgres_server")
    template = _loaded_template(request, "postgresql")
    if not needs_own_database(request.node):
        if template is None:
            yield server.url(request.getfixturevalue("postgres_process_database"))
        else:
            yield server.url(_loaded_process_database(server, template))
        return
    template = template or request.getfixturevalue("postgres_template")
    if request.node.get_closest_marker("own_app"):
        name = f"test_{os.getpid()}_{next(_counter)}"
    else:
        # The same name for each ``commits`` test of this process and template, so the
        # process keeps one app for them (``_process_app``); the database is new.
        name = f"commits_{os.getpid()}_{_short_hash(template)}"
        _drop_database(server, name)
    _create_database(server, name, template)
    try:
        yield server.url(name)
    finally:
        _drop_database(server, name)


def _drop_database(server, name: str) -> None:
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]  # noqa: S324 - a name


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change configuration."""
    return {}


class SecondConnectionRefused(RuntimeError):
    pass


class _RolledBack:
    """The connection a PostgreSQL test's work runs on, in a transaction rolled back at
    its end, and any other connection opened while it is (which must not happen)."""

    MARK_IT = (
        "this test opened a second database connection while its own work is rolled back: "
        "that connection cannot see the test's rows, and what it wrote would outlive the "
        "test. Mark the test @pytest.mark.commits"
    )

    def __init__(self) -> None:
        self.connection = None
        self.thread = 0
        self.strays: list[str] = []

    def bind_for_this_thread(self):
        if self.connection is not None and threading.get_ident() == self.thread:
            return self.connection
        return None

    def on_checkout(self, *_args) -> None:
        """Refuse the connection at once: one that waited on a lock the test's own
        transaction holds would wait for ever."""
        if self.connection is not None:
            self.strays.append(threading.current_thread().name)
            raise SecondConnectionRefused(self.MARK_IT)

    @contextmanager
    def around(self, engine) -> Iterator[None]:
        from fostering.extensions import db

        connection = engine.connect()
        transaction = connection.begin()
        self.connection, self.thread, self.strays = connection, threading.get_ident(), []
        try:
            yield
        finally:
            db.session.remove()
            self.connection = None
            transaction.rollback()
            connection.close()
        if self.strays:
            threads = ", ".join(sorted(set(self.strays)))
            pytest.fail(f"{self.MARK_IT} (it tried in thread {threads})", pytrace=False)


_ROLLED_BACK = _RolledBack()


@pytest.fixture(scope="session", autouse=True)
def _sessions_join_the_test_transaction() -> None:
    """``db.session`` as the app makes it, except that on the thread of a rolled-back
    test it runs on that test's connection, each transaction a savepoint."""
    from flask_sqlalchemy.session import Session

    from fostering.extensions import db

    class TestSession(Session):
        def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
            if bind is None and (connection := _ROLLED_BACK.bind_for_this_thread()):
                return connection
            return super().get_bind(mapper, clause=clause, bind=bind, **kwargs)

    db.session = db._make_scoped_session(
        {"class_": TestSession, "join_transaction_mode": "create_savepoint"}
    )


def _new_app(database_url: str, app_config: dict):
    from fostering import create_app

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": None,
            **app_config,
        }
    )
    app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    app.test_client_class = CheckingClient
    return app


_PROCESS_APPS: dict[tuple[str, str], tuple] = {}


def _process_app(database_url: str, app_config: dict):
    """This process's app for one database and configuration, with the configuration
    it was created with (each test starts from that)."""
    key = (database_url, repr(sorted(app_config.items())))
    if key not in _PROCESS_APPS:
        from fostering.extensions import db

        app = _new_app(database_url, app_config)
        with app.app_context():
            event.listen(db.engine, "checkout", _ROLLED_BACK.on_checkout)
        _PROCESS_APPS[key] = (app, dict(app.config))
    return _PROCESS_APPS[key]


def _forget_earlier_tests(app, config: dict) -> None:
    """Undo what an earlier test left in the process's app and the extensions' state."""
    from fostering.extensions import limiter
    from fostering.imports import runner

    app.config.clear()
    app.config.update(config)
    app.extensions.pop("mail_outbox", None)
    limiter.storage.reset()
    runner._progress.clear()


@pytest.fixture
def app(request, database_url, app_config):
    from fostering.extensions import db

    if request.node.get_closest_marker("own_app"):
        app = _new_app(database_url, app_config)
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
        return
    app, config = _process_app(database_url, app_config)
    _forget_earlier_tests(app, config)
    with app.app_context():
        if database_url.startswith("sqlite") or needs_own_database(request.node):
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()  # the next test's copy replaces the file
        else:
            with _ROLLED_BACK.around(db.engine):
                yield app


@pytest.fixture
def db_session(app):
    from fostering.extensions import db

    return db.session


@pytest.fixture
def client(app):
    return app.test_client()


def wait_for_background_jobs(timeout: float = 60) -> None:
    """Wait for the jobs ``services.jobs`` runs in threads when there is no Redis (it
    names each thread ``job-<id>``); fail if one is still running after ``timeout``.
    A job on RQ needs no waiting: the tests run RQ's worker in burst mode, to the end."""
    for thread in threading.enumerate():
        if thread.name.startswith("job-"):
            thread.join(timeout)
            assert not thread.is_alive(), f"{thread.name} did not finish in {timeout} s"


def csrf_token_from(html: str) -> str:
    field = parsed(html).find("input", attrs={"name": "csrf_token"})
    assert field is not None, "the page has no CSRF token"
    return field["value"]


def session_csrf_token(client) -> str:
    """The CSRF token a page would carry for this client's session, made as Flask-WTF
    makes it (the session's raw token, signed), without rendering a page for it."""
    from itsdangerous import URLSafeTimedSerializer

    app = client.application
    field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    with client.session_transaction() as session:
        if field not in session:
            session[field] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 - as Flask-WTF
        raw = session[field]
    secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)


def form_post(client, url: str, data: dict | None = None, *, token_from: str | None = None):
    """POST a form with a valid CSRF token for the client's session.

    With ``token_from``, the token is read from that page as a browser would. Without
    it, the token is made for the session directly: rendering the form page first cost
    a fifth of the suite's time, and every form page has tests of its own GET. Tests of
    the CSRF check itself post without a token or with a wrong one.
    """
    if token_from is None:
        token = session_csrf_token(client)
    else:
        token = csrf_token_from(client.get(token_from).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def sign_in(client, user, password: str = "correct horse battery staple"):
    response = form_post(client, "/sign-in", {"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return response


def summary_rows(response) -> dict[str, str]:
    """A page's GOV.UK summary list rows, key to value."""
    soup = parsed(response.get_data(as_text=True))
    return {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }


def page_text(response) -> str:
    return text_of(response.get_data(as_text=True))


def pytest_collection_finish(session) -> None:
    """What the imports and collection made lives for the whole run: moved out of the
    garbage collector's sight, and the collector run less often."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
