"""Security headers, a CSP nonce per response, and session idle expiry."""

from __future__ import annotations

import secrets
import time

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

IDLE_KEY = "_last_seen"
SIGNED_IN_AT_KEY = "_signed_in_at"


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def set_security_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Content-Language"] = str(get_locale() or "en")
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static":
        # Pages hold confidential records: never keep them in a shared cache.
        headers["Cache-Control"] = "no-store"
    return response


def expire_idle_session():
    """Sign a person out after the configured minutes without a request."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    last = session.get(IDLE_KEY)
    idle_limit = current_app.config["SESSION_IDLE_MINUTES"] * 60
    if last is not None and now - int(last) > idle_limit:
        return _signed_out(_("You were signed out because you had not done anything for a while."))
    started = session.get(SIGNED_IN_AT_KEY)
    if started is None or now - int(started) > current_app.config["SESSION_HOURS"] * 3600:
        # However busy, a session ends this long after signing in (or when it has no
        # sign-in time, as sessions from before this rule have not).
        return _signed_out(_("You were signed out because you had been signed in for a long time."))
    session[IDLE_KEY] = now
    session.permanent = True
    return None


def allow_larger_body(limit_bytes):
    """Let one route (an upload) take a body larger than ``MAX_CONTENT_LENGTH``.

    Put it between the route decorator and the access decorator. The limit is applied
    before anything reads the body (the CSRF check reads the form first). It is a number
    of bytes, or a function of no arguments giving one (a limit set in the configuration).
    """

    def mark(view):
        view.max_body_bytes = limit_bytes
        return view

    return mark


def apply_body_limit():
    """Raise the request's size limit for a route marked with ``allow_larger_body``."""
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "max_body_bytes", None)
    if callable(limit):
        limit = limit()
    if limit is not None:
        request.max_content_length = limit


# Pages a person with a temporary password may still open: the page to replace it, and
# the ways out.
TEMPORARY_PASSWORD_ENDPOINTS = frozenset(
    {"auth.change_password", "auth.sign_out", "public.set_locale", "static"}
)


def require_new_password():
    """Someone signed in with a temporary password goes nowhere until they replace it."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in TEMPORARY_PASSWORD_ENDPOINTS
    ):
        return redirect(url_for("auth.change_password"))
    return None


def start_session(user) -> None:
    """Sign ``user`` in with a fresh session, from which both time limits count."""
    session.clear()  # a fresh session id on sign-in
    login_user(user)
    session[SIGNED_IN_AT_KEY] = session[IDLE_KEY] = int(time.time())


def _signed_out(message: str):
    logout_user()
    session.clear()
    flash(message, "info")
    return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
