"""Stage 1: checks generated at allocation with due dates, updated one by one, and the
decision refused while any check is outstanding."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from fostering.models import AuditEvent, CheckItem, Role, Stage1Decision
from fostering.recruitment.services import checks
from fostering.recruitment.services.allocation import allocate
from fostering.recruitment.services.casework import CaseworkError
from fostering.services.working_days import add_working_days
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_case, create_user


@pytest.fixture
def team(db_session):
    manager = create_user(role=Role.TEAM_MANAGER, name="Gareth Jones")
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    return manager, worker


def allocated_case(team, **household):
    manager, worker = team
    case = create_case(**household)
    allocate(case, worker.id, actor=manager)
    return case


def test_checks_cover_every_adult_referee_and_applicant_with_due_dates(team, db_session):
    case = allocated_case(
        team,
        adults=2,
        children=1,
        joint_applicant=True,
        referees=("personal", "personal", "employer", "former_partner", "previous_fostering"),
    )
    items = checks.checks_for(case)
    by_kind: dict[str, list[CheckItem]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    assert len(by_kind["dbs"]) == 4  # applicant, joint applicant, two adult members
    assert {item.subject_name for item in by_kind["dbs"]} >= {"Adult Member 1", "Adult Member 2"}
    assert all(item.household_member_id for item in by_kind["dbs"] if item.person == "member")
    assert len(by_kind["reference_personal"]) == 2
    assert len(by_kind["reference_employer"]) == 1
    assert len(by_kind["reference_former_partner"]) == 1
    assert len(by_kind["reference_previous_fostering"]) == 1
    assert all(
        item.referee_id
        for kind, group in by_kind.items()
        if kind.startswith("reference")
        for item in group
    )
    assert len(by_kind["medical"]) == 2
    assert len(by_kind["la_check"]) == 1
    dbs = by_kind["dbs"][0]
    assert dbs.due_on == add_working_days(dbs.requested_on, checks.CHECK_WORKING_DAYS["dbs"])
    assert all(item.status == "requested" for item in items)
    # Generating again adds nothing.
    assert checks.generate_checks(case, actor=None) == []


def test_proceeding_is_refused_while_checks_are_outstanding(team, db_session):
    _, worker = team
    case = allocated_case(team, referees=("personal",))
    checks.start_stage_1(case, actor=worker)
    items = checks.checks_for(case)
    for item in items:
        if item.kind != "medical":
            checks.update_check(item, actor=worker, status="cleared")
    with pytest.raises(CaseworkError) as refused:
        checks.recommend_stage_1(case, actor=worker, outcome="proceed", reasons="All good")
    message = str(refused.value.message)
    assert message.startswith("The application cannot proceed to Stage 2 until every check")
    assert "Medical (adult health form) (Ceri " in message
    medical = next(item for item in items if item.kind == "medical")
    checks.update_check(medical, actor=worker, status="concerns", notes="Heart condition")
    with pytest.raises(CaseworkError):
        checks.recommend_stage_1(case, actor=worker, outcome="proceed", reasons="All good")
    checks.update_check(medical, actor=worker, status="received")
    checks.recommend_stage_1(case, actor=worker, outcome="proceed", reasons="All good")
    decision = checks.sign_off_stage_1(case, actor=team[0])
    db_session.expire_all()
    assert decision.outcome == "proceed"
    assert case.stage == "stage_2"


def test_not_proceeding_closes_the_case_with_reasons(team, db_session):
    manager, worker = team
    case = allocated_case(team)
    checks.start_stage_1(case, actor=worker)
    checks.recommend_stage_1(
        case, actor=worker, outcome="not_proceed", reasons="The DBS check raised concerns"
    )
    checks.sign_off_stage_1(case, actor=manager)
    db_session.expire_all()
    assert case.stage == "not_approved"
    stored = db_session.scalar(select(Stage1Decision))
    assert stored.reasons == "The DBS check raised concerns"


def test_only_the_assessing_worker_or_a_manager_changes_checks(team, db_session):
    case = allocated_case(team)
    other = create_user(role=Role.SOCIAL_WORKER)
    item = checks.checks_for(case)[0]
    with pytest.raises(CaseworkError):
        checks.update_check(item, actor=other, status="cleared")


def test_received_date_cannot_be_before_the_request_or_in_the_future(team, db_session):
    _, worker = team
    case = allocated_case(team)
    item = checks.checks_for(case)[0]
    with pytest.raises(CaseworkError):
        checks.update_check(
            item, actor=worker, status="received", received_on=item.requested_on - timedelta(1)
        )
    with pytest.raises(CaseworkError):
        checks.update_check(
            item, actor=worker, status="received", received_on=date.today() + timedelta(days=3)
        )


def test_checks_pages(client, team, db_session):
    manager, worker = team
    case = allocated_case(team, referees=("personal",))
    sign_in(client, worker)
    case_url = f"/fostering-team/applications/{case.id}"
    assert client.get(case_url).status_code == 200
    assert form_post(client, case_url + "/start-stage-1", token_from=case_url).status_code == 302
    decision_url = case_url + "/stage-1-recommendation"
    response = form_post(client, decision_url, {"outcome": "proceed", "reasons": "Looks good"})
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text
    assert "cannot proceed to Stage 2 until every check is received or cleared" in text
    for item in checks.checks_for(case):
        url = f"{case_url}/checks/{item.id}"
        assert form_post(client, url, {"status": "cleared"}).status_code == 302
    page = page_text(client.get(case_url))
    assert "Cleared" in page and "Requested" not in page
    response = form_post(client, decision_url, {"outcome": "proceed", "reasons": "Looks good"})
    assert response.status_code == 302
    db_session.expire_all()
    assert case.stage == "stage_1"  # until a team manager signs it off
    manager_client = client.application.test_client()
    sign_in(manager_client, manager)
    response = form_post(manager_client, case_url + "/stage-1-sign-off", {"decision": "sign_off"})
    assert response.status_code == 302
    db_session.expire_all()
    assert case.stage == "stage_2"
    assert "Form F" in page_text(client.get(case_url))
    actions = set(db_session.scalars(select(AuditEvent.action)))
    assert {"check_updated", "stage_1_decided"} <= actions


def test_a_check_of_another_case_is_not_found(client, team, db_session):
    _, worker = team
    one, two = allocated_case(team), allocated_case(team)
    sign_in(client, worker)
    other_item = checks.checks_for(two)[0]
    response = client.get(f"/fostering-team/applications/{one.id}/checks/{other_item.id}")
    assert response.status_code == 404
