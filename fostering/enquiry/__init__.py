from flask import Blueprint

bp = Blueprint("enquiry", __name__, url_prefix="/foster-with-us")

from fostering.enquiry import views  # noqa: E402,F401
