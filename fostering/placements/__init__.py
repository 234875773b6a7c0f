"""Placements: children needing a placement, the provider register and matching runs."""

from flask import Blueprint

bp = Blueprint("placements", __name__, url_prefix="/placements")


def load_views() -> Blueprint:
    """Import the modules that add this area's pages to ``bp``, and return it.

    Done by the app factory rather than on import, so that the area's services can be
    imported (by a job, a command or another area) without its views.
    """
    # One module per part of the placement officers' work, so each can grow on its own.
    from fostering.imports import views as imports_views  # noqa: F401
    from fostering.placements import (  # noqa: F401
        children_views,
        life_views,
        providers_views,
        returns_views,
        runs_views,
        views,
    )

    return bp
