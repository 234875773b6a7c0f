"""Deciding on proposals: accept plans the placement, the last place goes to one officer."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest

from fostering.extensions import db
from fostering.models import MatchingOutcome, MatchingRun, Placement, Role, User
from fostering.models.matching_run import RejectReason, RunStatus
from fostering.placements.services import matching_review
from fostering.placements.services.matching_review import ReviewError
from matching import Reason, Unplaced, english
from tests.factories import create_child, create_user
from tests.placements.matching_data import located_carer


def _proposal(run, child, carer, **kwargs) -> MatchingOutcome:
    outcome = MatchingOutcome(
        run_id=run.id, child_id=child.id, age=9, setting="foster", placement_type="short_term",
        needs=[], carer_id=carer.id, in_house=True, weekly_cost_pence=32_500, km=1.2, **kwargs,
    )  # fmt: skip
    db.session.add(outcome)
    db.session.commit()
    return outcome


def _completed_run() -> MatchingRun:
    run = MatchingRun(status=RunStatus.COMPLETED.value)
    db.session.add(run)
    db.session.commit()
    return run


def test_the_start_date_is_the_date_needed_or_today():
    today = date(2026, 11, 24)
    assert matching_review.start_date_for(None, today) == today
    assert matching_review.start_date_for(date(2026, 11, 1), today) == today
    assert matching_review.start_date_for(date(2026, 12, 1), today) == date(2026, 12, 1)


def test_accepting_plans_the_placement_and_holds_a_place(app, db_session):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    carer = located_carer(grid=(318_000, 176_000), places=2)
    child = create_child()
    outcome = _proposal(_completed_run(), child, carer)
    matching_review.accept(outcome, actor=officer)
    placement = db.session.query(Placement).one()
    assert (placement.child_id, placement.carer_id) == (child.id, carer.id)
    assert placement.matching_outcome_id == outcome.id
    assert placement.provider_type == "in_house_foster"
    db.session.refresh(carer)
    db.session.refresh(child)
    assert (carer.occupied, child.status, outcome.decision) == (1, "planned", "accepted")
    assert (placement.stage, placement.rates) == ("planned", [])
    assert placement.planned_weekly_cost_pence == carer.weekly_allowance_pence
    assert outcome.decided_by_id == officer.id


def test_a_rejected_proposal_cannot_then_be_accepted(app, db_session):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    outcome = _proposal(_completed_run(), create_child(), located_carer(grid=(1, 1)))
    matching_review.reject(outcome, actor=officer, reason=RejectReason.DISTANCE)
    with pytest.raises(ReviewError, match="already been decided"):
        matching_review.accept(outcome, actor=officer)
    assert db.session.query(Placement).count() == 0


def test_accepting_for_a_child_placed_meanwhile_changes_nothing(app, db_session):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    carer = located_carer(grid=(1, 1))
    outcome = _proposal(_completed_run(), create_child(status="placed"), carer)
    with pytest.raises(ReviewError, match="no longer waiting"):
        matching_review.accept(outcome, actor=officer)
    db.session.refresh(outcome)
    db.session.refresh(carer)
    assert (outcome.decision, carer.occupied) == (None, 0)


def test_unplaced_reasons_read_as_sentences(app):
    why = [Reason("rule", 2, 12, 12, values=("17",)), Reason("full", remaining=3)]
    result = {"unplaced": [Unplaced("C4", tuple(map(english, why)), tuple(why)).to_dict()]}
    outcome = MatchingOutcome(run=MatchingRun(result_json=json.dumps(result)), child_id=4,
                              age=17, reasons=result["unplaced"][0]["reasons"])  # fmt: skip
    unlocated = MatchingOutcome(run=MatchingRun(), child_id=5, reasons=["no_home_location"])
    with app.test_request_context():
        assert matching_review.why_unplaced(outcome) == [
            "None of the providers left takes a child aged 17.",
            "3 providers could take this child, and all of them were full.",
        ]
        assert matching_review.why_unplaced(unlocated) == [
            "The child's home postcode has no grid reference, so distances cannot be worked out."
        ]


def _accept_in_thread(app, outcome_id, officer_id, barrier, results):
    with app.app_context():
        try:
            outcome = db.session.get(MatchingOutcome, outcome_id)
            officer = db.session.get(User, officer_id)
            assert outcome.child and outcome.run  # loaded before the race, not during it
            barrier.wait(timeout=30)
            matching_review.accept(outcome, actor=officer)
            results.append("accepted")
        except ReviewError as error:
            results.append(str(error.message))
        finally:
            db.session.remove()


@pytest.mark.postgresql_only  # concurrent writers: SQLite serialises them
@pytest.mark.commits
def test_two_officers_can_never_both_fill_the_last_place(app, db_session):
    first, second = (create_user(role=Role.PLACEMENT_OFFICER) for _ in range(2))
    carer = located_carer(grid=(318_000, 176_000), places=1)
    run = _completed_run()
    outcomes = [_proposal(run, create_child(), carer) for _ in range(2)]
    ids = [(o.id, officer.id) for o, officer in zip(outcomes, (first, second), strict=True)]
    carer_id = carer.id
    db.session.commit()
    barrier = threading.Barrier(2)
    results: list[str] = []
    threads = [
        threading.Thread(target=_accept_in_thread, args=(app, oid, uid, barrier, results))
        for oid, uid in ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [
        "This provider has no vacancy left: someone else has just filled it.",
        "accepted",
    ]
    db.session.expire_all()
    assert db.session.query(Placement).count() == 1
    carer = db.session.get(type(carer), carer_id)
    assert carer.occupied == 1
    decisions = sorted(str(o.decision) for o in db.session.query(MatchingOutcome))
    assert decisions == ["None", "accepted"]
    statuses = sorted(c.status for c in (o.child for o in db.session.query(MatchingOutcome)))
    assert statuses == ["awaiting", "planned"]
