"""The fostering team's casework: the enquiries inbox, allocation, Stage 1 and 2, panel."""

from flask import Blueprint

bp = Blueprint("assessment", __name__, url_prefix="/fostering-team")


def load_views() -> Blueprint:
    """Import the modules that add this area's pages to ``bp``, and return it.

    Done by the app factory rather than on import, so that the area's services can be
    imported (by a job, a command or another area) without its views.
    """
    from fostering.recruitment.assessment import (  # noqa: F401
        carer_views,
        casework_views,
        evidence_views,
        panel_views,
        review_views,
        views,
    )
    from fostering.recruitment.connected import views as connected_views  # noqa: F401

    return bp
