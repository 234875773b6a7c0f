"""Two saved what-if scenarios for the demo council, defined but not run (a run takes
seconds to a minute; the demo loads in many tests).

- "Five homes of five beds in Cardiff" re-matches the children placed out of county or
  with agencies too, so it shows how many residential children it would bring back from
  the out-of-county private homes (the demo has about a dozen);
- "Recruit 20 carers for teenagers" adds 20 in-house households of two places for ages
  11 to 17, spread over Cardiff.
"""

from __future__ import annotations

from sqlalchemy import select

from fostering.commissioning.scenarios import changes, runner
from fostering.demo.placements import AUTISM, BEHAVIOUR, CSE, SUBSTANCE, THERAPEUTIC
from fostering.extensions import db
from fostering.models import Scenario, User

CARDIFF = "W06000015"
FIVE_HOMES = "Five homes of five beds in Cardiff"
TWENTY_CARERS = "Recruit 20 carers for teenagers"


def load_scenarios_demo() -> bool:
    """Add the two scenarios unless they are there; True when they were added."""
    if db.session.scalar(select(Scenario.id).where(Scenario.name == FIVE_HOMES)) is not None:
        return False
    commissioner = db.session.scalar(select(User).where(User.email == "commissioner@demo.example"))
    skills = {THERAPEUTIC, BEHAVIOUR, CSE, SUBSTANCE, AUTISM}
    homes = changes.open_homes(
        count=5, beds=5, postcode=None, area=CARDIFF, min_age=8, max_age=17,
        skills=sorted(skills), welsh_speaking=False, weekly_cost_pence=450_000,
        known_skills=skills,
    )  # fmt: skip
    carers = changes.recruit_carers(
        count=20, places=2, postcode=None, area=CARDIFF, min_age=11, max_age=17,
        skills=[BEHAVIOUR], welsh_speaking=False, weekly_cost_pence=45_000,
        fee_level="Level 3", known_skills=skills,
    )  # fmt: skip
    runner.create(actor=commissioner, name=FIVE_HOMES, include_placed=True, changes=[homes])
    runner.create(actor=commissioner, name=TWENTY_CARERS, include_placed=True, changes=[carers])
    return True
