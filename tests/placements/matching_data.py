"""A small council for matching tests: a few children, carers, a home and an agency."""

from __future__ import annotations

import json
from dataclasses import dataclass

from fostering.extensions import db
from fostering.models import MatchingOutcome, MatchingRun
from fostering.models.matching_run import RunStatus
from fostering.placements.services.matching_instance import child_key
from matching import Reason, Unplaced, english
from tests.factories import create_agency, create_carer, create_child, create_home


@dataclass
class SmallCouncil:
    children: list  # Child rows, awaiting placement
    near_carer: object  # in-house, one place, close to the children
    far_carer: object  # in-house, two places, further away
    home: object
    agency: object


def located_carer(*, grid: tuple[int, int], places: int = 1, **kwargs):
    carer = create_carer(places=places, placement_types=["short_term", "long_term"], **kwargs)
    carer.easting, carer.northing, carer.local_authority = grid[0], grid[1], "W06000015"
    db.session.commit()
    return carer


def small_council() -> SmallCouncil:
    """Three foster children near Cardiff; two carers (one with a single place) and an
    agency take them: the optimiser places all three, two of them in-house."""
    children = [
        create_child(given_name=name, home_grid=(318_200 + 500 * i, 176_400))
        for i, name in enumerate(("Alys", "Bryn", "Cai"))
    ]
    near = located_carer(grid=(318_600, 176_900), household_name="The Morgan household")
    far = located_carer(grid=(325_000, 180_000), places=1, household_name="The Price household")
    home = create_home(name="Tŷ Derw")
    agency = create_agency(name="Bridge Fostering")
    return SmallCouncil(children=children, near_carer=near, far_carer=far, home=home,
                        agency=agency)  # fmt: skip


# --- A finished run to review, written directly (no solving) ---------------------------


def completed_run(officer=None, **kwargs) -> MatchingRun:
    run = MatchingRun(status=RunStatus.COMPLETED.value,
                      created_by_id=officer.id if officer else None, children_count=5, placed=4,
                      in_house=2, weekly_cost_pence=300_000,
                      baseline_placed=3, baseline_in_house=1, baseline_weekly_cost_pence=350_000,
                      policy={"max_km": 20}, instance_json="{}", **kwargs)  # fmt: skip
    db.session.add(run)
    db.session.commit()
    return run


def add_outcome(run, child, provider=None, **kwargs) -> MatchingOutcome:
    outcome = MatchingOutcome(run_id=run.id, child_id=child.id, age=9, setting="foster",
                              placement_type="short_term", needs=[], **kwargs)  # fmt: skip
    if provider is not None:
        kind = type(provider).__name__
        column = {"FosterCarer": "carer_id", "ChildrensHome": "home_id", "Agency": "agency_id"}[
            kind
        ]
        setattr(outcome, column, provider.id)
        outcome.in_house = kind != "Agency"
        outcome.weekly_cost_pence = provider.weekly_cost_pence if kind != "FosterCarer" else 32_500
        outcome.km = 2.5
    db.session.add(outcome)
    db.session.commit()
    return outcome


def reviewable_run(officer):
    """Four proposals (two in-house pending and accepted, an agency rejected, a private
    home pending) and one child not placed."""
    run = completed_run(officer)
    carer = located_carer(grid=(318_600, 176_900), places=2, household_name="The Morgan household")
    private = create_agency(name="Hillside House", kind="private_home")
    ifa = create_agency(name="Bridge Fostering")
    home = create_home(name="Tŷ Derw")
    names = ("Alys", "Bryn", "Cai", "Dewi", "Elin")
    kids = [create_child(given_name=n, family_name="Test") for n in names]
    pending = add_outcome(run, kids[0], carer)
    add_outcome(run, kids[1], home, decision="accepted")
    add_outcome(run, kids[2], ifa, decision="rejected")
    private_one = add_outcome(run, kids[3], private)
    add_unplaced(run, kids[4], Reason("rule", 2, 3, 3, values=("9",)))
    return run, pending, private_one


def add_unplaced(run, child, *why: Reason) -> MatchingOutcome:
    """An unplaced outcome as a run stores it today: the English lines on the outcome and
    the structured reasons in the run's result JSON."""
    unplaced = Unplaced(child_key(child.id), tuple(english(r) for r in why), why)
    result = json.loads(run.result_json or '{"unplaced": []}')
    result["unplaced"].append(unplaced.to_dict())
    run.result_json = json.dumps(result)
    return add_outcome(run, child, reasons=list(unplaced.reasons))
