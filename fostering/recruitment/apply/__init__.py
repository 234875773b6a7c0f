"""The application to foster, filled in by the household."""

from flask import Blueprint

bp = Blueprint("apply", __name__, url_prefix="/apply")


def load_views() -> Blueprint:
    """Import the modules that add this area's pages to ``bp``, and return it.

    Done by the app factory rather than on import, so that the area's services can be
    imported (by a job, a command or another area) without its views.
    """
    from fostering.recruitment.apply import views  # noqa: F401

    return bp
