"""Signing in and out."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

from fostering.access import home_endpoint_for, public, signed_in
from fostering.auth import accounts, bp, resets, two_factor
from fostering.auth.forms import (
    ChangePasswordForm,
    CodeForm,
    ForgottenPasswordForm,
    ResetPasswordForm,
    SignInForm,
    SignOutForm,
)
from fostering.extensions import limiter
from fostering.security import start_session
from fostering.web.redirects import safe_next
from fostering.web.refusals import show_refusal


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
            target = safe_next(request.args.get("next"), url_for(home_endpoint_for(result.user)))
            if two_factor.required_for(result.user):
                # Not signed in yet: the code comes first.
                session.clear()
                session[PENDING_KEY] = {
                    "user": result.user.get_id(),
                    "next": target,
                    "at": int(time.time()),
                }
                if two_factor.is_enrolled(result.user):
                    return redirect(url_for("auth.sign_in_code"))
                return redirect(url_for("auth.two_factor_setup"))
            return _finish_sign_in(result.user, target)
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


def _public_form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


@bp.route("/forgotten-password", methods=["GET", "POST"])
@public
@limiter.limit(_public_form_limit, methods=["POST"])
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        resets.request_reset(form.email.data, locale=str(get_locale() or "en"))
        # The same page whether or not the address has an account.
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgotten_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_public_form_limit, methods=["POST"])
def reset_password(token: str):
    if resets.usable_reset(token) is None:
        return render_template("auth/reset_link_not_working.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            resets.reset_password(token, form.password.data)
        except accounts.AccountError as error:
            show_refusal(form, error)
        else:
            flash(_("Your password has been changed. Sign in with your new password."), "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            resets.change_password(user, form.current_password.data, form.password.data)
        except accounts.AccountError as error:
            show_refusal(form, error)
        else:
            start_session(user)  # every other session of this account has ended
            flash(_("Your password has been changed."), "success")
            home = url_for(home_endpoint_for(user))
            return redirect(safe_next(request.args.get("next"), home))
    return render_template(
        "auth/change_password.html", form=form, must_change=user.must_change_password
    )


# Between the password and the code: who is signing in, where to, since when.
PENDING_KEY = "_pending_sign_in"
SETUP_KEY = "_two_factor_setup"
PENDING_SECONDS = 300


def _finish_sign_in(user, target: str):
    start_session(user)
    if user.must_change_password:
        return redirect(url_for("auth.change_password", next=target))
    return redirect(target)


def _pending():
    """The user part-way through signing in, and where they were going; or None."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None
    user = accounts.load_user(str(pending.get("user", "")))
    return user, pending.get("next") or url_for("auth.dashboard")


def _start_again():
    session.clear()
    flash(_("Sign in again to continue."), "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in_code():
    if current_user.is_authenticated:
        return redirect(url_for("auth.dashboard"))
    user, target = _pending()
    if user is None or not two_factor.is_enrolled(user):
        return _start_again()
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(user, form.code.data):
            return _finish_sign_in(user, target)
        form.code.errors.append(
            _("Enter the current code from your authenticator app, or an unused recovery code")
        )
    return render_template("auth/sign_in_code.html", form=form)


@bp.route("/sign-in/set-up", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_limit, methods=["POST"])
def two_factor_setup():
    if current_user.is_authenticated:
        return redirect(url_for("auth.dashboard"))
    user, target = _pending()
    if user is None:
        return _start_again()
    if two_factor.is_enrolled(user):
        return redirect(url_for("auth.sign_in_code"))
    secret = session.get(SETUP_KEY) or two_factor.new_secret()
    session[SETUP_KEY] = secret
    form = CodeForm()
    if form.validate_on_submit():
        codes = two_factor.enrol(user, secret, form.code.data)
        if codes is not None:
            start_session(user)
            if user.must_change_password:
                target = url_for("auth.change_password", next=target)
            return render_template("auth/recovery_codes.html", codes=codes, target=target)
        form.code.errors.append(_("Enter the current code from your authenticator app"))
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        qr_code=two_factor.qr_code(user, secret),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )
