from flask import Blueprint

bp = Blueprint("commissioning", __name__, url_prefix="/commissioning")

from fostering.commissioning import imports_views, views  # noqa: E402,F401
