"""Where to send a person next, without letting a link send them off the site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site relative paths, so ``?next=`` can't be used to redirect away."""
    if not target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return fallback  # control characters (CR, LF) would split the Location header
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
