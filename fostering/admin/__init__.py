"""Administration: staff accounts, the audit trail, the needs list and the matching defaults."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


def load_views() -> Blueprint:
    """Import the modules that add this area's pages to ``bp``, and return it.

    Done by the app factory rather than on import, so that the area's services can be
    imported (by a job, a command or another area) without its views.
    """
    from fostering.admin import matching_settings_views, needs_views, views  # noqa: F401

    return bp
