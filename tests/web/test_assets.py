"""Static files under URLs naming their version: kept by the browser for a year, and a
new URL when a file changes (``fostering.web.assets``)."""

from __future__ import annotations

import pytest

from fostering.web import assets
from tests.pages import parsed

pytestmark = pytest.mark.backend_independent

PAGE_ASSETS = (
    ("link[rel=stylesheet]", "href", "govuk-frontend.min.css"),
    ("link[rel=stylesheet]", "href", "app.css"),
    ("link[rel=icon]", "href", "favicon.svg"),
    ("script[type=module]", "src", "app.mjs"),
    ("script[data-govuk-frontend]", "data-govuk-frontend", "govuk-frontend.min.js"),
)


def _urls(client, path: str = "/") -> list[str]:
    soup = parsed(client.get(path).get_data(as_text=True))
    return [
        element[attribute]
        for selector, attribute, _name in PAGE_ASSETS
        for element in soup.select(selector)
        if attribute in element.attrs
    ]


def test_every_stylesheet_and_script_of_a_page_names_its_version(app, client):
    urls = _urls(client)
    for _selector, _attribute, name in PAGE_ASSETS:
        with app.test_request_context():
            version = assets.asset_version(name)
        assert version and len(version) == 12, name
        assert f"/assets/{name}?v={version}" in urls, name


def test_a_versioned_file_is_kept_for_a_year_without_asking_again(client):
    for url in _urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        cache = response.cache_control
        assert cache.max_age == assets.A_YEAR, url
        assert cache.immutable and cache.public, url
        assert not cache.no_cache, url


@pytest.mark.parametrize("query", ["", "?v=000000000000"])
def test_a_file_without_its_current_version_is_checked_each_time(client, query):
    response = client.get(f"/assets/app.css{query}")
    assert response.status_code == 200
    assert response.cache_control.no_cache
    assert not response.cache_control.immutable
    assert response.cache_control.max_age is None


def test_a_changed_file_gets_a_new_url(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    style = tmp_path / "app.css"
    style.write_text("p { color: #0b0c0c; }", encoding="utf-8")
    with app.test_request_context():
        first = assets.asset_url("app.css")
        # Longer, so that it differs in size even within the clock's resolution.
        style.write_text("p { color: #000000; margin: 0; }", encoding="utf-8")
        second = assets.asset_url("app.css")
        missing = assets.asset_url("missing.css")
    assert first.startswith("/assets/app.css?v=")
    assert second.startswith("/assets/app.css?v=")
    assert first != second
    assert missing == "/assets/missing.css"


def test_an_unknown_file_is_not_found_whatever_its_version(client):
    assert client.get("/assets/nothing-here.css?v=abc").status_code == 404
