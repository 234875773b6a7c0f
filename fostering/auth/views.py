"""Signing in and out."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

from fostering.access import home_endpoint_for, public, signed_in
from fostering.auth import accounts, bp
from fostering.auth.forms import SignInForm, SignOutForm
from fostering.extensions import limiter
from fostering.security import start_session
from fostering.web.redirects import safe_next


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _backoff_key() -> str:
    return accounts.backoff_key(get_remote_address(), request.form.get("email", ""))


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_limit, methods=["POST"])
# Only failed attempts count here (a sign-in that works redirects): an address that keeps
# failing for one account waits, while the account still signs in from anywhere else.
@limiter.limit(
    accounts.sign_in_backoff_limit,
    key_func=_backoff_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code != 302,
)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint_for(current_user)))
    form = SignInForm()
    if form.validate_on_submit():
        result = accounts.authenticate(form.email.data, form.password.data)
        if result.ok:
            start_session(result.user)
            target = safe_next(request.args.get("next"), url_for(home_endpoint_for(result.user)))
            return redirect(target)
        form.email.errors.append(_("Enter a correct email address and password"))
        form.password.data = ""
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
@signed_in
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        accounts.sign_out(current_user._get_current_object())
        logout_user()
        session.clear()
        flash(_("You have signed out."), "success")
    return redirect(url_for("public.index"))


@bp.get("/dashboard")
@signed_in
def dashboard():
    return redirect(url_for(home_endpoint_for(current_user)))
