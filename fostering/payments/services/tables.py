"""The council's payment tables: one a financial year, edited by an administrator.

Saving a year's table keeps a copy of its figures (its history), is audited, and
reprices every in-house carer placement, so the commissioning figures show what the
council now pays.
"""

from __future__ import annotations

from sqlalchemy import select

from fostering.extensions import db
from fostering.models import User
from fostering.models.payments import (
    FEE_COLUMNS,
    FIGURE_COLUMNS,
    FIRST_YEAR,
    LAST_YEAR,
    PaymentTable,
    PaymentTableRevision,
)
from fostering.payments.services import rates
from fostering.payments.services.errors import PaymentCode, PaymentError
from fostering.services import audit
from fostering.services.transactions import transactional


def every_table() -> list[PaymentTable]:
    """Newest year first."""
    return list(
        db.session.scalars(select(PaymentTable).order_by(PaymentTable.financial_year.desc()))
    )


def table_for(financial_year: int) -> PaymentTable | None:
    return db.session.scalar(
        select(PaymentTable).where(PaymentTable.financial_year == financial_year)
    )


def _check(financial_year: int, figures: dict[str, int | None]) -> dict[str, int]:
    if not FIRST_YEAR <= financial_year <= LAST_YEAR:
        raise PaymentError(
            PaymentCode.YEAR_RANGE, field="financial_year", first=FIRST_YEAR, last=LAST_YEAR
        )
    for column in FIGURE_COLUMNS:
        value = figures.get(column)
        if value is None or value < 0:
            raise PaymentError(PaymentCode.FIGURE_MISSING, field=column)
    fees = [figures[column] for column in FEE_COLUMNS]
    for column, lower, higher in zip(FEE_COLUMNS[1:], fees, fees[1:], strict=False):
        if higher < lower:
            raise PaymentError(PaymentCode.FEES_NOT_RISING, field=column)
    return {column: int(figures[column]) for column in FIGURE_COLUMNS}


@transactional
def save_table(
    actor: User | None,
    financial_year: int,
    figures: dict[str, int | None],
    *,
    table: PaymentTable | None = None,
) -> PaymentTable:
    """Add the table for ``financial_year`` (``table`` None) or change ``table``'s
    figures; nothing is written if any figure is refused."""
    if table is not None:
        financial_year = table.financial_year
    checked = _check(financial_year, figures)
    if table is None:
        if table_for(financial_year) is not None:
            raise PaymentError(PaymentCode.YEAR_TAKEN, field="financial_year")
        table = PaymentTable(financial_year=financial_year, **checked)
        db.session.add(table)
        action = "payment_table_added"
    else:
        for column, value in checked.items():
            setattr(table, column, value)
        action = "payment_table_changed"
    table.updated_by_id = actor.id if isinstance(actor, User) else None
    db.session.flush()
    db.session.add(
        PaymentTableRevision(
            table_id=table.id,
            figures=checked,
            saved_by_id=actor.id if isinstance(actor, User) else None,
        )
    )
    audit.record(actor, action, table, detail=f"financial year {financial_year}")
    rates.reprice_all()
    return table
