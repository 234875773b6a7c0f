"""Placement stability figures: PM33-style three or more placements, school changes,
placed in area, distance, unplanned endings, and the flag before a third placement."""

from __future__ import annotations

from datetime import date

from fostering.extensions import db
from fostering.models import AuditEvent, Placement, Role
from fostering.models.placement import PlacementStage
from fostering.placements.services import stability
from tests.factories import create_child, create_user
from tests.placements.matching_data import located_carer

ON = date(2026, 12, 1)


def _placement(child, carer, start, end=None, *, planned=None, school_changed=None,
               stage="started", out_of_county=False, km=5.0):  # fmt: skip
    placement = Placement(
        child_id=child.id, carer_id=carer.id, provider_type="in_house_foster",
        start_date=start, end_date=end, end_planned=planned, school_changed=school_changed,
        stage=stage, out_of_county=out_of_county, distance_km=km,
    )  # fmt: skip
    db.session.add(placement)
    db.session.commit()
    return placement


def _moving_child(carer):
    """In care since 2024; moved twice this year, once with a new school."""
    child = create_child(status="placed")
    _placement(child, carer, date(2024, 1, 1), date(2026, 2, 1), planned=False)
    _placement(child, carer, date(2026, 2, 2), date(2026, 6, 30), planned=True)
    _placement(child, carer, date(2026, 7, 1), school_changed=True, km=30.0, out_of_county=True)
    return child


def test_the_figures_follow_their_definitions(app, db_session):
    carer = located_carer(grid=(318_000, 176_000), places=5)
    mover = _moving_child(carer)
    settled = create_child(status="placed")
    _placement(settled, carer, date(2020, 5, 1), km=3.0)
    planned_only = create_child(status="planned")
    _placement(planned_only, carer, date(2026, 12, 10), stage=PlacementStage.PLANNED.value)
    left = create_child(status="closed")
    _placement(left, carer, date(2025, 1, 1), date(2026, 9, 1), planned=False)

    result = stability.figures(stability.Filter(on=ON))
    assert result.looked_after == 2  # the mover and the settled child
    assert result.placements_started == 2  # February and July (the planned one never started)
    assert result.three_or_more == 1  # the mover: one at the start of the year, two since
    assert result.school_changed == 1
    assert (result.current, result.in_area) == (2, 1)
    assert (result.median_km, result.over_20_km) == (16, 1)  # (3 + 30) / 2, rounded up
    assert (result.ended, result.unplanned_endings) == (3, 2)  # February's, June's, September's
    assert [row.child_id for row in result.rows] == [mover.id]
    assert stability.Stability.percent(1, 2) == 50
    assert stability.Stability.percent(1, 3) == 33
    assert stability.Stability.percent(2, 3) == 67
    assert stability.Stability.percent(1, 0) is None


def test_the_agency_filter_leaves_out_in_house_placements(app, db_session):
    carer = located_carer(grid=(318_000, 176_000), places=5)
    _moving_child(carer)
    result = stability.figures(stability.Filter(provider="agency", on=ON))
    assert (result.looked_after, result.placements_started, result.current) == (0, 0, 0)


def test_a_child_on_their_second_move_in_a_year_is_flagged(app, db_session):
    carer = located_carer(grid=(318_000, 176_000), places=5)
    mover = _moving_child(carer)
    settled = create_child(status="placed")
    _placement(settled, carer, date(2026, 3, 1))
    assert stability.flagged([mover.id, settled.id], ON) == {mover.id}
    assert stability.moves_in_year([mover.id, settled.id], ON) == {mover.id: 2, settled.id: 1}


def test_the_history_lists_every_placement_and_is_audited(app, db_session):
    carer = located_carer(grid=(318_000, 176_000), places=5)
    mover = _moving_child(carer)
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    history = stability.child_history(officer, mover, ON)
    assert [p.start_date.year for p in history.placements] == [2024, 2026, 2026]
    assert (history.moves_in_year, history.flagged) == (2, True)
    assert (history.school_changes, history.unplanned_endings) == (1, 1)
    event = db.session.query(AuditEvent).filter_by(action="child_history_viewed").one()
    assert event.object_id == str(mover.id)


def test_the_dashboard_view_audits_each_child_listed(app, db_session):
    carer = located_carer(grid=(318_000, 176_000), places=5)
    mover = _moving_child(carer)
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    stability.view(officer, stability.Filter(on=ON))
    events = db.session.query(AuditEvent).filter_by(action="stability_viewed").all()
    assert [e.object_id for e in events] == [str(mover.id)]


def test_the_year_ends_on_the_last_31_march():
    assert stability.last_31_march(date(2026, 12, 1)) == date(2026, 3, 31)
    assert stability.last_31_march(date(2026, 3, 30)) == date(2025, 3, 31)
    assert stability.Filter.from_args({"on": "march", "provider": "x"}, ON) == stability.Filter(
        provider="", on=date(2026, 3, 31)
    )
