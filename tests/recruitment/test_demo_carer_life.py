"""The demo council shows approved households' lives: supervising workers, visits (some
overdue), checks due and overdue, holds with their reasons, and a resigned household
with a child still placed on the placement officers' list."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fostering import demo
from fostering.demo.carer_life import load_carer_life_demo
from fostering.extensions import db
from fostering.models import FosterCarer
from fostering.models.carer_life import CarerCheckRecord, CarerStatusChange, SupervisoryVisit
from fostering.placements.services.placements_dashboard import placed_with_unavailable_carers
from fostering.recruitment.services import carer_household

pytestmark = pytest.mark.loaded(loader=demo.load)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_every_demo_household_has_a_supervising_worker_and_visits(app):
    assert _count(FosterCarer, FosterCarer.supervising_worker_id.is_(None)) == 0
    assert _count(SupervisoryVisit) >= _count(FosterCarer)
    figures = carer_household.team_figures()
    assert 5 <= len(figures.overdue_visits) <= 60
    assert figures.checks_overdue and figures.checks_due_soon


def test_demo_holds_have_reasons_and_one_resigned_household_still_has_a_child(app):
    on_hold = _count(FosterCarer, FosterCarer.status == "on_hold")
    assert on_hold >= 1
    assert _count(CarerStatusChange, CarerStatusChange.to_status == "on_hold") == on_hold
    listed = placed_with_unavailable_carers()
    assert any(item.carer.status == "resigned" and item.change for item in listed)


def test_loading_again_adds_nothing(app):
    counts = [_count(model) for model in (SupervisoryVisit, CarerCheckRecord, CarerStatusChange)]
    assert load_carer_life_demo() is False
    assert [
        _count(model) for model in (SupervisoryVisit, CarerCheckRecord, CarerStatusChange)
    ] == counts
