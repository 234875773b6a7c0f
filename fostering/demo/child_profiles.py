"""The whole child for the demo council: identity, legal status over time, risks, the
home each child needs and, for children waiting, their contact arrangements.

Made-up and seeded like the rest of the demo, after the children are inserted. Nothing
here changes what matching sees (``keep_school`` is only ever set to True, which reads
like a school left unsaid), so the demo's matching results stay as the README gives them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import bindparam, insert, select, update

from fostering.extensions import db
from fostering.models import Child, ContactArrangement, LegalStatusPeriod, Placement
from fostering.models.child_profile import (
    RISKS_TO_OTHERS,
    RISKS_TO_SELF,
    Alongside,
    ContactFrequency,
    Ethnicity,
    LegalStatus,
    Pets,
    Religion,
)

SEED = 2078
# Roughly Wales's children in the 2021 census (most white; every group present).
ETHNICITIES = [
    (Ethnicity.WHITE_BRITISH, 80), (Ethnicity.WHITE_OTHER, 3), (Ethnicity.WHITE_IRISH, 1),
    (Ethnicity.WHITE_GYPSY_TRAVELLER, 1), (Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN, 3),
    (Ethnicity.MIXED_WHITE_ASIAN, 2), (Ethnicity.MIXED_OTHER, 2),
    (Ethnicity.ASIAN_PAKISTANI, 1), (Ethnicity.ASIAN_BANGLADESHI, 1),
    (Ethnicity.BLACK_AFRICAN, 2), (Ethnicity.OTHER_ARAB, 1), (Ethnicity.NOT_KNOWN, 3),
]  # fmt: skip
RELIGIONS = [
    (Religion.NONE, 55), (Religion.CHRISTIAN, 30), (Religion.MUSLIM, 5),
    (Religion.OTHER, 2), (Religion.NOT_KNOWN, 8),
]  # fmt: skip
WHO = ["Mother", "Father", "Grandmother", "Older brother", "Aunt", "Nain a Taid"]
WHERE = ["Family centre, Barry", "Contact centre, Cardiff", "Grandmother's home, Penarth",
         "Video call", "Café in the city centre"]  # fmt: skip


def _pick(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0].value


def _legal_periods(rng: random.Random, child_id: int, first: date, today: date) -> list[dict]:
    """Accommodated under s.76, then for some an interim care order and a care order."""
    start = min(first, today)
    periods = [(LegalStatus.ACCOMMODATED.value, start)]
    if rng.random() < 0.6 and (today - start).days > 60:
        interim = start + timedelta(days=rng.randint(10, min(60, (today - start).days - 30)))
        periods.append((LegalStatus.INTERIM_CARE_ORDER.value, interim))
        if rng.random() < 0.7 and (today - interim).days > 200:
            periods.append((LegalStatus.CARE_ORDER.value, interim + timedelta(days=182)))
    rows = []
    for index, (code, begins) in enumerate(periods):
        ends = periods[index + 1][1] - timedelta(days=1) if index + 1 < len(periods) else None
        rows.append({"child_id": child_id, "code": code, "start_date": begins, "end_date": ends})
    return rows


def add_profiles(today: date) -> None:
    """Fill in the whole child for every demo child still in care."""
    rng = random.Random(SEED)
    first_placed = dict(
        db.session.execute(
            select(Placement.child_id, Placement.start_date).order_by(
                Placement.child_id, Placement.start_date.desc()
            )
        ).all()
    )
    children = db.session.execute(
        select(Child.id, Child.status, Child.school_postcode, Child.date_of_birth)
        .where(Child.status != "closed")
        .order_by(Child.id)
    ).all()
    updates, periods, contacts = [], [], []
    for child_id, status, school, born in children:
        risks = [r.value for r in (*RISKS_TO_SELF, *RISKS_TO_OTHERS) if rng.random() < 0.06]
        updates.append(
            {
                "b_id": child_id,
                "ethnicity": _pick(rng, ETHNICITIES),
                "religion": _pick(rng, RELIGIONS),
                "interpreter_needed": rng.random() < 0.03,
                "communication": ["bsl"] if rng.random() < 0.02 else [],
                "learning_needs": rng.choice(["none", "none", "none", "school_idp"]),
                "risks": risks,
                "keep_school": True if school and rng.random() < 0.5 else None,
                "alongside": rng.choice([a.value for a in Alongside]),
                "pets": rng.choice([p.value for p in Pets]),
                "smoke_free": rng.random() < 0.3,
            }
        )
        came_into_care = first_placed.get(child_id) or today - timedelta(days=rng.randint(1, 40))
        periods += _legal_periods(rng, child_id, max(came_into_care, born), today)
        if status == "awaiting":
            for _ in range(rng.randint(0, 2)):
                contacts.append(
                    {
                        "child_id": child_id,
                        "who": rng.choice(WHO),
                        "place": rng.choice(WHERE),
                        "frequency": rng.choice([f.value for f in ContactFrequency]),
                    }
                )
    if updates:
        table = Child.__table__
        statement = update(table).where(table.c.id == bindparam("b_id"))
        values = {name: bindparam(name) for name in updates[0] if name != "b_id"}
        db.session.connection().execute(statement.values(values), updates)
    if periods:
        db.session.execute(insert(LegalStatusPeriod), periods)
    if contacts:
        db.session.execute(insert(ContactArrangement), contacts)
