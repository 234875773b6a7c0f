"""The team dashboard: cases by stage, what is late, the 8-month target, annual reviews,
and the recruitment funnel with conversion rates and median days in each stage."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fostering.extensions import db
from fostering.models import Role
from fostering.models.assessment import StageChange
from fostering.recruitment.services import team_dashboard
from fostering.recruitment.services.casework import office_today
from tests.conftest import page_text, sign_in
from tests.factories import (
    create_application,
    create_carer,
    create_case,
    create_enquiry,
    create_user,
)


def at(year, month, day):
    return datetime(year, month, day, 12, tzinfo=UTC)


def test_funnel_follows_each_months_enquiries(db_session):
    today = date(2026, 6, 15)
    now = at(2026, 6, 15)
    # March: three enquiries; two had visits; one applied and was approved.
    march = [create_enquiry(received_at=at(2026, 3, day)) for day in (2, 10, 20)]
    for enquiry in march[:2]:
        enquiry.visit_at = at(2026, 3, 25)
    approved = create_application(enquiry=march[0], stage="approved")
    approved.submitted_at = at(2026, 4, 1)
    # May: two enquiries, one visited, applied and withdrew.
    may = [create_enquiry(received_at=at(2026, 5, day)) for day in (5, 6)]
    may[0].visit_at = at(2026, 5, 20)
    withdrawn = create_application(enquiry=may[0], stage="withdrawn")
    withdrawn.submitted_at = at(2026, 5, 28)
    # A visit booked for the future does not count yet.
    may[1].visit_at = at(2026, 7, 1)
    # Too old for the 12 months shown.
    create_enquiry(received_at=at(2025, 5, 30))
    db.session.commit()

    months, total = team_dashboard.funnel(today, now=now)
    assert len(months) == 12
    assert months[0].month == "2026-06" and months[-1].month == "2025-07"
    by_month = {row.month: row for row in months}
    assert (by_month["2026-03"].enquiries, by_month["2026-03"].visits) == (3, 2)
    assert (by_month["2026-03"].applications, by_month["2026-03"].approvals) == (1, 1)
    assert by_month["2026-03"].visit_rate == 2 / 3
    assert by_month["2026-03"].application_rate == 1 / 2
    assert by_month["2026-03"].approval_rate == 1.0
    assert (by_month["2026-05"].enquiries, by_month["2026-05"].visits) == (2, 1)
    assert by_month["2026-05"].withdrawals == 1
    assert by_month["2026-04"].enquiries == 0 and by_month["2026-04"].visit_rate is None
    assert (total.enquiries, total.visits, total.applications) == (5, 3, 2)
    assert (total.approvals, total.withdrawals) == (1, 1)
    assert total.overall_rate == 1 / 5


def test_median_days_in_each_stage(db_session):
    for days in (10, 20, 60):
        application = create_application(stage="submitted")
        db.session.query(StageChange).filter(StageChange.application_id == application.id).delete()
        start = at(2026, 1, 1)
        db.session.add_all(
            [
                StageChange(application_id=application.id, to_stage="submitted", at=start),
                StageChange(
                    application_id=application.id,
                    from_stage="submitted",
                    to_stage="allocated",
                    at=start + timedelta(days=days),
                ),
            ]
        )
    db.session.commit()
    times = {row.stage.value: row for row in team_dashboard.median_days_in_stage()}
    assert times["submitted"].median_days == 20
    assert times["submitted"].cases == 3
    assert times["allocated"].median_days is None  # nobody has left it yet


def test_cases_approaching_eight_months_and_reviews_due(db_session):
    today = office_today()
    worker = create_user(role=Role.SOCIAL_WORKER)
    now = datetime.now(UTC)
    old = create_case(stage="stage_2", worker=worker, submitted_at=now - timedelta(days=7 * 30))
    late = create_case(stage="panel", worker=worker, submitted_at=now - timedelta(days=9 * 31))
    create_case(stage="stage_1", worker=worker, submitted_at=now - timedelta(days=60))
    create_case(stage="approved", worker=worker, submitted_at=now - timedelta(days=300))
    rows = {row.application.id: row for row in team_dashboard.approaching_target(today)}
    assert set(rows) == {old.id, late.id}
    assert not rows[old.id].overdue and rows[late.id].overdue
    due = create_carer(household_name="Due soon", approved_on=today - timedelta(days=340))
    create_carer(household_name="Fine", approved_on=today - timedelta(days=100))
    create_carer(household_name="Gone", approved_on=today - timedelta(days=400), status="resigned")
    assert [carer.id for carer in team_dashboard.annual_reviews_due(today)] == [due.id]


def test_dashboard_page(client, db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    create_case(stage="stage_1", worker=worker)
    create_case(stage="submitted")
    overdue = create_enquiry(received_at=datetime.now(UTC) - timedelta(days=9))
    overdue.reply_due_at = overdue.received_at + timedelta(days=1)
    db.session.commit()
    sign_in(client, worker)
    response = client.get("/fostering-team/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Cases by stage" in text
    assert "1 enquiry not replied to in time" in text
    assert "Recruitment funnel" in text and "Last 12 months" in text
    assert "Median days in each stage" in text
