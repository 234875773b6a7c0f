"""Spend sums in SQL against the hand-computed ledger (tests/commissioning/ledger.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fostering.commissioning.services import spend
from fostering.commissioning.services.filters import Filters
from fostering.services.money import pounds, spend_pence, yearly_pence
from tests.commissioning.ledger import END, START, build


def test_range_sums_count_only_days_inside_the_range(app):
    ledger = build()
    groups = {(g.carer_id, g.home_id, g.agency_id): g for g in spend.groups(Filters(START, END))}
    assert groups[(ledger.carer.id, None, None)].pence_days == 6_615_000
    assert groups[(None, None, ledger.agency.id)].pence_days == 1_200_000
    assert groups[(None, ledger.home.id, None)].pence_days == 3_800_000
    assert (None, None, ledger.charity.id) not in groups
    total = sum(g.pence_days for g in groups.values())
    assert pounds(spend_pence(total)) == Decimal("16592.86")
    assert groups[(ledger.carer.id, None, None)].days == 90


def test_the_last_days_weekly_spend_and_children(app):
    build()
    for day in (Filters(END, END), Filters(START, END)):
        weekly = sum(g.day_weekly_pence for g in spend.groups(day))
        assert weekly == 177_000
        assert pounds(yearly_pence(weekly)) == Decimal("92354.18")
        assert sum(g.day_children for g in spend.groups(day)) == 2


def test_months_over_a_year_with_whole_months_between(app):
    build()
    months = spend.monthly(Filters(date(2025, 10, 15), date(2026, 5, 10)))
    assert [m.first.month for m in months] == [10, 11, 12, 1, 2, 3, 4, 5]
    # P1 from 1 Dec: Dec 31 days at 70,000; P3 from 1 Nov to 10 Jan at 380,000.
    assert months[1].in_house_pence_days == 30 * 380_000
    assert months[2].in_house_pence_days == 31 * 380_000 + 31 * 70_000
    assert months[6].agency_pence_days == 30 * 100_000
    assert months[7].in_house_pence_days == 10 * 77_000
    # P4 (1 Jun to 31 Dec 2025, 90,000): 17 days of October, then November and December.
    assert months[0].agency_pence_days == 17 * 90_000


def test_monthly_spend_splits_in_house_and_agency(app):
    build()
    months = spend.monthly(Filters(START, END))
    assert [m.first for m in months] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert [m.in_house_pence_days for m in months] == [5_970_000, 2_058_000, 2_387_000]
    assert [m.agency_pence_days for m in months] == [0, 0, 1_200_000]


def test_a_partial_month_counts_only_its_days_in_range(app):
    build()
    months = spend.monthly(Filters(date(2026, 2, 10), date(2026, 2, 20)))
    # 5 days at 70,000 (10th-14th) and 6 at 77,000 (15th-20th)
    assert [m.pence_days for m in months] == [5 * 70_000 + 6 * 77_000]
