"""Imports and the payment tables: current placements imported with one of the council's
carers cost what the tables say from their first year; carers imported with a weekly
allowance keep it as their recorded amount (used before any table)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fostering import imports
from fostering.extensions import db
from fostering.models import FosterCarer, Placement
from fostering.models.payments import PaymentKind
from fostering.payments.services import rates, terms
from tests.factories import create_agency, create_carer, create_child, load_postcodes
from tests.imports.files import csv_bytes
from tests.payments.councils import APPROVED, add_tables

HEADER = ["child reference", "provider reference", "start date", "weekly cost"]


def test_imported_current_placements_with_carers_are_derived(app):
    add_tables()  # from 1 April 2025
    carer = create_carer(approved_on=APPROVED, places=3)
    carer.easting, carer.northing, carer.local_authority = 320_000, 175_000, "W06000015"
    db.session.commit()
    terms.set_terms(None, carer, effective_from=APPROVED, kind=PaymentKind.FEE_PAID, fee_level=1)
    agency = create_agency(kind="ifa", places=4)
    child = create_child(date_of_birth=date(2020, 6, 1))  # 5 on 1 June 2025
    other = create_child()
    data = csv_bytes(
        HEADER,
        [
            [child.reference, carer.reference, "2025-01-06", "400"],
            [other.reference, agency.reference, "2025-01-06", "900"],
        ],
    )
    assert imports.import_file("current_placements", data, actor=None) == 2
    by_child = {p.child_id: p for p in db.session.scalars(select(Placement))}
    in_house = [(r.effective_from, r.weekly_cost_pence) for r in by_child[child.id].rates]
    assert in_house[:4] == [
        (date(2025, 1, 6), 40_000),  # before the first table: as imported
        (date(2025, 4, 1), 15_000 + 10_000),
        (date(2025, 6, 1), 17_000 + 10_000),
        (date(2026, 4, 1), 17_500 + 10_300),
    ]
    agency_rates = [(r.effective_from, r.weekly_cost_pence) for r in by_child[other.id].rates]
    assert agency_rates == [(date(2025, 1, 6), 90_000)]


def test_imported_carers_weekly_allowance_is_their_recorded_amount(app):
    load_postcodes()
    header = [
        "reference", "household name", "postcode", "approved on", "places", "youngest age",
        "oldest age", "placement types", "weekly allowance",
    ]  # fmt: skip
    data = csv_bytes(
        header,
        [["FC000901", "The Lloyd household", "CF10 1AA", "01/03/2024", "2", "0", "10",
          "short_term", "£325.50"]],
    )  # fmt: skip
    assert imports.import_file("carers", data, actor=None) == 1
    carer = db.session.scalar(select(FosterCarer))
    assert carer.weekly_allowance_pence == 32_550
    assert rates.carer_weekly_costs([carer], date(2026, 7, 1)) == {carer.id: 32_550}
    add_tables(2026)
    # With a table in force: the 5-10 allowance (priced at 5), no terms yet.
    assert rates.carer_weekly_costs([carer], date(2026, 7, 1)) == {carer.id: 17_500}
