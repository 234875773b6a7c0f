"""The placement officers' area: the dashboard."""

from __future__ import annotations

from flask import render_template, url_for
from werkzeug.routing import BuildError

from fostering.access import roles
from fostering.models import Role
from fostering.placements import bp
from fostering.placements.services import matching_runs
from fostering.placements.services.placements_dashboard import dashboard as dashboard_figures


def _link(endpoint: str) -> str | None:
    """The area's other pages, each written on its own; a missing one is left out."""
    try:
        return url_for(endpoint)
    except BuildError:
        return None


@bp.get("/")
@roles(Role.PLACEMENT_OFFICER)
def dashboard():
    figures = dashboard_figures()
    for run in figures.latest_runs:
        matching_runs.check_stale(run)
    links = {
        name: _link(endpoint)
        for name, endpoint in (
            ("children", "placements.children"),
            ("providers", "placements.providers"),
            ("runs", "placements.runs"),
            ("new_run", "placements.new_run"),
            ("imports", "placements.imports"),
            ("new_child", "placements.add_child"),
        )
    }
    return render_template("placements/dashboard.html", figures=figures, links=links)
