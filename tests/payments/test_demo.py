"""The demo council's payment tables and carers' terms: derived in-house rates that
agree with the tables, rate spans that stay consistent, and loading only once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fostering.demo import payments as demo_payments
from fostering.demo import placements as demo_placements
from fostering.extensions import db
from fostering.models import CarerPaymentTerms, FosterCarer, PaymentTable, Placement
from fostering.models.placement import rate_spans
from fostering.payments.services import rates

TODAY = date(2026, 11, 24)


def _load() -> None:
    assert demo_placements.load_placements_demo(TODAY) is True
    assert demo_payments.load_payments_demo(TODAY) is True


council = pytest.mark.loaded(loader=_load)


@council
def test_this_years_and_next_years_tables_and_every_carers_terms(app):
    years = db.session.scalars(select(PaymentTable.financial_year)).all()
    assert sorted(years) == [2026, 2027]
    carers = db.session.scalar(select(func.count()).select_from(FosterCarer))
    terms = db.session.scalar(select(func.count()).select_from(CarerPaymentTerms))
    assert terms == carers
    kinds = set(db.session.scalars(select(CarerPaymentTerms.kind)))
    assert kinds == {"fee_paid", "salaried", "allowance_only"}
    assert demo_payments.load_payments_demo(TODAY) is False


@council
def test_current_in_house_placements_cost_what_the_tables_say(app):
    tables = rates.Tables.load()
    current = db.session.scalars(
        select(Placement).where(
            Placement.carer_id.is_not(None),
            Placement.end_date.is_(None),
            Placement.stage == "started",
        )
    ).all()
    assert len(current) > 100
    for placement in current:
        terms = db.session.scalars(
            select(CarerPaymentTerms).where(CarerPaymentTerms.carer_id == placement.carer_id)
        ).all()
        expected = rates.weekly_cost_on(
            TODAY,
            born=placement.child.date_of_birth,
            tables=tables,
            terms=list(terms),
            extras=[],
            places=placement.carer.places,
        )
        assert placement.weekly_cost_on(TODAY) == expected
        ordered = sorted(placement.rates, key=lambda rate: rate.effective_from)
        spans = rate_spans([rate.effective_from for rate in ordered], placement.end_date)
        assert [rate.effective_to for rate in ordered] == [s["effective_to"] for s in spans]
