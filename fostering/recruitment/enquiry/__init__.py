"""The public's enquiry about fostering."""

from flask import Blueprint

bp = Blueprint("enquiry", __name__, url_prefix="/foster-with-us")


def load_views() -> Blueprint:
    """Import the modules that add this area's pages to ``bp``, and return it.

    Done by the app factory rather than on import, so that the area's services can be
    imported (by a job, a command or another area) without its views.
    """
    from fostering.recruitment.enquiry import views  # noqa: F401

    return bp
