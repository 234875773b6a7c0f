"""The list of needs the administrator manages.

A child's needs and a provider's skills are drawn from this one list (matching rule 4:
every need of the child must be among the provider's skills), so both hold need codes.
The list starts with the codes of ``CarerSkill``; retiring a need hides it from forms
without touching records that already hold it.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fostering.extensions import db


class Need(db.Model):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Lower-case letters, digits and underscores; what the matching instance holds.
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_cy: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def name(self, locale: str) -> str:
        return self.name_cy if locale == "cy" else self.name_en

    def __repr__(self) -> str:
        return f"<Need {self.code}>"
