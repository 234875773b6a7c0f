"""The commissioners' area."""

from __future__ import annotations

from flask import render_template

from fostering.access import roles
from fostering.commissioning import bp
from fostering.models import Role


@bp.get("/")
@roles(Role.COMMISSIONER)
def dashboard():
    return render_template("commissioning/dashboard.html")
