"""The demo council's connected persons cases: three stages, an approved connected carer
for one demo child whom matching keeps to that child, and loading twice adds nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fostering import demo
from fostering.demo.connected import load_connected_demo
from fostering.extensions import db
from fostering.models import Child, FosterCarer
from fostering.models.connected import ConnectedCase, ConnectedStage
from fostering.placements.services.matching_instance import build_instance
from fostering.recruitment.services import connected_deadlines as deadlines
from fostering.recruitment.services.casework import office_today


@pytest.mark.loaded(loader=demo.load)
def test_the_demo_has_cases_at_three_stages(app):
    cases = {
        case.reference: case
        for case in db.session.scalars(select(ConnectedCase).order_by(ConnectedCase.reference))
    }
    assert [case.stage_enum for case in cases.values()] == [
        ConnectedStage.VIABILITY, ConnectedStage.ASSESSMENT, ConnectedStage.APPROVED,
    ]  # fmt: skip
    today = office_today()
    near = cases["CP-DEMO02"]
    assert 0 <= (near.temporary_until - today).days <= deadlines.ENDING_SOON_DAYS
    figures = deadlines.figures(today)
    assert (figures.ending_soon, figures.viability_outstanding, figures.breaches) == (1, 1, 0)
    approved = cases["CP-DEMO03"]
    carer = db.session.get(FosterCarer, approved.carer_id)
    assert carer.easting is not None and carer.household_name == "Bethan Hughes"
    assert db.session.get(Child, approved.child_id).social_worker.email == demo.connected.WORKER
    # The demo's run (the children waiting) never sees the connected carer.
    built = build_instance(child_ids=None, policy={}, run_date=today)
    assert f"H{carer.id}" not in {row["id"] for row in built.instance["carers"]}

    count = db.session.scalar(select(func.count()).select_from(ConnectedCase))
    assert load_connected_demo() is False
    assert db.session.scalar(select(func.count()).select_from(ConnectedCase)) == count
