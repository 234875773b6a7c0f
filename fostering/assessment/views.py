"""The fostering team's area: social workers and team managers."""

from __future__ import annotations

from flask import render_template

from fostering.access import roles
from fostering.assessment import bp
from fostering.models import Role


@bp.get("/")
@roles(Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
def dashboard():
    return render_template("assessment/dashboard.html")
