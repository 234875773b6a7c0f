"""Derived in-house weekly costs: age bands on birthdays, 1 April uprating, fee levels,
salaried carers, extras, and the days before the first table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fostering.extensions import db
from fostering.models.payments import PaymentKind
from fostering.payments.services import extras, rates, tables, terms
from fostering.placements.services import placements
from fostering.placements.services.errors import PlacementCode
from fostering.placements.services.placements import PlacementError
from tests.factories import create_agency, create_carer, create_child, create_placement
from tests.payments.councils import APPROVED, add_tables, figures

ONE_DAY = timedelta(days=1)


def _rates(placement) -> list[tuple[date, int]]:
    db.session.refresh(placement)
    return [(rate.effective_from, rate.weekly_cost_pence) for rate in placement.rates]


def _fee_paid(level: int = 2, places: int = 2):
    carer = create_carer(approved_on=APPROVED, places=places)
    terms.set_terms(
        None, carer, effective_from=APPROVED, kind=PaymentKind.FEE_PAID, fee_level=level
    )
    return carer


def test_birthday_into_the_next_band_and_1_april_uprating(app):
    add_tables()
    carer = _fee_paid(level=2)
    child = create_child(date_of_birth=date(2015, 10, 10))  # 11 on 10 October 2026
    placement = create_placement(child=child, provider=carer, start_date=date(2026, 1, 5))
    assert _rates(placement) == [
        (date(2026, 1, 5), 17_000 + 15_000),
        (date(2026, 4, 1), 17_500 + 15_500),
        (date(2026, 10, 10), 21_700 + 15_500),
        (date(2031, 10, 10), 26_800 + 15_500),  # 16: set now, while the placement is open
    ]
    spans = [(r.effective_to) for r in placement.rates]
    assert spans == [date(2026, 3, 31), date(2026, 10, 9), date(2031, 10, 9), None]
    assert placement.weekly_cost_on(date(2026, 12, 25)) == 37_200


def test_a_29_february_birthday_counts_from_1_march():
    assert rates.birthday(date(2016, 2, 29), 11) == date(2027, 3, 1)
    assert rates.birthday(date(2016, 2, 29), 12) == date(2028, 2, 29)
    assert rates.age_on(date(2016, 2, 29), date(2027, 2, 28)) == 10


def test_days_before_the_first_table_keep_their_recorded_rate(app):
    add_tables()
    carer = _fee_paid(level=1)
    child = create_child(date_of_birth=date(2020, 6, 1))  # 4 until June 2025
    placement = create_placement(
        child=child, provider=carer, start_date=date(2025, 1, 6), weekly_cost_pence=40_000
    )
    assert _rates(placement) == [
        (date(2025, 1, 6), 40_000),
        (date(2025, 4, 1), 15_000 + 10_000),
        (date(2025, 6, 1), 17_000 + 10_000),
        (date(2026, 4, 1), 17_500 + 10_300),
        (date(2031, 6, 1), 21_700 + 10_300),
        (date(2036, 6, 1), 26_800 + 10_300),
    ]


def test_without_tables_nothing_is_derived(app):
    carer = _fee_paid()
    placement = create_placement(provider=carer, start_date=date(2026, 1, 5))
    assert _rates(placement) == [(date(2026, 1, 5), 50_000)]


def test_an_ended_placement_has_no_rates_after_its_end(app):
    add_tables()
    carer = _fee_paid(level=3)
    child = create_child(date_of_birth=date(2015, 10, 10))
    placement = create_placement(
        child=child, provider=carer, start_date=date(2026, 1, 5), end_date=date(2026, 5, 31)
    )
    assert _rates(placement) == [
        (date(2026, 1, 5), 17_000 + 20_000),
        (date(2026, 4, 1), 17_500 + 20_600),
    ]
    assert placement.rates[-1].effective_to == date(2026, 5, 31)


@pytest.mark.parametrize(("places", "share"), [(2, 36_000), (3, 24_000), (7, 10_286)])
def test_a_salaried_carers_salary_is_shared_over_their_places(app, places, share):
    add_tables(2026)
    carer = create_carer(approved_on=APPROVED, places=min(places, 6))
    carer.places = min(places, 6)
    db.session.commit()
    terms.set_terms(None, carer, effective_from=APPROVED, kind=PaymentKind.SALARIED, fee_level=None)
    assert (
        rates.fee_pence(
            terms.terms_on(carer, date(2026, 5, 1)),
            rates.Tables.load().on(date(2026, 5, 1)),
            places,
        )
        == share
    )
    child = create_child(date_of_birth=date(2023, 1, 1))
    placement = create_placement(child=child, provider=carer, start_date=date(2026, 5, 1))
    assert _rates(placement)[0] == (
        (
            date(2026, 5, 1),
            15_500
            + rates.fee_pence(
                terms.terms_on(carer, date(2026, 5, 1)),
                rates.Tables.load().on(date(2026, 5, 1)),
                carer.places,
            ),
        )
    )


def test_allowance_only_and_carers_without_terms_get_the_allowance(app):
    add_tables(2026)
    connected = create_carer(approved_on=APPROVED)
    terms.set_terms(
        None, connected, effective_from=APPROVED, kind=PaymentKind.ALLOWANCE_ONLY, fee_level=None
    )
    unset = create_carer(approved_on=APPROVED)
    for carer in (connected, unset):
        child = create_child(date_of_birth=date(2012, 1, 1))  # 14
        placement = create_placement(child=child, provider=carer, start_date=date(2026, 6, 1))
        assert _rates(placement) == [(date(2026, 6, 1), 21_700), (date(2028, 1, 1), 26_800)]


def test_new_terms_and_a_new_table_reprice_current_placements(app):
    add_tables(2025)
    carer = _fee_paid(level=1)
    child = create_child(date_of_birth=date(2019, 1, 1))  # 6 to 7
    placement = create_placement(child=child, provider=carer, start_date=date(2025, 9, 1))
    assert _rates(placement)[0] == (date(2025, 9, 1), 17_000 + 10_000)
    terms.set_terms(
        None, carer, effective_from=date(2025, 12, 1), kind=PaymentKind.FEE_PAID, fee_level=4
    )
    assert _rates(placement)[:2] == [
        (date(2025, 9, 1), 27_000),
        (date(2025, 12, 1), 17_000 + 30_000),
    ]
    add_tables(2026)
    assert _rates(placement)[2] == (date(2026, 4, 1), 17_500 + 31_000)


def test_a_changed_table_reprices_every_placement_on_the_same_days(app):
    """Each placement's new rates take the days of the rates they replace (one rate a
    day per placement): every placement the change touches is repriced at once."""
    add_tables()
    placements_ = [
        create_placement(
            child=create_child(date_of_birth=date(2019, 1, 1)),
            provider=_fee_paid(level=level),
            start_date=date(2026, 5, 1),
        )
        for level in (1, 2, 3)
    ]
    before = [_rates(placement) for placement in placements_]
    changed = {**figures(2026), "allowance_5_10_pence": 18_000}
    tables.save_table(None, 2026, changed, table=tables.table_for(2026))
    db.session.commit()
    for placement, rates_before in zip(placements_, before, strict=True):
        after = _rates(placement)
        assert [day for day, _ in after] == [day for day, _ in rates_before]
        assert after[0][1] == rates_before[0][1] + 500
        assert placement.rates[0].effective_to == placement.rates[1].effective_from - ONE_DAY


def test_an_agreed_extra_is_added_from_its_date(app):
    add_tables(2026)
    carer = _fee_paid(level=1)
    child = create_child(date_of_birth=date(2019, 1, 1))
    placement = create_placement(child=child, provider=carer, start_date=date(2026, 5, 1))
    extras.agree_extra(
        None, placement, effective_from=date(2026, 6, 1), weekly_pence=4_000, reason="Travel"
    )
    assert _rates(placement)[:2] == [
        (date(2026, 5, 1), 17_500 + 10_300),
        (date(2026, 6, 1), 17_500 + 10_300 + 4_000),
    ]


def test_a_typed_rate_change_is_refused_where_the_tables_set_the_cost(app):
    add_tables(2026)
    carer = _fee_paid()
    placement = create_placement(provider=carer, start_date=date(2026, 5, 1))
    with pytest.raises(PlacementError) as refused:
        placements.change_rate(
            placement, effective_from=date(2026, 6, 1), weekly_cost_pence=1, actor=None
        )
    assert refused.value.code is PlacementCode.RATE_FROM_TABLES


def test_agency_placements_are_unchanged(app):
    add_tables()
    agency = create_agency(name="Brightpath Fostering")
    placement = create_placement(provider=agency, start_date=date(2026, 1, 5))
    assert _rates(placement) == [(date(2026, 1, 5), 50_000)]


def test_matching_prices_a_carer_at_the_middle_of_their_ages(app):
    add_tables(2026)
    carer = _fee_paid(level=2)  # ages 0 to 18: priced at 9, the 5-10 band
    teen = create_carer(approved_on=APPROVED)
    teen.min_age, teen.max_age = 12, 17  # priced at 14, the 11-15 band
    db.session.commit()
    costs = rates.carer_weekly_costs([carer, teen], date(2026, 7, 1))
    assert costs == {carer.id: 17_500 + 15_500, teen.id: 21_700}
    # Before any table, the recorded weekly amount.
    assert rates.carer_weekly_costs([carer], date(2020, 1, 1)) == {carer.id: 32_500}


def test_a_corrected_birthday_moves_the_band_change(app):
    add_tables(2026)
    carer = _fee_paid(level=1)
    child = create_child(date_of_birth=date(2015, 10, 10))
    placement = create_placement(child=child, provider=carer, start_date=date(2026, 5, 1))
    assert _rates(placement)[1] == (date(2026, 10, 10), 21_700 + 10_300)
    child.date_of_birth = date(2015, 8, 1)
    db.session.commit()
    rates.reprice_child(child.id)
    db.session.commit()
    assert _rates(placement)[1] == (date(2026, 8, 1), 21_700 + 10_300)


def test_many_carers_are_priced_without_a_huge_in_list(app):
    add_tables(2026)
    carer = _fee_paid(level=4)
    other = create_carer(approved_on=APPROVED)
    terms.set_terms(
        None, other, effective_from=APPROVED, kind=PaymentKind.ALLOWANCE_ONLY, fee_level=None
    )
    ids = [carer.id, *range(10_000, 10_600)]
    found = rates._terms_by_carer(ids)
    assert list(found) == [carer.id]
    assert found[carer.id][0].fee_level == 4
