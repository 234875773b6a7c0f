"""The SQL sums against a plain day-by-day reference on a random ledger (seeded).

Dates cross month ends, a leap day and year ends; ranges start and end mid-rate.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from fostering.commissioning.services import spend
from fostering.commissioning.services.filters import Filters
from fostering.extensions import db
from fostering.placements.services import placements
from tests.factories import create_agency, create_carer, create_home, create_placement

FIRST = date(2023, 11, 1)


def _ledger(rng: random.Random) -> list[tuple[date, date | None, list[tuple[date, int]], bool]]:
    providers = [create_carer(places=6), create_home(beds=5), create_agency(places=None)]
    made = []
    for number in range(24):
        provider = providers[number % 3]
        if number % 3 == 1 and number > 12:
            provider = create_home(beds=5)
        start = FIRST + timedelta(days=rng.randrange(700))
        end = None if rng.random() < 0.3 else start + timedelta(days=rng.randrange(0, 400))
        cost = rng.randrange(20_000, 500_000)
        placement = create_placement(
            provider=provider, start_date=start, end_date=end, weekly_cost_pence=cost
        )
        rates = [(start, cost)]
        day = start
        for _change in range(rng.randrange(0, 3)):
            day = day + timedelta(days=rng.randrange(1, 200))
            if end is not None and day > end:
                break
            cost = rng.randrange(20_000, 500_000)
            placements.change_rate(
                placement, effective_from=day, weekly_cost_pence=cost, actor=None
            )
            rates.append((day, cost))
        db.session.commit()
        made.append((start, end, rates, number % 3 != 2))
    return made


def _reference(made, low: date, high: date) -> tuple[int, int, dict[tuple[int, int], int]]:
    """Pence-days in [low, high], weekly pence on ``high``, and pence-days per month."""
    total, weekly, months = 0, 0, {}
    for start, end, rates, _in_house in made:
        day = max(start, low)
        last = min(end or high, high)
        while day <= last:
            cost = [c for d, c in rates if d <= day][-1]
            total += cost
            months[(day.year, day.month)] = months.get((day.year, day.month), 0) + cost
            if day == high:
                weekly += cost
            day += timedelta(days=1)
    return total, weekly, months


def test_sql_sums_match_a_day_by_day_reference(app):
    rng = random.Random(20261124)
    made = _ledger(rng)
    ranges = [(date(2024, 2, 10), date(2024, 3, 5)), (date(2023, 12, 31), date(2025, 1, 1))]
    for _ in range(4):
        low = FIRST + timedelta(days=rng.randrange(800))
        ranges.append((low, low + timedelta(days=rng.randrange(0, 500))))
    for low, high in ranges:
        total, weekly, months = _reference(made, low, high)
        groups, by_month = spend.groups_and_months(Filters(low, high))
        assert sum(g.pence_days for g in groups) == total, (low, high)
        assert sum(g.day_weekly_pence for g in groups) == weekly, (low, high)
        assert {(m.first.year, m.first.month): m.pence_days for m in by_month if m.pence_days} == {
            key: value for key, value in months.items() if value
        }, (low, high)
        assert [m.pence_days for m in spend.monthly(Filters(low, high))] == [
            m.pence_days for m in by_month
        ]
