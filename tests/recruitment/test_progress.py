"""The applicants see where they are: a timeline read from the case's own records, and
an email to each applicant at each step, in their own language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fostering.models import Role, User
from fostering.recruitment.services import checks, stage2
from fostering.recruitment.services.allocation import allocate
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.progress import timeline
from fostering.services import mail
from tests.conftest import page_text, sign_in
from tests.factories import create_case, create_user, load_postcodes
from tests.pages import parsed
from tests.recruitment.test_stage2_and_approval import TERMS, finish_stage_2


@pytest.fixture
def team(db_session):
    return (
        create_user(role=Role.TEAM_MANAGER, name="Gareth Jones"),
        create_user(role=Role.SOCIAL_WORKER, name="Siân Evans"),
    )


def states(application) -> dict[str, str]:
    return {step.key: step.state.value for step in timeline(application)}


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox()]


def test_each_step_is_on_the_timeline_and_emailed(team, db_session):
    load_postcodes()  # approval needs the carer's postcode in the directory
    manager, worker = team
    case = create_case(referees=("personal",))
    assert states(case) == {
        "submitted": "done",
        "allocated": "waiting",
        "checks": "waiting",
        "assessment": "waiting",
        "panel": "waiting",
        "decision": "waiting",
    }

    allocate(case, worker.id, actor=manager)
    [message] = mail.outbox()
    assert message.to == case.applicant.email
    assert message.subject.startswith("Your application to foster has a social worker")
    assert "Siân Evans, a social worker in the fostering team" in message.body_text
    assert "http://127.0.0.1:5000/sign-in" in message.body_text
    steps = {step.key: step for step in timeline(case)}
    assert steps["allocated"].state.value == "done"
    assert str(steps["allocated"].detail) == "Your social worker is Siân Evans."
    assert steps["checks"].state.value == "current"
    assert str(steps["checks"].detail).startswith("0 of 4 checks are back")

    checks.start_stage_1(case, actor=worker)
    assert subjects()[-1].startswith("Your Stage 1 checks have started")
    first = checks.checks_for(case)[0]
    checks.update_check(first, actor=worker, status="cleared")
    assert str({s.key: s for s in timeline(case)}["checks"].detail).startswith("1 of 4")
    for item in checks.checks_for(case):
        checks.update_check(item, actor=worker, status="cleared")
    checks.decide_stage_1(case, actor=worker, outcome="proceed", reasons="Clear")
    assert subjects()[-1].startswith("Your Stage 2 assessment has started")
    assert states(case)["checks"] == "done"
    assert states(case)["assessment"] == "current"

    finish_stage_2(case, worker)
    panel_day = office_today() + timedelta(days=14)
    stage2.book_panel(case, panel_day, actor=worker)
    assert subjects()[-1].startswith("Your fostering panel date")
    assert panel_day.strftime("%-d %B %Y") in mail.outbox()[-1].body_text
    steps = {step.key: step for step in timeline(case)}
    assert steps["assessment"].state.value == "done"
    assert steps["panel"].state.value == "current"
    assert str(steps["panel"].detail) == f"Your fostering panel is on {panel_day:%-d %B %Y}."

    later = panel_day + timedelta(days=7)
    stage2.book_panel(case, later, actor=worker)
    assert subjects()[-1].startswith("Your fostering panel date has changed")
    assert later.strftime("%-d %B %Y") in mail.outbox()[-1].body_text

    stage2.book_panel(case, office_today(), actor=worker)
    stage2.record_panel_recommendation(case, actor=worker, recommendation="approve", terms=TERMS)
    stage2.decide(case, actor=manager, decision="approve", terms=TERMS)
    assert subjects()[-1].startswith("You have been approved as a foster carer")
    assert set(states(case).values()) == {"done"}
    # One email for each step, all to the applicant.
    assert len(mail.outbox()) == 7
    assert {message.to for message in mail.outbox()} == {case.applicant.email}


def test_a_case_closed_early_shows_the_steps_it_did_not_reach(team, db_session):
    manager, worker = team
    case = create_case(referees=("personal",))
    allocate(case, worker.id, actor=manager)
    stage2.withdraw(case, actor=worker, reason="Moving away")
    assert subjects()[-1].startswith("Your application to foster has been withdrawn")
    steps = {step.key: step for step in timeline(case)}
    assert steps["allocated"].state.value == "done"
    assert steps["checks"].state.value == "stopped"  # under way when it was withdrawn
    assert steps["assessment"].state.value == "not_reached"
    assert steps["panel"].state.value == "not_reached"
    assert str(steps["decision"].title) == "Application withdrawn"
    assert steps["decision"].state.value == "done"


def test_not_going_on_after_stage_1_is_a_decision(team, db_session):
    manager, worker = team
    case = create_case(referees=("personal",))
    allocate(case, worker.id, actor=manager)
    checks.start_stage_1(case, actor=worker)
    checks.decide_stage_1(case, actor=worker, outcome="not_proceed", reasons="DBS concerns")
    assert subjects()[-1].startswith("The decision on your application to foster")
    assert "has not been approved" in mail.outbox()[-1].body_text
    assert states(case) == {
        "submitted": "done",
        "allocated": "done",
        "checks": "done",
        "assessment": "not_reached",
        "panel": "not_reached",
        "decision": "done",
    }


def test_emails_go_to_each_applicant_in_their_own_language(team, db_session):
    manager, worker = team
    case = create_case(joint_applicant=True)
    case.applicant.language = "cy"
    joint = User(email="sam@example.com", name="Sam", role="applicant", language="en")
    db_session.add(joint)
    db_session.flush()
    case.joint_applicant_id = joint.id
    db_session.commit()
    allocate(case, worker.id, actor=manager)
    sent = {message.to: message for message in mail.outbox()}
    assert sent[case.applicant.email].locale == "cy"
    assert sent[case.applicant.email].subject.startswith("Mae gan eich cais")
    assert "Annwyl" in sent[case.applicant.email].body_text
    assert sent["sam@example.com"].locale == "en"
    assert sent["sam@example.com"].body_text.startswith("Dear Sam,")


def test_the_applicant_sees_the_timeline_on_their_page(team, client, db_session):
    manager, worker = team
    case = create_case(referees=("personal",))
    allocate(case, worker.id, actor=manager)
    sign_in(client, case.applicant)
    response = client.get("/apply/")
    page = page_text(response)
    assert "Where your application has got to" in page
    assert "Your social worker is Siân Evans." in page
    soup = parsed(response.get_data(as_text=True))
    steps = [
        (item.h3.get_text(strip=True), item.strong.get_text(strip=True))
        for item in soup.select("#timeline li")
    ]
    assert steps == [
        ("Application sent", "Done"),
        ("Given to a social worker", "Done"),
        ("Stage 1 checks", "In progress"),
        ("Stage 2 assessment", "Not started yet"),
        ("Fostering panel", "Not started yet"),
        ("Decision", "Not started yet"),
    ]
    client.get("/locale/cy")
    assert "Ble mae eich cais wedi cyrraedd" in page_text(client.get("/apply/"))
