"""The placement officers' area."""

from __future__ import annotations

from flask import render_template

from fostering.access import roles
from fostering.models import Role
from fostering.placements import bp


@bp.get("/")
@roles(Role.PLACEMENT_OFFICER)
def dashboard():
    return render_template("placements/dashboard.html")
