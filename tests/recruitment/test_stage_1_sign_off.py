"""The Stage 1 decision: the assessing worker recommends, a team manager signs it off or
returns it, and nobody signs off their own recommendation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fostering.models import AuditEvent, Role, Stage1Decision, Stage1Recommendation
from fostering.recruitment.services import checks
from fostering.recruitment.services.allocation import allocate
from fostering.recruitment.services.casework import CaseworkError
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_case, create_user


@pytest.fixture
def team(db_session):
    return (
        create_user(role=Role.TEAM_MANAGER, name="Gareth Jones"),
        create_user(role=Role.SOCIAL_WORKER, name="Siân Evans"),
        create_user(role=Role.TEAM_MANAGER, name="Mererid Hopkins"),
    )


def case_with_checks_back(team):
    manager, worker, _ = team
    case = create_case(referees=("personal",))
    allocate(case, worker.id, actor=manager)
    checks.start_stage_1(case, actor=worker)
    for item in checks.checks_for(case):
        checks.update_check(item, actor=worker, status="cleared")
    return case


def test_a_recommendation_waits_for_a_manager_and_signing_off_moves_the_case(team, db_session):
    manager, worker, _ = team
    case = case_with_checks_back(team)
    recommendation = checks.recommend_stage_1(
        case, actor=worker, outcome="proceed", reasons="Every check is clear"
    )
    db_session.expire_all()
    assert recommendation.status == "pending"
    assert case.stage == "stage_1"
    assert db_session.scalar(select(Stage1Decision)) is None
    with pytest.raises(CaseworkError, match="already waiting"):
        checks.recommend_stage_1(case, actor=worker, outcome="proceed", reasons="Again")
    with pytest.raises(CaseworkError, match="Only a team manager can sign off"):
        checks.sign_off_stage_1(case, actor=worker)
    decision = checks.sign_off_stage_1(case, actor=manager)
    db_session.expire_all()
    assert case.stage == "stage_2"
    assert (decision.outcome, decision.reasons, decision.decided_by_id) == (
        "proceed",
        "Every check is clear",
        manager.id,
    )
    stored = db_session.get(Stage1Recommendation, recommendation.id)
    assert (stored.status, stored.reviewed_by_id) == ("signed_off", manager.id)
    actions = list(db_session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions.index("stage_1_recommended") < actions.index("stage_1_decided")


def test_nobody_signs_off_their_own_recommendation(team, db_session):
    manager, _, other_manager = team
    case = case_with_checks_back(team)
    checks.recommend_stage_1(case, actor=manager, outcome="proceed", reasons="Clear")
    with pytest.raises(CaseworkError) as refused:
        checks.sign_off_stage_1(case, actor=manager)
    assert str(refused.value.message) == (
        "You made this recommendation, so another team manager must sign it off."
    )
    db_session.expire_all()
    assert case.stage == "stage_1"
    checks.sign_off_stage_1(case, actor=other_manager)
    db_session.expire_all()
    assert case.stage == "stage_2"


def test_a_returned_recommendation_is_kept_and_a_new_one_can_follow(team, db_session):
    manager, worker, _ = team
    case = case_with_checks_back(team)
    first = checks.recommend_stage_1(case, actor=worker, outcome="proceed", reasons="Clear")
    with pytest.raises(CaseworkError, match="Enter why the recommendation is being returned"):
        checks.return_stage_1(case, actor=manager, reason=" ")
    checks.return_stage_1(case, actor=manager, reason="Say more about the references")
    db_session.expire_all()
    assert case.stage == "stage_1"
    assert first.status == "returned"
    assert first.return_reason == "Say more about the references"
    with pytest.raises(CaseworkError, match="no Stage 1 recommendation waiting"):
        checks.sign_off_stage_1(case, actor=manager)
    second = checks.recommend_stage_1(
        case, actor=worker, outcome="proceed", reasons="Both referees know them well"
    )
    assert [r.id for r in checks.stage_1_recommendations(case)] == [second.id, first.id]


def test_sign_off_checks_the_checks_again(team, db_session):
    manager, worker, _ = team
    case = case_with_checks_back(team)
    checks.recommend_stage_1(case, actor=worker, outcome="proceed", reasons="Clear")
    item = checks.checks_for(case)[0]
    checks.update_check(item, actor=worker, status="concerns", notes="Something came up")
    with pytest.raises(CaseworkError, match="cannot proceed to Stage 2"):
        checks.sign_off_stage_1(case, actor=manager)
    db_session.expire_all()
    assert case.stage == "stage_1"


def test_not_proceeding_signed_off_closes_the_case(team, db_session):
    manager, worker, _ = team
    case = create_case()
    allocate(case, worker.id, actor=manager)
    checks.start_stage_1(case, actor=worker)
    checks.recommend_stage_1(case, actor=worker, outcome="not_proceed", reasons="DBS concerns")
    checks.sign_off_stage_1(case, actor=manager)
    db_session.expire_all()
    assert case.stage == "not_approved"


def test_recommending_and_signing_off_through_the_pages(client, team, db_session):
    manager, worker, _ = team
    case = case_with_checks_back(team)
    case_url = f"/fostering-team/applications/{case.id}"
    sign_in(client, worker)
    assert "Make the Stage 1 recommendation" in page_text(client.get(case_url))
    url = case_url + "/stage-1-recommendation"
    bad = form_post(client, url, {"outcome": "proceed", "reasons": ""})
    assert bad.status_code == 400
    assert "Enter the reasons for the decision" in page_text(bad)
    assert form_post(client, url, {"outcome": "proceed", "reasons": "All clear"}).status_code == 302
    text = page_text(client.get(case_url))
    assert "Your recommendation has been sent to a team manager to sign off." in text
    assert "Waiting for a team manager" in text
    # The worker cannot reach the sign-off page.
    assert client.get(case_url + "/stage-1-sign-off").status_code == 403

    boss = client.application.test_client()
    sign_in(boss, manager)
    assert "Sign off or return the recommendation" in page_text(boss.get(case_url))
    sign_off_url = case_url + "/stage-1-sign-off"
    page = page_text(boss.get(sign_off_url))
    assert "All clear" in page and "Siân Evans" in page
    bad = form_post(boss, sign_off_url, {"decision": "return", "return_reason": ""})
    assert bad.status_code == 400
    assert "Enter why the recommendation is being returned" in page_text(bad)
    response = form_post(boss, sign_off_url, {"decision": "return", "return_reason": "More detail"})
    assert response.status_code == 302
    assert "More detail" in page_text(client.get(url))  # the worker sees why

    form_post(client, url, {"outcome": "proceed", "reasons": "Detail added"})
    response = form_post(boss, sign_off_url, {"decision": "sign_off"})
    assert response.status_code == 302
    db_session.expire_all()
    assert case.stage == "stage_2"
    text = page_text(boss.get(case_url))
    assert "The Stage 1 decision has been signed off." in text
    assert "Signed off by Gareth Jones" in text
    assert "Recommendations returned" in text


def test_own_recommendation_page_says_another_manager_must_sign(client, team, db_session):
    manager, _, _ = team
    case = case_with_checks_back(team)
    checks.recommend_stage_1(case, actor=manager, outcome="proceed", reasons="Clear")
    sign_in(client, manager)
    url = f"/fostering-team/applications/{case.id}/stage-1-sign-off"
    assert "another team manager must sign it off" in page_text(client.get(url))
    refused = form_post(client, url, {"decision": "sign_off"})
    assert refused.status_code == 400
    db_session.expire_all()
    assert case.stage == "stage_1"


def test_team_managers_see_what_waits_for_their_sign_off(client, team, db_session):
    manager, worker, _ = team
    case = case_with_checks_back(team)
    checks.recommend_stage_1(case, actor=worker, outcome="proceed", reasons="Clear")
    sign_in(client, manager)
    text = page_text(client.get("/fostering-team/"))
    assert "Stage 1 recommendations to sign off" in text
    assert f"{case.reference} {case.applicant_name}" in text
    assert "Proceed to Stage 2, recommended by Siân Evans" in text
    worker_client = client.application.test_client()
    sign_in(worker_client, worker)
    assert "Stage 1 recommendations to sign off" not in page_text(
        worker_client.get("/fostering-team/")
    )
