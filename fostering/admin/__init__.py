from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from fostering.admin import matching_settings_views, needs_views, views  # noqa: E402,F401
