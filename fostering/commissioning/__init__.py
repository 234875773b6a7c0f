from flask import Blueprint

bp = Blueprint("commissioning", __name__, url_prefix="/commissioning")

from fostering.commissioning import views  # noqa: E402,F401
