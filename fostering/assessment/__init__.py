from flask import Blueprint

bp = Blueprint("assessment", __name__, url_prefix="/fostering-team")

from fostering.assessment import views  # noqa: E402,F401
