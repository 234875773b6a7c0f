"""Demo data for the fostering team: every stage, something late, carers in the register."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fostering import demo
from fostering.extensions import db
from fostering.models import Application, CheckItem, Enquiry, FosterCarer, StageChange
from fostering.recruitment.services import team_dashboard
from fostering.recruitment.services.casework import office_today

STAFF_STAGES = {
    "submitted",
    "allocated",
    "stage_1",
    "stage_2",
    "panel",
    "approved",
    "not_approved",
    "withdrawn",
}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.loaded(loader=demo.load)
def test_demo_holds_every_stage_and_loads_once(app):
    stages = set(db.session.scalars(select(Application.stage)))
    assert stages >= STAFF_STAGES
    statuses = set(db.session.scalars(select(Enquiry.status)))
    assert statuses >= {"new", "contacted", "visit_booked", "invited", "closed"}
    today = office_today()
    assert team_dashboard.overdue_checks(today), "some Stage 1 checks should be overdue"
    assert team_dashboard.approaching_target(today)
    assert team_dashboard.annual_reviews_due(today)
    approved_carers = db.session.scalar(
        select(func.count()).select_from(FosterCarer).where(FosterCarer.application_id.is_not(None))
    )
    assert approved_carers == 2
    _, total = team_dashboard.funnel(today)
    assert total.enquiries > 10 and total.approvals >= 1
    counts = [
        _count(model) for model in (Application, Enquiry, FosterCarer, CheckItem, StageChange)
    ]
    demo.load()
    db.session.expire_all()
    assert [
        _count(model) for model in (Application, Enquiry, FosterCarer, CheckItem, StageChange)
    ] == counts
