"""What the council pays its own foster carers: the yearly payment tables (allowances by
age band, fee levels, salary), each carer's payment terms, agreed extras on a placement,
and the in-house weekly costs derived from them (``services/rates.py``)."""

from flask import Blueprint

bp = Blueprint("payments", __name__, url_prefix="/payments")


def load_views() -> Blueprint:
    """Import the modules that add this area's pages to ``bp``, and return it."""
    from fostering.payments import views  # noqa: F401

    return bp
