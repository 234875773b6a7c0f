"""The page checker every page test goes through (see ``CheckingClient``).

Each HTML page must have exactly one ``h1``, a ``<title>`` that starts with it (after
"Error: " on a page with errors), no duplicate ids, a CSRF token in every form that
posts, and ``<html lang>`` matching the language it was served in.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

ERROR_PREFIXES = ("Error: ", "Gwall: ")


class PageProblem(AssertionError):
    pass


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True)).strip()


@lru_cache(maxsize=8)
def parsed(html: str) -> BeautifulSoup:
    """``html`` parsed once: the checker below, the helpers and the tests read the same
    tree rather than each parsing the page again (a third of a page test's time went on
    parsing). Nothing may change the tree it gets."""
    return BeautifulSoup(html, "html.parser")


def check_page(html: str, *, content_language: str | None = None) -> BeautifulSoup:
    soup = parsed(html)
    problems: list[str] = []
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"expected exactly one h1, found {len(h1s)}")
    title = _text(soup.title) if soup.title else ""
    if not title:
        problems.append("the page has no <title>")
    elif h1s:
        heading = _text(h1s[0])
        for prefix in ERROR_PREFIXES:
            if title.startswith(prefix):
                title = title[len(prefix) :]
                break
        if not title.startswith(heading):
            problems.append(f"title {title!r} does not start with the h1 {heading!r}")
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = sorted(name for name, count in ids.items() if count > 1)
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "post" and not form.find(
            "input", attrs={"name": "csrf_token"}
        ):
            problems.append(f"a POST form to {form.get('action')!r} has no CSRF token")
    lang = soup.html.get("lang") if soup.html else None
    if content_language and lang != content_language:
        problems.append(f"<html lang={lang!r}> but the page was served in {content_language!r}")
    if problems:
        raise PageProblem("; ".join(problems))
    return soup


class CheckingClient(FlaskClient):
    """A test client that runs :func:`check_page` on every full HTML page it gets."""

    def open(self, *args, **kwargs):
        # Each request gets its own app context (so its own ``g`` and database session),
        # as in a real server, even though the test itself holds one open.
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            body = response.get_data(as_text=True)
            if "<html" in body:
                check_page(body, content_language=response.headers.get("Content-Language"))
        return response
