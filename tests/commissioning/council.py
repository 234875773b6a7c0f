"""A small council worked out by hand, for the sufficiency plan and the Act's dates.

Today is 6 December 2026; the plan is for 1 April 2027 to 31 March 2028.

- Carers A (2 places) and B (3 places) in the council's area, active; C resigned.
- Home H (4 beds) in the area. Not-for-profit agency N (a CIO) 17.3 km from the
  children's homes (near). For-profit agency P, about 178 km away.
- c1 with A from 1 June 2023, open; c2 with A 1 September 2024 to 31 August 2025;
  c3 at H from 10 January 2025, open; c4 with N from 5 January 2026, open, on a series of
  short breaks (V4); c5 with P from 1 February 2026, open (crossing 1 April 2027), £1,200
  a week, needs autism; c6 with P 1 May to 30 November 2026.

Year ends: 31 March 2024: 1 (c1); 2025: 3 (c1, c2, c3); 2026: 4 (c1, c3, c4, c5), one
on short breaks. The line through (2024, 1), (2025, 3), (2026, 4) rises 1.5 a year and
reads 43/6 = 7.17 at 2028: 7 children; 7 × 3/4 = 5.25: 5 unlikely to live with a parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fostering.extensions import db
from fostering.models import LegalStatusPeriod
from tests.factories import create_agency, create_carer, create_child, create_home, create_placement

TODAY = date(2026, 12, 6)
PLAN_YEAR = 2027


@dataclass
class Council:
    carer_a: object
    carer_b: object
    home: object
    charity: object
    profit: object
    children: dict


def build() -> Council:
    carer_a = create_carer(household_name="The Jones household", places=2)
    carer_b = create_carer(household_name="The Price household", places=3)
    create_carer(household_name="The Lloyd household", places=5, status="resigned")
    for carer in (carer_a, carer_b):
        carer.local_authority = "W06000015"
    home = create_home(name="Tŷ Derw", beds=4, min_age=8)
    charity = create_agency(name="Hafan Fostering", legal_form="cio", places=None)
    profit = create_agency(
        name="Acme Care Ltd",
        legal_form="for_profit",
        places=None,
        grid=(450_000, 300_000),
        local_authority="E06000023",
    )
    db.session.commit()
    c = {name: create_child(given_name=name) for name in ("c1", "c2", "c3", "c4", "c5", "c6")}
    c["c5"].needs = ["autism"]
    create_placement(child=c["c1"], provider=carer_a, start_date=date(2023, 6, 1))
    create_placement(
        child=c["c2"], provider=carer_a, start_date=date(2024, 9, 1), end_date=date(2025, 8, 31)
    )
    create_placement(child=c["c3"], provider=home, start_date=date(2025, 1, 10))
    create_placement(child=c["c4"], provider=charity, start_date=date(2026, 1, 5))
    create_placement(
        child=c["c5"], provider=profit, start_date=date(2026, 2, 1), weekly_cost_pence=120_000
    )
    create_placement(
        child=c["c6"], provider=profit, start_date=date(2026, 5, 1), end_date=date(2026, 11, 30)
    )
    db.session.add(LegalStatusPeriod(child_id=c["c4"].id, code="V4", start_date=date(2026, 1, 5)))
    db.session.commit()
    return Council(carer_a, carer_b, home, charity, profit, c)
