"""The postcode directory: each UK postcode's OS grid reference and local authority.

Loaded from the ONS Postcode Directory (``flask postcodes load FILE``). Postcodes the
directory gives no grid reference for are not stored, so every row has one.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fostering.extensions import db


class Postcode(db.Model):
    """One postcode, in the ONS ``pcds`` form ("CF10 1AA")."""

    __tablename__ = "postcodes"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    # Ordnance Survey National Grid, metres east and north of the grid's origin.
    easting: Mapped[int] = mapped_column(Integer)
    northing: Mapped[int] = mapped_column(Integer)
    # The ONS local authority district code (``oslaua``), e.g. W06000015 for Cardiff.
    local_authority: Mapped[str] = mapped_column(String(9), index=True)

    def __repr__(self) -> str:
        return f"<Postcode {self.postcode} {self.easting},{self.northing} {self.local_authority}>"
