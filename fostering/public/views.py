"""Pages anyone can see, and the language switch."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for

from fostering.access import public, roles
from fostering.models import Role
from fostering.public import bp
from fostering.web.i18n import LOCALE_COOKIE
from fostering.web.redirects import safe_next


@bp.get("/")
@public
def index():
    return render_template("public/index.html")


@bp.get("/locale/<code>")
@public
def set_locale(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    target = safe_next(request.args.get("next"), url_for("public.index"))
    response = redirect(target)
    response.set_cookie(
        LOCALE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.get("/accessibility")
@public
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privacy")
@public
def privacy():
    return render_template("public/privacy.html")


@bp.get("/cookies")
@public
def cookies():
    return render_template("public/cookies.html")


@bp.get("/healthz")
@public
def healthz():
    return {"status": "ok"}


@bp.get("/your-application")
@roles(Role.APPLICANT)
def your_application():
    # The applicant's home: the application's task list (see fostering/apply).
    from fostering.recruitment.apply.views import task_list

    return task_list()
