"""Stage 2 to approval: Form F, Skills to Foster, the report, panel, the decision, and
the approved household in the carer register; moves out of order are refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from fostering.models import AuditEvent, FosterCarer, Role
from fostering.models.assessment import FormFSectionKey
from fostering.recruitment.services import checks, stage2
from fostering.recruitment.services.allocation import allocate
from fostering.recruitment.services.application_stages import StageError, move_stage
from fostering.recruitment.services.casework import CaseworkError, office_today
from fostering.recruitment.services.terms import Terms
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_case, create_user, load_postcodes

TERMS = Terms(
    places=2,
    min_age=5,
    max_age=12,
    sexes=("F",),
    placement_types=("short_term", "respite"),
    skills=("autism",),
    welsh_speaking=True,
    postcode="SA1 1XY",
    weekly_allowance_pence=32_550,
)


@pytest.fixture
def team(db_session):
    load_postcodes()
    return (
        create_user(role=Role.TEAM_MANAGER, name="Gareth Jones"),
        create_user(role=Role.SOCIAL_WORKER, name="Siân Evans"),
    )


def case_in_stage_2(team):
    manager, worker = team
    case = create_case(referees=("personal",))
    allocate(case, worker.id, actor=manager)
    checks.start_stage_1(case, actor=worker)
    for item in checks.checks_for(case):
        checks.update_check(item, actor=worker, status="cleared")
    checks.decide_stage_1(case, actor=worker, outcome="proceed", reasons="Checks clear")
    return case


def finish_stage_2(case, worker):
    for key in FormFSectionKey:
        stage2.update_form_f_section(case, key.value, "completed", actor=worker)
    stage2.record_training(case, office_today(), actor=worker)
    stage2.complete_report(
        case,
        actor=worker,
        recommendation="approve",
        summary="A warm household",
        completed_on=office_today(),
    )


def test_panel_before_stage_1_clears_is_refused(team, db_session):
    manager, worker = team
    case = create_case()
    allocate(case, worker.id, actor=manager)
    checks.start_stage_1(case, actor=worker)
    with pytest.raises(StageError) as refused:
        stage2.book_panel(case, office_today(), actor=worker)
    assert "the Stage 2 assessment has not been done" in str(refused.value.message)
    with pytest.raises(StageError):
        move_stage(case, "panel", actor=manager)
    db_session.expire_all()
    assert case.stage == "stage_1"


def test_approving_before_panel_is_refused(team, db_session):
    manager, _ = team
    case = case_in_stage_2(team)
    with pytest.raises(CaseworkError) as refused:
        stage2.decide(case, actor=manager, decision="approve", terms=TERMS)
    assert str(refused.value.message) == (
        "The decision can only be made after the fostering panel. "
        "This application is at the Stage 2 assessment stage."
    )
    assert db_session.scalar(select(func.count()).select_from(FosterCarer)) == 0


def test_panel_needs_the_report_and_the_report_needs_form_f_and_training(team, db_session):
    _, worker = team
    case = case_in_stage_2(team)
    with pytest.raises(CaseworkError, match="assessment report is completed"):
        stage2.book_panel(case, office_today() + timedelta(days=30), actor=worker)
    with pytest.raises(CaseworkError, match="0 of 13"):
        stage2.complete_report(
            case, actor=worker, recommendation="approve", summary="x", completed_on=office_today()
        )
    for key in FormFSectionKey:
        stage2.update_form_f_section(case, key.value, "completed", actor=worker)
    with pytest.raises(CaseworkError, match="Skills to Foster"):
        stage2.complete_report(
            case, actor=worker, recommendation="approve", summary="x", completed_on=office_today()
        )


def test_approval_creates_the_carer_with_its_terms(team, db_session):
    manager, worker = team
    case = case_in_stage_2(team)
    finish_stage_2(case, worker)
    stage2.book_panel(case, office_today(), actor=worker)
    with pytest.raises(CaseworkError, match="Record the panel's recommendation"):
        stage2.decide(case, actor=manager, decision="approve", terms=TERMS)
    stage2.record_panel_recommendation(case, actor=worker, recommendation="approve", terms=TERMS)
    with pytest.raises(CaseworkError, match="Only a team manager"):
        stage2.decide(case, actor=worker, decision="approve", terms=TERMS)
    record = stage2.decide(case, actor=manager, decision="approve", terms=TERMS)
    db_session.expire_all()
    assert case.stage == "approved"
    carer = db_session.get(FosterCarer, record.carer_id)
    assert carer.application_id == case.id
    assert carer.household_name == case.applicant_name
    assert (carer.places, carer.min_age, carer.max_age) == (2, 5, 12)
    assert carer.sexes == ["F"]
    assert carer.placement_types == ["short_term", "respite"]
    assert carer.skills == ["autism"]
    assert carer.welsh_speaking is True
    assert carer.postcode == "SA1 1XY"
    assert (carer.easting, carer.northing) == (265_600, 193_000)  # matching can place it
    assert carer.weekly_allowance_pence == 32_550
    assert carer.status == "active"
    assert carer.approved_on == office_today()
    assert office_today() < carer.annual_review_due <= office_today() + timedelta(days=366)
    actions = set(db_session.scalars(select(AuditEvent.action)))
    assert {"panel_booked", "panel_recommendation_recorded", "approval_decided"} <= actions
    assert "carer_added" in actions


def test_not_approved_adds_no_carer(team, db_session):
    manager, worker = team
    case = case_in_stage_2(team)
    finish_stage_2(case, worker)
    stage2.book_panel(case, office_today(), actor=worker)
    stage2.record_panel_recommendation(
        case, actor=worker, recommendation="not_approve", terms=None, reasons="Not ready"
    )
    with pytest.raises(CaseworkError, match="Enter the reasons"):
        stage2.decide(case, actor=manager, decision="not_approve", terms=None)
    stage2.decide(case, actor=manager, decision="not_approve", terms=None, reasons="Not ready")
    db_session.expire_all()
    assert case.stage == "not_approved"
    assert db_session.scalar(select(func.count()).select_from(FosterCarer)) == 0


def test_terms_are_checked():
    with pytest.raises(CaseworkError, match="between 1 and 6"):
        Terms(places=7, min_age=0, max_age=18, placement_types=("respite",))
    with pytest.raises(CaseworkError, match="youngest age"):
        Terms(places=1, min_age=12, max_age=5, placement_types=("respite",))
    with pytest.raises(CaseworkError, match="at least one placement type"):
        Terms(places=1, min_age=0, max_age=18)
    with pytest.raises(CaseworkError):
        Terms(places=1, min_age=0, max_age=18, placement_types=("weekends",))


def test_annual_review_of_a_leap_day_approval():
    from fostering.recruitment.services.carers import annual_review_due

    assert annual_review_due(date(2028, 2, 29)) == date(2029, 2, 28)
    assert annual_review_due(date(2026, 5, 4)) == date(2027, 5, 4)


def _date_fields(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def test_the_whole_of_stage_2_through_the_pages(client, team, db_session):
    manager, worker = team
    case = case_in_stage_2(team)
    base = f"/fostering-team/applications/{case.id}"
    sign_in(client, worker)
    for key in FormFSectionKey:
        response = form_post(client, f"{base}/form-f/{key.value}", {"status": "completed"})
        assert response.status_code == 302, key
    assert "13 of 13 sections completed." in page_text(client.get(base))
    today = office_today()
    assert (
        form_post(client, base + "/training", {"attended_on": _date_fields(today)}).status_code
        == 302
    )
    response = form_post(
        client,
        base + "/report",
        {"recommendation": "approve", "summary": "Ready", "completed_on": _date_fields(today)},
    )
    assert response.status_code == 302
    assert (
        form_post(client, base + "/panel", {"panel_date": _date_fields(today)}).status_code == 302
    )
    terms_form = {
        "places": "2",
        "min_age": "0",
        "max_age": "11",
        "placement_types": ["emergency", "short_term"],
        "skills": ["disability"],
        "welsh_speaking": "no",
        "postcode": "cf10 1aa",
        "weekly_allowance": "310.00",
    }
    response = form_post(
        client, base + "/panel-recommendation", {"recommendation": "approve", **terms_form}
    )
    assert response.status_code == 302
    # Social workers are not the decision maker.
    assert client.get(base + "/decision").status_code == 403

    manager_client = client.application.test_client()
    sign_in(manager_client, manager)
    page = manager_client.get(base + "/decision")
    assert page.status_code == 200
    assert 'value="11"' in page.get_data(as_text=True)  # panel's terms are the starting point
    bad = form_post(
        manager_client,
        base + "/decision",
        {"decision": "approve", "decided_on": _date_fields(today), **terms_form, "min_age": "15"},
    )
    assert bad.status_code == 400
    assert "The youngest age must not be more than the oldest age" in page_text(bad)
    response = form_post(
        manager_client,
        base + "/decision",
        {"decision": "approve", "decided_on": _date_fields(today), **terms_form},
    )
    assert response.status_code == 302
    carer = db_session.scalar(select(FosterCarer))
    assert carer.postcode == "CF10 1AA"
    assert carer.weekly_allowance_pence == 31_000
    register = page_text(manager_client.get("/fostering-team/carers"))
    assert carer.household_name in register
    carer_page = manager_client.get(f"/fostering-team/carers/{carer.id}")
    assert carer_page.status_code == 200
    text = page_text(carer_page)
    assert "Emergency, Short term" in text and "Disabled children" in text
    viewed = db_session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "viewed", AuditEvent.object_id == str(carer.id))
    )
    assert viewed == 1


def test_placement_officers_read_the_register_and_each_view_is_audited(client, db_session):
    from tests.factories import create_carer

    carer = create_carer(household_name="The Morgan household")
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, officer)
    assert "The Morgan household" in page_text(client.get("/fostering-team/carers"))
    client.get(f"/fostering-team/carers/{carer.id}")
    client.get(f"/fostering-team/carers/{carer.id}")
    events = list(
        db_session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "viewed", AuditEvent.object_type == "foster_carers"
            )
        )
    )
    assert len(events) == 2 and all(event.user_id == officer.id for event in events)
    assert client.get("/fostering-team/applications").status_code == 403
