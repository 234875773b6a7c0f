"""Browser tests: the real app served on 127.0.0.1, driven by Debian's Chromium.

One Chromium (its headless shell) is launched for the whole session; each test gets its own browser
context (fresh cookies), its own live server and a fresh copy of the migrated SQLite
database (see ``tests/conftest.py``), whose work the server's threads really commit.
Database behaviour is tested on both backends elsewhere, so SQLite is enough here.

Every page fixture records console errors (Chromium reports CSP violations there)
and uncaught exceptions; a test fails if any were seen.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.browser import axe
from tests.conftest import sqlite_database

# Debian's build of Chromium's headless shell: the browser without the code for a window,
# which is what Playwright itself runs headless. The same pages took the full browser
# half as much CPU again (48 CPU seconds against 32 for the recruitment journey).
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
# The machine has no network: without these Chromium spends seconds trying to reach
# Google's services before it will load a page.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Anything that tries to leave 127.0.0.1 is a bug: no other host name resolves. (A
    # Playwright route would do the same, but routing turns off Chromium's HTTP cache
    # and asks Python about every request: a quarter of the browser tests' time.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # JavaScript up to V8's baseline compiler, not its optimising ones. Every page is a
    # new document, so what they compiled for axe (half a megabyte, run on each page
    # checked) was thrown away at the next page: the recruitment journey's pages took
    # 18-21 CPU seconds of rendering against 26-30. What the scripts do is the same.
    "--js-flags=--max-opt=1",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 667}
# Playwright waits this long for a selector or navigation before failing a step.
TIMEOUT_MS = 10_000


@pytest.fixture
def database_url(request) -> Iterator[str]:
    """Replaces the two-backend fixture: browser tests run on SQLite only."""
    yield from sqlite_database(request)


@dataclass
class LiveServer:
    url: str


class _KeepAliveHandler(WSGIRequestHandler):
    # HTTP/1.1 lets Chromium reuse connections for a page's styles, scripts and fonts.
    protocol_version = "HTTP/1.1"


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    """``app`` (from the top-level conftest) served by werkzeug in a daemon thread, with
    axe beside it (``axe.serve_script``)."""
    server = make_server(
        "127.0.0.1", 0, axe.serve_script(app), threaded=True, request_handler=_KeepAliveHandler
    )
    # Shutting down waits for the serving loop's next poll: half a second by default,
    # at the end of every browser test.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session", autouse=True)
def _accessibility_checked_once_per_run(shared_dir) -> None:
    """Every test process of the run shares what axe has found clean (``axe.Checked``)."""
    axe._CHECKED.share(shared_dir / "axe-checked.txt")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing, so the browser tests cannot run. Run `make test`, "
            "which installs Debian's chromium-headless-shell package when it is missing "
            "(or run bin/install-test-deps.sh).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageProblems:
    """What the page reported that a person would never see but should never happen."""

    messages: list[str] = field(default_factory=list)

    def check(self) -> None:
        problems, self.messages[:] = list(self.messages), []
        assert not problems, "the page reported errors:\n" + "\n".join(problems)


@contextmanager
def _open_page(browser, live_server: LiveServer, viewport: dict) -> Iterator:
    """A page in a fresh browser context; fails afterwards if the page reported errors."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = PageProblems()

    def on_console(message):
        if message.type == "error":
            problems.messages.append(f"console error on {page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.messages.append(f"uncaught error: {error}"))
    page.problems = problems
    try:
        yield page
    finally:
        context.close()
    problems.check()


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page."""
    with _open_page(browser, live_server, DESKTOP) as page:
        yield page


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized page (375×667)."""
    with _open_page(browser, live_server, PHONE) as page:
        yield page
