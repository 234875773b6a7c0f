"""A hand-computed council for scenario tests.

Three children (aged 10, residential care) live out of county in a for-profit private
children's home in Newport at £5,000 a week each. Nothing else is open. Opening one
council home of 2 beds in Cardiff at £4,000 a week brings 2 of them back: weekly spend
falls from 3 × £5,000 = £15,000 to 2 × £4,000 + £5,000 = £13,000, exactly £2,000.
"""

from __future__ import annotations

from dataclasses import dataclass

from fostering.commissioning.scenarios import changes, runner
from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer, Placement
from tests.factories import create_agency, create_child, create_placement, load_postcodes

CARDIFF = "W06000015"


@dataclass
class Council:
    children: list
    private_home: object


def out_of_county_council() -> Council:
    load_postcodes()
    private_home = create_agency(
        name="Hillside Children's Homes", kind="private_home", not_for_profit=False,
        places=6, weekly_cost_pence=500_000,
    )  # fmt: skip
    children = []
    for index in range(3):
        child = create_child(
            given_name=f"Child{index}", setting="residential", placement_type="long_term",
            home_grid=(318_000 + 100 * index, 176_000),
        )  # fmt: skip
        create_placement(child=child, provider=private_home, weekly_cost_pence=500_000)
        children.append(child)
    return Council(children=children, private_home=private_home)


def one_home_of_two_beds() -> dict:
    return changes.open_homes(
        count=1, beds=2, postcode=None, area=CARDIFF, min_age=8, max_age=17, skills=[],
        welsh_speaking=False, weekly_cost_pence=400_000, known_skills=set(),
    )  # fmt: skip


def new_scenario(actor, name="One home of two beds", include_placed=True, change=None):
    scenario = runner.create(actor=actor, name=name, include_placed=include_placed)
    runner.add_change(scenario, change or one_home_of_two_beds(), actor=actor)
    return scenario


def placement_state() -> tuple:
    """What a scenario must never change: placements, and every provider's occupancy."""
    return (
        db.session.query(Placement).count(),
        db.session.query(Placement).filter(Placement.end_date.is_(None)).count(),
        sorted((a.id, a.occupied) for a in db.session.query(Agency)),
        sorted((h.id, h.occupied, h.beds) for h in db.session.query(ChildrensHome)),
        sorted((c.id, c.occupied) for c in db.session.query(FosterCarer)),
    )
