from flask import Blueprint

bp = Blueprint("apply", __name__, url_prefix="/apply")

from fostering.apply import views  # noqa: E402,F401
