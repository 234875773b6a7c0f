"""Commissioning: what placements cost, where, with whom, and what matching saved."""

from flask import Blueprint

bp = Blueprint("commissioning", __name__, url_prefix="/commissioning")


def load_views() -> Blueprint:
    """Import the modules that add this area's pages to ``bp``, and return it.

    Done by the app factory rather than on import, so that the area's services can be
    imported (by a job, a command or another area) without its views.
    """
    from fostering.commissioning import plan_views, views  # noqa: F401
    from fostering.commissioning.scenarios import views as scenario_views  # noqa: F401
    from fostering.imports import ledger_views as imports_views  # noqa: F401

    return bp
