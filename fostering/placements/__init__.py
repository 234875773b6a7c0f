from flask import Blueprint

bp = Blueprint("placements", __name__, url_prefix="/placements")

# One module per part of the placement officers' work, so each can grow on its own.
from fostering.placements import (  # noqa: E402,F401
    children_views,
    imports_views,
    providers_views,
    runs_views,
    views,
)
