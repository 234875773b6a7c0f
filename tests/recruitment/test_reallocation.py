"""Who holds a case: reallocation with a reason (within the 20-case limit, kept as
history and audited), no deactivating a worker who still holds live cases, and "My
cases" for a signed-in worker."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fostering.auth import accounts
from fostering.models import AuditEvent, CaseAllocation, Role
from fostering.recruitment.services.allocation import (
    CASELOAD_LIMIT,
    allocate,
    allocation_history,
    reallocate,
)
from fostering.recruitment.services.casework import CaseworkError
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_case, create_user


@pytest.fixture
def team(db_session):
    return (
        create_user(role=Role.TEAM_MANAGER, name="Gareth Jones"),
        create_user(role=Role.SOCIAL_WORKER, name="Siân Evans"),
        create_user(role=Role.SOCIAL_WORKER, name="Osian Price"),
    )


def allocated(manager, worker, **fields):
    case = create_case(**fields)
    allocate(case, worker.id, actor=manager)
    return case


def test_reallocating_keeps_the_history_and_audits_it(team, db_session):
    manager, first, second = team
    case = allocated(manager, first)
    reallocate(case, second.id, reason="Siân is on long-term leave", actor=manager)
    db_session.expire_all()
    assert case.assessing_worker_id == second.id
    history = allocation_history(case)
    assert [(h.from_worker_id, h.to_worker_id) for h in history] == [
        (None, first.id),
        (first.id, second.id),
    ]
    assert history[1].reason == "Siân is on long-term leave"
    assert history[1].by_id == manager.id
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "case_reallocated"))
    assert event.object_id == str(case.id)
    assert event.detail == f"from={first.id} to={second.id}"
    assert "leave" not in event.detail  # the reason is kept with the case, not in the audit


def test_reallocation_is_refused_past_the_caseload_limit(team, db_session):
    manager, first, second = team
    for _ in range(CASELOAD_LIMIT):
        create_case(stage="stage_1", worker=second)
    case = allocated(manager, first)
    with pytest.raises(CaseworkError) as refused:
        reallocate(case, second.id, reason="Balancing caseloads", actor=manager)
    assert refused.value.field == "worker"
    assert str(refused.value.message) == (
        "Osian Price already has 20 active cases, the most a worker can carry. "
        "Choose another worker."
    )
    db_session.expire_all()
    assert case.assessing_worker_id == first.id
    assert len(allocation_history(case)) == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"reason": "  "}, "reallocate_reason_missing"),
        ({"to": "same"}, "same_worker"),
        ({"by": "worker"}, "manager_reallocates"),
        ({"stage": "approved"}, "reallocate_only_live"),
        ({"to": "placement_officer"}, "choose_worker"),
    ],
)
def test_reallocation_refusals_change_nothing(team, db_session, change, code):
    manager, first, second = team
    case = allocated(manager, first)
    if "stage" in change:
        case.stage = change["stage"]
        db_session.commit()
    target = {
        "same": first,
        "placement_officer": create_user(role=Role.PLACEMENT_OFFICER),
    }.get(change.get("to"), second)
    actor = first if change.get("by") == "worker" else manager
    with pytest.raises(CaseworkError) as refused:
        reallocate(case, target.id, reason=change.get("reason", "A reason"), actor=actor)
    assert refused.value.code == code
    db_session.expire_all()
    assert case.assessing_worker_id == first.id
    assert (
        db_session.scalar(select(AuditEvent).where(AuditEvent.action == "case_reallocated")) is None
    )


def test_reallocating_through_the_page(client, team, db_session):
    manager, first, second = team
    case = allocated(manager, first)
    sign_in(client, manager)
    case_url = f"/fostering-team/applications/{case.id}"
    assert "Reallocate" in page_text(client.get(case_url))
    url = case_url + "/reallocate"
    page = client.get(url)
    assert "Siân Evans (" not in page_text(page)  # not offered the case they hold
    bad = form_post(client, url, {"worker": str(second.id), "reason": ""})
    assert bad.status_code == 400
    assert "Enter the reason for reallocating the case" in page_text(bad)
    good = form_post(client, url, {"worker": str(second.id), "reason": "Nearer to the family"})
    assert good.status_code == 302
    text = page_text(client.get(case_url))
    assert "The case has been reallocated to Osian Price." in text
    assert "Nearer to the family" in text  # the history on the case page
    # Social workers cannot reallocate.
    worker_client = client.application.test_client()
    sign_in(worker_client, first)
    assert worker_client.get(url).status_code == 403


def test_a_worker_with_live_cases_cannot_be_deactivated_until_they_are_reallocated(
    client, team, db_session
):
    manager, first, second = team
    cases = [allocated(manager, first) for _ in range(2)]
    admin = create_user(role=Role.ADMINISTRATOR)
    with pytest.raises(accounts.AccountError) as refused:
        accounts.set_active(admin, first, False)
    assert str(refused.value.message) == (
        "Siân Evans cannot be deactivated while they hold live fostering cases. Live cases "
        "they hold: 2. Ask a team manager to reallocate them first."
    )
    with pytest.raises(accounts.AccountError, match="Live cases they hold: 2"):
        accounts.change_role(admin, first, Role.PLACEMENT_OFFICER)
    db_session.expire_all()
    assert first.active and first.role == Role.SOCIAL_WORKER.value

    sign_in(client, admin)
    staff_url = f"/admin/staff/{first.id}"
    assert "Live fostering cases 2" in page_text(client.get(staff_url))
    response = form_post(client, staff_url + "/deactivate", token_from=staff_url)
    assert response.status_code == 302
    assert "Live cases they hold: 2" in page_text(client.get(staff_url))
    db_session.expire_all()
    assert first.active

    for case in cases:
        reallocate(case, second.id, reason="Leaving the team", actor=manager)
    accounts.set_active(admin, first, False)
    db_session.expire_all()
    assert not first.active


def test_closed_cases_do_not_stop_deactivation(team, db_session):
    _manager, first, _ = team
    create_case(stage="approved", worker=first)
    create_case(stage="withdrawn", worker=first)
    accounts.set_active(create_user(role=Role.ADMINISTRATOR), first, False)
    db_session.expire_all()
    assert not first.active


# --- My cases ------------------------------------------------------------------------


def test_my_cases_lists_only_mine_with_search_paging_and_closed(client, team, db_session):
    _manager, first, second = team
    mine = [create_case(stage="stage_1", worker=first) for _ in range(3)]
    mine[0].first_name = "Llinos"
    create_case(stage="stage_2", worker=second)
    closed = create_case(stage="approved", worker=first)
    db_session.commit()
    sign_in(client, first)
    text = page_text(client.get("/fostering-team/my-cases"))
    assert "Showing 1 to 3 of 3" in text
    assert all(case.reference in text for case in mine)
    assert closed.reference not in text
    text = page_text(client.get("/fostering-team/my-cases?q=llinos"))
    assert "Showing 1 to 1 of 1" in text and mine[0].reference in text
    text = page_text(client.get(f"/fostering-team/my-cases?q={mine[1].reference.lower()}"))
    assert "Showing 1 to 1 of 1" in text
    text = page_text(client.get("/fostering-team/my-cases?show=closed"))
    assert closed.reference in text and mine[0].reference not in text
    text = page_text(client.get("/fostering-team/my-cases?show=all"))
    assert "Showing 1 to 4 of 4" in text


def test_my_cases_pages_through_a_long_list(client, team, db_session):
    _, first, _ = team
    for _ in range(27):
        create_case(stage="approved", worker=first)
    sign_in(client, first)
    first_page = page_text(client.get("/fostering-team/my-cases?show=closed"))
    assert "Showing 1 to 25 of 27" in first_page
    second_page = page_text(client.get("/fostering-team/my-cases?show=closed&page=2"))
    assert "Showing 26 to 27 of 27" in second_page


def test_my_cases_says_when_there_are_none(client, team, db_session):
    _, first, _ = team
    sign_in(client, first)
    assert "You have no live cases" in page_text(client.get("/fostering-team/my-cases"))
    text = page_text(client.get("/fostering-team/my-cases?q=nobody"))
    assert "No cases match" in text


def test_allocation_is_recorded_as_the_first_entry_of_the_history(team, db_session):
    manager, first, _ = team
    case = allocated(manager, first)
    [entry] = db_session.scalars(select(CaseAllocation)).all()
    assert (entry.application_id, entry.from_worker_id, entry.to_worker_id) == (
        case.id,
        None,
        first.id,
    )
    assert entry.reason is None and entry.by_id == manager.id
