"""What the council pays its own foster carers: the yearly payment tables, each carer's
payment terms over time, and agreed extras on a placement.

A payment table is one financial year's figures (1 April to 31 March), configured by an
administrator: the weekly allowance for each of the Welsh National Minimum Allowance age
bands, the weekly fee for each of four fee levels (per child placed) and the weekly
salary of a salaried carer (per household). A table stays in force until the next
year's table starts, so a year without its own table goes on at the last one's figures.

A carer's payment terms say how they are paid from a date: fee-paid at a level,
salaried, or allowance only (connected persons). Money is whole pence.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow

# The Welsh National Minimum Allowance's age bands: (first age, last age, column).
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 4, "allowance_0_4_pence"),
    (5, 10, "allowance_5_10_pence"),
    (11, 15, "allowance_11_15_pence"),
    (16, 17, "allowance_16_17_pence"),
)
# The ages at which a child moves into the next band (a birthday that changes the rate).
BAND_STARTS = tuple(first for first, _last, _column in AGE_BANDS[1:])
FEE_LEVELS = (1, 2, 3, 4)
FEE_COLUMNS = tuple(f"fee_level_{level}_pence" for level in FEE_LEVELS)
FIGURE_COLUMNS = (
    tuple(column for _first, _last, column in AGE_BANDS) + FEE_COLUMNS + ("salary_pence",)
)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_starts(financial_year: int) -> date:
    """The first day of financial year ``financial_year`` (2026 is 2026-27)."""
    return date(financial_year, 4, 1)


def financial_year_of(day: date) -> int:
    """The financial year ``day`` falls in (1 April 2026 to 31 March 2027 is 2026)."""
    return day.year if day >= date(day.year, 4, 1) else day.year - 1


def band_column(age: int) -> str:
    """The allowance column for a child of ``age``; 18 and over keep the 16-17 band's."""
    for first, last, column in AGE_BANDS:
        if first <= age <= last:
            return column
    return AGE_BANDS[-1][2]


class PaymentKind(LabelledEnum):
    """How a carer is paid."""

    FEE_PAID = "fee_paid"
    SALARIED = "salaried"
    ALLOWANCE_ONLY = "allowance_only"


labels_for(
    PaymentKind,
    {
        PaymentKind.FEE_PAID: _l("Fee-paid"),
        PaymentKind.SALARIED: _l("Salaried"),
        PaymentKind.ALLOWANCE_ONLY: _l("Allowance only"),
    },
)


class PaymentTable(db.Model):
    """One financial year's allowances, fees and salary, in force from 1 April."""

    __tablename__ = "payment_tables"
    __table_args__ = (
        CheckConstraint(
            f"financial_year >= {FIRST_YEAR} AND financial_year <= {LAST_YEAR}",
            name="ck_payment_tables_year",
        ),
        CheckConstraint(
            " AND ".join(f"{column} >= 0" for column in FIGURE_COLUMNS),
            name="ck_payment_tables_figures",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # 2026 is the year from 1 April 2026 to 31 March 2027.
    financial_year: Mapped[int] = mapped_column(Integer, unique=True)
    allowance_0_4_pence: Mapped[int] = mapped_column(Integer)
    allowance_5_10_pence: Mapped[int] = mapped_column(Integer)
    allowance_11_15_pence: Mapped[int] = mapped_column(Integer)
    allowance_16_17_pence: Mapped[int] = mapped_column(Integer)
    # The weekly fee for each child placed with a fee-paid carer at each level.
    fee_level_1_pence: Mapped[int] = mapped_column(Integer)
    fee_level_2_pence: Mapped[int] = mapped_column(Integer)
    fee_level_3_pence: Mapped[int] = mapped_column(Integer)
    fee_level_4_pence: Mapped[int] = mapped_column(Integer)
    # A salaried household's weekly salary, paid whether or not a child is placed.
    salary_pence: Mapped[int] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    revisions: Mapped[list[PaymentTableRevision]] = relationship(
        back_populates="table",
        order_by="PaymentTableRevision.id.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def starts(self) -> date:
        return year_starts(self.financial_year)

    def figures(self) -> dict[str, int]:
        return {column: getattr(self, column) for column in FIGURE_COLUMNS}

    def allowance_for(self, age: int) -> int:
        return getattr(self, band_column(age))

    def fee_for(self, level: int) -> int:
        return getattr(self, f"fee_level_{level}_pence")

    def __repr__(self) -> str:
        return f"<PaymentTable {self.financial_year}>"


class PaymentTableRevision(db.Model):
    """The figures as saved each time a year's table was saved: its history."""

    __tablename__ = "payment_table_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_id: Mapped[int] = mapped_column(
        ForeignKey("payment_tables.id", ondelete="CASCADE"), index=True
    )
    figures: Mapped[dict] = mapped_column(JSON)
    saved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    table: Mapped[PaymentTable] = relationship(back_populates="revisions")
    saved_by = relationship("User")


class CarerPaymentTerms(db.Model):
    """How a carer is paid from ``effective_from`` until their next terms."""

    __tablename__ = "carer_payment_terms"
    __table_args__ = (
        UniqueConstraint("carer_id", "effective_from", name="uq_carer_payment_terms_from"),
        CheckConstraint(
            "(kind = 'fee_paid' AND fee_level >= 1 AND fee_level <= 4)"
            " OR (kind <> 'fee_paid' AND fee_level IS NULL)",
            name="ck_carer_payment_terms_level",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carer_id: Mapped[int] = mapped_column(
        ForeignKey("foster_carers.id", ondelete="CASCADE"), index=True
    )
    effective_from: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # PaymentKind
    fee_level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    set_by = relationship("User")

    @property
    def kind_enum(self) -> PaymentKind:
        return PaymentKind(self.kind)

    def __repr__(self) -> str:
        return f"<CarerPaymentTerms {self.carer_id} {self.effective_from} {self.kind}>"


class PlacementExtra(db.Model):
    """An agreed extra weekly payment on an in-house placement from a date (0 ends it)."""

    __tablename__ = "placement_extras"
    __table_args__ = (
        UniqueConstraint("placement_id", "effective_from", name="uq_placement_extras_from"),
        CheckConstraint("weekly_pence >= 0", name="ck_placement_extras_pence"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    effective_from: Mapped[date] = mapped_column(Date)
    weekly_pence: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
