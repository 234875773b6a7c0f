"""Demo data for what the council pays its own carers: payment tables for this financial
year and the next, and payment terms for every demo carer household.

The figures are made-up examples for the demo council (this year's allowances are the
ones its public pages show, ``fostering/public/content/allowances.toml``; next year's
are 2.6 % higher, rounded to the pound), not the Welsh Government's published National
Minimum Allowance. Idempotent: with any payment table there already, nothing is added.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import insert, select

from fostering.extensions import db
from fostering.models import CarerPaymentTerms, FosterCarer, PaymentTable, PaymentTableRevision
from fostering.models.payments import FIGURE_COLUMNS, PaymentKind, financial_year_of
from fostering.payments.services import rates
from fostering.services.transactions import transactional

SEED = 4_2027
# Weekly pounds: allowances 0-4, 5-10, 11-15, 16-17; fee levels 1-4; salary.
THIS_YEAR = (217, 242, 274, 318, 120, 200, 325, 400, 650)
UPRATING = 1.026


def next_year_figures() -> tuple[int, ...]:
    return tuple(round(pounds * UPRATING) for pounds in THIS_YEAR)


def _table(year: int, pounds: tuple[int, ...]) -> PaymentTable:
    table = PaymentTable(
        financial_year=year,
        **{column: value * 100 for column, value in zip(FIGURE_COLUMNS, pounds, strict=True)},
    )
    table.revisions.append(PaymentTableRevision(figures=table.figures()))
    return table


def _terms_rows(rng: random.Random) -> list[dict]:
    rows = []
    carers = db.session.execute(
        select(FosterCarer.id, FosterCarer.approved_on).order_by(FosterCarer.id)
    )
    for carer_id, approved_on in carers:
        roll = rng.random()
        if roll < 0.08:
            kind, level = PaymentKind.SALARIED, None
        elif roll < 0.18:
            kind, level = PaymentKind.ALLOWANCE_ONLY, None  # connected persons
        else:
            kind, level = PaymentKind.FEE_PAID, rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        rows.append(
            {"carer_id": carer_id, "effective_from": approved_on, "kind": kind.value,
             "fee_level": level}
        )  # fmt: skip
    return rows


@transactional
def load_payments_demo(today: date | None = None) -> bool:
    """Add the demo's payment tables and carers' terms, and reprice the in-house
    placements they cover; True when added."""
    if db.session.scalar(select(PaymentTable.id).limit(1)) is not None:
        return False
    year = financial_year_of(today or date.today())
    db.session.add_all([_table(year, THIS_YEAR), _table(year + 1, next_year_figures())])
    rows = _terms_rows(random.Random(SEED))
    if rows:
        db.session.execute(insert(CarerPaymentTerms), rows)
    db.session.flush()
    rates.reprice_all()
    return True
