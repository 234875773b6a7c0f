"""A small hand-computed ledger the commissioning tests share.

Range 2026-01-01 to 2026-03-31 (90 days: 31 + 28 + 31), dates inclusive.

- P1 in-house carer from 2025-12-01, open: 70,000p a week, 77,000p from 2026-02-15.
  In range 45 days at 70,000 and 45 at 77,000: 6,615,000 pence-days = £9,450.00.
- P2 for-profit agency (out of county) 2026-03-20 to 2026-04-30 at 100,000p:
  12 days in range, 1,200,000 pence-days = £1,714.285… shown £1,714.29.
- P3 council home 2025-11-01 to 2026-01-10 at 380,000p: 10 days, 3,800,000 = £5,428.57.
- P4 not-for-profit agency 2025-06-01 to 2025-12-31: wholly before the range.

Total 11,615,000 pence-days = £16,592.857… shown £16,592.86. On 2026-03-31 P1 and P2
are in placement: £1,770.00 a week, × 52.1775 = £92,354.175 shown £92,354.18.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fostering.extensions import db
from fostering.placements.services import placements
from tests.factories import create_agency, create_carer, create_home, create_placement

START = date(2026, 1, 1)
END = date(2026, 3, 31)


@dataclass
class Ledger:
    carer: object
    home: object
    agency: object
    charity: object
    p1: object
    p2: object
    p3: object
    p4: object


def build() -> Ledger:
    carer = create_carer(household_name="The Morgan household")
    carer.local_authority = "W06000015"
    home = create_home(name="Tŷ Derw")
    agency = create_agency(name="Brightpath Fostering", local_authority="E06000023")
    charity = create_agency(name="Hafan Care", not_for_profit=True)
    db.session.commit()
    p1 = create_placement(provider=carer, start_date=date(2025, 12, 1), weekly_cost_pence=70_000)
    placements.change_rate(
        p1, effective_from=date(2026, 2, 15), weekly_cost_pence=77_000, actor=None
    )
    db.session.commit()
    p2 = create_placement(
        provider=agency,
        start_date=date(2026, 3, 20),
        end_date=date(2026, 4, 30),
        weekly_cost_pence=100_000,
    )
    p3 = create_placement(
        provider=home,
        start_date=date(2025, 11, 1),
        end_date=date(2026, 1, 10),
        weekly_cost_pence=380_000,
    )
    p4 = create_placement(
        provider=charity,
        start_date=date(2025, 6, 1),
        end_date=date(2025, 12, 31),
        weekly_cost_pence=90_000,
    )
    return Ledger(carer, home, agency, charity, p1, p2, p3, p4)
