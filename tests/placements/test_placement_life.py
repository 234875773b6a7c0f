"""A placement's life: planned (place held), agreement recorded, started or cancelled,
ended with a reason; a proposal rejected with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from fostering.extensions import db
from fostering.models import AuditEvent, Placement, Role
from fostering.models.child import ChildStatus
from fostering.models.placement import EndReason
from fostering.models.postcode import Postcode
from fostering.placements.services import placements
from fostering.placements.services.placements import Agreement, PlacementError
from tests.factories import create_child, create_user
from tests.placements.matching_data import located_carer

TODAY = date(2026, 12, 1)
AGREEMENT = Agreement(
    agreed_on=date(2026, 11, 30),
    agreed_with="Ceri Jones (carer)",
    information_shared="Care plan, health assessment, school report",
    information_shared_on=date(2026, 11, 30),
)


def _planned(places=1, **child_fields):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    carer = located_carer(grid=(318_000, 176_000), places=places)
    child = create_child(**child_fields)
    placement = placements.plan_placement(
        child=child, provider=carer, start_date=TODAY, weekly_cost_pence=30_000, actor=officer
    )
    db.session.commit()
    return officer, carer, child, placement


def test_a_planned_placement_holds_the_place_and_spends_nothing(app, db_session):
    _officer, carer, child, placement = _planned()
    db.session.refresh(carer)
    assert (carer.occupied, child.status, placement.stage) == (1, "planned", "planned")
    assert placement.rates == [] and placement.end_date is None


def test_a_planned_placement_cannot_start_before_the_agreement(app, db_session):
    officer, _carer, child, placement = _planned()
    with pytest.raises(PlacementError, match="Record the placement agreement"):
        placements.start_placement(
            placement, start_date=TODAY, today=TODAY, new_school=None, actor=officer
        )
    db.session.refresh(child)
    assert (placement.stage, child.status) == ("planned", "planned")


def test_the_agreement_refuses_a_past_start_or_a_blank_or_future_answer(app, db_session):
    officer, _carer, _child, placement = _planned()
    with pytest.raises(PlacementError, match="today or later"):
        placements.record_agreement(
            placement, start_date=date(2026, 11, 1), agreement=AGREEMENT, today=TODAY,
            actor=officer,
        )  # fmt: skip
    blank = Agreement(AGREEMENT.agreed_on, "  ", "x", AGREEMENT.information_shared_on)
    with pytest.raises(PlacementError) as error:
        placements.record_agreement(
            placement, start_date=TODAY, agreement=blank, today=TODAY, actor=officer
        )
    assert error.value.field == "agreed_with"
    later = Agreement(date(2026, 12, 9), "Ceri", "x", TODAY)
    with pytest.raises(PlacementError) as error:
        placements.record_agreement(
            placement, start_date=TODAY, agreement=later, today=TODAY, actor=officer
        )
    assert error.value.field == "agreed_on"
    db.session.refresh(placement)
    assert placement.agreed_on is None


def test_starting_adds_the_first_rate_and_places_the_child(app, db_session):
    officer, carer, child, placement = _planned()
    placements.record_agreement(
        placement, start_date=TODAY, agreement=AGREEMENT, today=TODAY, actor=officer
    )
    with pytest.raises(PlacementError, match="today or earlier"):
        placements.start_placement(
            placement, start_date=date(2026, 12, 2), today=TODAY, new_school=None, actor=officer
        )
    with pytest.raises(PlacementError, match="on or after the planned start"):
        placements.start_placement(
            placement, start_date=date(2026, 11, 30), today=TODAY, new_school=None, actor=officer
        )
    placements.start_placement(
        placement, start_date=TODAY, today=TODAY, new_school=None, actor=officer
    )
    db.session.refresh(child)
    db.session.refresh(carer)
    assert (placement.stage, child.status, carer.occupied) == ("started", "placed", 1)
    assert [(r.effective_from, r.weekly_cost_pence) for r in placement.rates] == [(TODAY, 30_000)]
    assert placement.school_changed is False
    actions = {e.action for e in db.session.query(AuditEvent)}
    assert {"placement_planned", "placement_agreement_recorded", "placement_started"} <= actions


def test_starting_with_a_new_school_records_the_change(app, db_session):
    officer, _carer, child, placement = _planned(school_grid=(318_000, 176_000))
    child.school_postcode = "CF10 1AA"
    placements.record_agreement(
        placement, start_date=TODAY, agreement=AGREEMENT, today=TODAY, actor=officer
    )
    school = Postcode(postcode="SA1 1XY", easting=265_600, northing=193_000)
    placements.start_placement(
        placement, start_date=TODAY, today=TODAY, new_school=school, actor=officer
    )
    db.session.refresh(child)
    assert (placement.school_changed, placement.school_postcode) == (True, "SA1 1XY")
    assert (child.school_postcode, child.school_easting) == ("SA1 1XY", 265_600)


def test_cancelling_frees_the_place_and_the_child_waits_again(app, db_session):
    officer, carer, child, placement = _planned()
    with pytest.raises(PlacementError, match="why the planned placement is cancelled"):
        placements.cancel_placement(placement, reason="  ", actor=officer)
    placements.cancel_placement(placement, reason="The carer's father is ill", actor=officer)
    db.session.refresh(carer)
    db.session.refresh(child)
    assert (carer.occupied, child.status, placement.stage) == (0, "awaiting", "cancelled")
    assert placement.end_date == placement.start_date  # never current
    with pytest.raises(PlacementError, match="no longer planned"):
        placements.cancel_placement(placement, reason="again", actor=officer)
    db.session.refresh(carer)
    assert carer.occupied == 0


def test_a_planned_placement_cannot_be_ended(app, db_session):
    officer, carer, _child, placement = _planned()
    with pytest.raises(PlacementError, match="has not started"):
        placements.end_placement(
            placement, end_date=TODAY, actor=officer, child_status=ChildStatus.AWAITING
        )
    db.session.refresh(carer)
    assert carer.occupied == 1


def test_ending_records_the_reason_and_whether_it_was_planned(app, db_session):
    officer, carer, _child, placement = _planned(places=2)
    placements.record_agreement(
        placement, start_date=TODAY, agreement=AGREEMENT, today=TODAY, actor=officer
    )
    placements.start_placement(
        placement, start_date=TODAY, today=TODAY, new_school=None, actor=officer
    )
    placements.end_placement(
        placement, end_date=date(2026, 12, 20), actor=officer, child_status=ChildStatus.AWAITING,
        reason=EndReason.DISRUPTION, planned=False,
    )  # fmt: skip
    stored = db.session.get(Placement, placement.id)
    assert (stored.end_reason, stored.end_planned) == ("disruption", False)
    db.session.refresh(carer)
    assert carer.occupied == 0


def _cancel_in_thread(app, placement_id, officer_id, barrier, results):
    from fostering.models import User

    with app.app_context():
        try:
            placement = db.session.get(Placement, placement_id)
            officer = db.session.get(User, officer_id)
            assert placement.child and placement.provider  # loaded before the race
            barrier.wait(timeout=30)
            placements.cancel_placement(placement, reason="Changed plan", actor=officer)
            results.append("cancelled")
        except PlacementError as error:
            results.append(str(error.message))
        finally:
            db.session.remove()


@pytest.mark.postgresql_only  # concurrent writers: SQLite serialises them
@pytest.mark.commits
def test_two_officers_cancelling_at_once_free_the_place_once(app, db_session):
    import threading

    officer, carer, child, placement = _planned(places=2)
    other = create_user(role=Role.PLACEMENT_OFFICER)
    # A second child placed with the same carer: a double decrement would show.
    placements.plan_placement(
        child=create_child(), provider=carer, start_date=TODAY, weekly_cost_pence=1, actor=other
    )
    db.session.commit()
    ids = [(placement.id, officer.id), (placement.id, other.id)]
    carer_id, child_id = carer.id, child.id
    barrier = threading.Barrier(2)
    results: list[str] = []
    threads = [
        threading.Thread(target=_cancel_in_thread, args=(app, pid, uid, barrier, results))
        for pid, uid in ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [
        "This placement is no longer planned: it has started or been cancelled.",
        "cancelled",
    ]
    db.session.expire_all()
    assert db.session.get(type(carer), carer_id).occupied == 1
    assert db.session.get(type(child), child_id).status == "awaiting"


def test_a_child_with_a_planned_placement_cannot_be_closed(app, db_session):
    from fostering.placements.services import children

    officer, carer, child, _placement = _planned()
    with pytest.raises(children.ChildError, match="Cancel the child's planned placement"):
        children.close(officer, child, "left_care")
    db.session.refresh(child)
    db.session.refresh(carer)
    assert (child.status, carer.occupied) == ("planned", 1)
