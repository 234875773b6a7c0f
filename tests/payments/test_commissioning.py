"""Commissioning figures read the derived in-house rates: hand-computed small councils.

One fee-paid carer (level 2) from 2024; a child born 10 October 2015 placed with them
from 5 January 2026, open, so she turns 11 on 10 October 2026 (tables: councils.py).

- 5 Jan to 31 Mar 2026, 86 days, 2025-26 table, 5-10 band: 17,000 + 15,000 = 32,000
- 1 Apr to 9 Oct 2026, 192 days, 2026-27 table, 5-10 band: 17,500 + 15,500 = 33,000
- 10 Oct to 31 Dec 2026, 83 days, 11-15 band: 21,700 + 15,500 = 37,200

2026 calendar year: 86 × 32,000 + 192 × 33,000 + 83 × 37,200 = 12,175,600 pence-days,
÷ 7 = 1,739,371.43 pence, shown £17,393.71. An agency placement (50,000 a week, all
of 2026 from 5 January) is as typed: 361 × 50,000 = 18,050,000 pence-days.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fostering.commissioning.services import spend
from fostering.commissioning.services.filters import Filters
from fostering.models.payments import PaymentKind
from fostering.payments.services import terms
from fostering.services.money import pounds, spend_pence
from tests.factories import create_agency, create_carer, create_child, create_placement
from tests.payments.councils import APPROVED, add_tables

YEAR = Filters(date(2026, 1, 1), date(2026, 12, 31))


def _council():
    add_tables()
    carer = create_carer(approved_on=APPROVED)
    terms.set_terms(None, carer, effective_from=APPROVED, kind=PaymentKind.FEE_PAID, fee_level=2)
    child = create_child(date_of_birth=date(2015, 10, 10))
    create_placement(child=child, provider=carer, start_date=date(2026, 1, 5))
    agency = create_agency(name="Brightpath Fostering")
    create_placement(provider=agency, start_date=date(2026, 1, 5))
    return carer, agency


def test_a_years_spend_follows_uprating_and_the_birthday(app):
    carer, agency = _council()
    groups = {(g.carer_id, g.agency_id): g for g in spend.groups(YEAR)}
    in_house = groups[(carer.id, None)]
    assert in_house.pence_days == 86 * 32_000 + 192 * 33_000 + 83 * 37_200 == 12_175_600
    assert pounds(spend_pence(in_house.pence_days)) == Decimal("17393.71")
    assert groups[(None, agency.id)].pence_days == 361 * 50_000
    # "Weekly" figures are the range's last day: the 11-15 band.
    assert in_house.day_weekly_pence == 37_200


def test_months_split_at_1_april_and_the_birthday(app):
    _council()
    months = spend.monthly(YEAR)
    in_house = [month.in_house_pence_days for month in months]
    assert in_house[2] == 31 * 32_000  # March: 2025-26 figures
    assert in_house[3] == 30 * 33_000  # April: uprated
    assert in_house[9] == 9 * 33_000 + 22 * 37_200  # October: 11 on the 10th
    assert sum(in_house) == 12_175_600
    assert [month.agency_pence_days for month in months][3] == 30 * 50_000


def test_a_range_inside_one_band_and_year(app):
    carer, _agency = _council()
    summer = Filters(date(2026, 6, 1), date(2026, 6, 30), provider_type="in_house_foster")
    (group,) = spend.groups(summer)
    assert (group.carer_id, group.pence_days) == (carer.id, 30 * 33_000)


def test_changing_a_table_changes_past_spend_in_its_year(app):
    from tests.payments.councils import figures

    carer, _agency = _council()
    from fostering.payments.services import tables

    changed = figures(2026) | {"allowance_5_10_pence": 18_000}
    tables.save_table(None, 2026, changed, table=tables.table_for(2026))
    june = Filters(date(2026, 6, 1), date(2026, 6, 30))
    groups = {g.carer_id: g for g in spend.groups(june)}
    assert groups[carer.id].pence_days == 30 * (18_000 + 15_500)
