"""Drafts of the annual sufficiency plan (s.75A of the Social Services and Well-being
(Wales) Act 2014, added by the Health and Social Care (Wales) Act 2025).

A plan is for one financial year (1 April to 31 March, named by the year it starts in).
Every save adds a version; nothing is overwritten, so what was sent to the Welsh
Ministers can be found again. The figures are not stored: they are built from the
service's data when the draft is shown or exported.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fostering.extensions import db
from fostering.models.types import UTCDateTime, utcnow


class SufficiencyPlanDraft(db.Model):
    __tablename__ = "sufficiency_plan_drafts"
    __table_args__ = (
        UniqueConstraint("financial_year", "version", name="uq_sufficiency_plan_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    financial_year: Mapped[int] = mapped_column(Integer, index=True)  # 2027: 2027-28
    version: Mapped[int] = mapped_column(Integer)
    # The commissioner's words, by section key (see commissioning/sufficiency_plan/).
    sections: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # The steps typed in (one a line) when no scenario is chosen.
    steps: Mapped[str] = mapped_column(Text, default="")
    # What the typed steps add in the year: foster places and children's home beds.
    planned_places: Mapped[int] = mapped_column(Integer, default=0)
    planned_beds: Mapped[int] = mapped_column(Integer, default=0)
    # A what-if scenario the steps come from (no foreign key: scenarios may be removed,
    # and the draft keeps which one it named).
    scenario_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    saved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")

    def __repr__(self) -> str:
        return f"<SufficiencyPlanDraft {self.financial_year} v{self.version}>"
