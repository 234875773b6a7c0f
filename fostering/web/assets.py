"""Stylesheets and scripts under URLs that name their version, so browsers keep them.

A page names each of its static files with ``?v=`` and a digest of the file's bytes
(``asset_url``). A response to a URL naming the file's current version may be kept for
a year without asking again (``cache_versioned``); a new version has a new URL. Without
this every page asked again for each stylesheet and script (four requests more a page,
each a round trip on a phone's connection) and the server answered "not modified".
A static URL without the version, or naming an old one, is answered as before: kept
only after asking whether it changed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for

A_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=64)
def _digest(path: str, modified_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_version(filename: str) -> str | None:
    """The version of a static file (a digest of its bytes), or None if there is none.
    Read again only when the file's time or size changes."""
    folder = current_app.static_folder
    if folder is None:
        return None
    path = Path(folder) / filename
    try:
        stat = path.stat()
    except OSError:
        return None
    return _digest(str(path), stat.st_mtime_ns, stat.st_size)


def asset_url(filename: str) -> str:
    """The URL of a static file, naming its version."""
    version = asset_version(filename)
    if version is None:
        return url_for("static", filename=filename)
    return url_for("static", filename=filename, v=version)


def cache_versioned(response: Response) -> Response:
    """Let the browser keep a static file for a year when the URL names its version."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    version = request.args.get("v")
    filename = (request.view_args or {}).get("filename")
    if version and filename and version == asset_version(filename):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = A_YEAR
        response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    app.after_request(cache_versioned)
    app.jinja_env.globals["asset_url"] = asset_url
