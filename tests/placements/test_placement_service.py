"""The placement service: vacancies move with placements, rates are dated rows."""

from __future__ import annotations

from datetime import date

import pytest

from fostering.extensions import db
from fostering.models import AuditEvent, Placement
from fostering.placements.services import placements
from fostering.placements.services.placements import PlacementError
from tests.factories import create_agency, create_carer, create_child, create_home


def test_placing_a_child_fills_a_place_and_records_the_cost(app):
    carer = create_carer(places=2)
    child = create_child()
    placement = placements.make_placement(
        child=child,
        provider=carer,
        start_date=date(2026, 11, 2),
        weekly_cost_pence=32_500,
        actor=None,
    )
    db.session.commit()
    assert carer.occupied == 1 and carer.vacancies == 1
    assert child.status == "placed"
    assert placement.provider_type == "in_house_foster"
    assert placement.current_weekly_cost_pence == 32_500
    assert db.session.query(AuditEvent).filter_by(action="placement_made").count() == 1


def test_a_full_home_refuses_another_child_and_changes_nothing(app):
    home = create_home(beds=2, occupied=2)
    child = create_child(setting="residential", date_of_birth=date(2012, 1, 1))
    with pytest.raises(PlacementError, match="no vacancy"):
        placements.make_placement(
            child=child,
            provider=home,
            start_date=date(2026, 11, 2),
            weekly_cost_pence=380_000,
            actor=None,
        )
    db.session.rollback()
    assert db.session.get(type(home), home.id).occupied == 2
    assert db.session.query(Placement).count() == 0


def test_a_child_already_placed_is_not_placed_twice(app):
    agency = create_agency(places=None)
    child = create_child()
    placements.make_placement(
        child=child,
        provider=agency,
        start_date=date(2026, 11, 2),
        weekly_cost_pence=95_000,
        actor=None,
    )
    db.session.commit()
    with pytest.raises(PlacementError, match="no longer waiting"):
        placements.make_placement(
            child=child,
            provider=agency,
            start_date=date(2026, 11, 3),
            weekly_cost_pence=95_000,
            actor=None,
        )


def test_out_of_county_and_distance_come_from_the_grid(app):
    agency = create_agency(grid=(321_200, 180_400), local_authority="W06000022")
    child = create_child(home_grid=(318_200, 176_400))
    placement = placements.make_placement(
        child=child,
        provider=agency,
        start_date=date(2026, 11, 2),
        weekly_cost_pence=1,
        actor=None,
    )
    assert placement.out_of_county is True
    assert placement.distance_km == pytest.approx(5.0)


def test_ending_frees_the_place_and_a_rate_change_adds_a_row(app):
    carer = create_carer(places=1)
    child = create_child()
    placement = placements.make_placement(
        child=child,
        provider=carer,
        start_date=date(2026, 1, 5),
        weekly_cost_pence=30_000,
        actor=None,
    )
    placements.change_rate(
        placement, effective_from=date(2026, 4, 1), weekly_cost_pence=31_000, actor=None
    )
    with pytest.raises(PlacementError, match="already a rate"):
        placements.change_rate(
            placement, effective_from=date(2026, 4, 1), weekly_cost_pence=1, actor=None
        )
    from fostering.models.child import ChildStatus

    placements.end_placement(
        placement, end_date=date(2026, 6, 30), actor=None, child_status=ChildStatus.CLOSED
    )
    db.session.commit()
    assert [r.weekly_cost_pence for r in placement.rates] == [30_000, 31_000]
    assert carer.occupied == 0
    assert child.status == "closed"
