"""Allocation: a team manager gives a case to a worker, never beyond 20 active cases,
even when two managers allocate at the same moment."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, func, select

from fostering.extensions import db
from fostering.models import Application, AuditEvent, CheckItem, Role
from fostering.recruitment.services import allocation
from fostering.recruitment.services.allocation import CASELOAD_LIMIT, active_caseload, allocate
from fostering.recruitment.services.casework import CaseworkError
from tests.factories import create_case, create_user
from tests.postgres_locks import lock_waiters


def fill_caseload(worker, count, stages=("allocated", "stage_1", "stage_2", "panel")):
    for number in range(count):
        create_case(stage=stages[number % len(stages)], worker=worker)


def test_allocation_moves_the_case_and_generates_checks(db_session):
    manager = create_user(role=Role.TEAM_MANAGER)
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    case = create_case(adults=1, children=1, joint_applicant=True)
    allocate(case, worker.id, actor=manager)
    db_session.expire_all()
    assert case.stage == "allocated"
    assert case.assessing_worker_id == worker.id
    assert case.allocated_at is not None
    kinds = sorted(db_session.scalars(select(CheckItem.kind)))
    # DBS: applicant, joint applicant, the adult member (not the child); 2 references;
    # a medical for each applicant; local authority checks.
    assert kinds == sorted(
        ["dbs"] * 3 + ["reference_personal"] * 2 + ["medical"] * 2 + ["la_check"]
    )
    actions = set(db_session.scalars(select(AuditEvent.action)))
    assert {"application_allocated", "checks_generated", "application_stage_changed"} <= actions


def test_the_21st_case_is_refused_naming_the_caseload(db_session):
    manager = create_user(role=Role.TEAM_MANAGER)
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    fill_caseload(worker, CASELOAD_LIMIT)
    create_case(stage="approved", worker=worker)  # closed cases do not count
    case = create_case()
    with pytest.raises(CaseworkError) as refused:
        allocate(case, worker.id, actor=manager)
    assert str(refused.value.message) == (
        "Siân Evans already has 20 active cases, the most a worker can carry. "
        "Choose another worker."
    )
    db_session.expire_all()
    assert case.stage == "submitted"
    assert case.assessing_worker_id is None
    assert active_caseload(worker.id) == CASELOAD_LIMIT
    assert db_session.scalar(select(func.count()).select_from(CheckItem)) == 0


def test_the_20th_case_is_allowed(db_session):
    manager = create_user(role=Role.TEAM_MANAGER)
    worker = create_user(role=Role.SOCIAL_WORKER)
    fill_caseload(worker, CASELOAD_LIMIT - 1)
    allocate(create_case(), worker.id, actor=manager)
    assert active_caseload(worker.id) == CASELOAD_LIMIT


def test_only_team_managers_allocate(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    with pytest.raises(CaseworkError):
        allocate(create_case(), worker.id, actor=worker)


def test_a_case_cannot_be_allocated_twice(db_session):
    from fostering.recruitment.services.application_stages import StageError

    manager = create_user(role=Role.TEAM_MANAGER)
    worker = create_user(role=Role.SOCIAL_WORKER)
    case = create_case()
    allocate(case, worker.id, actor=manager)
    with pytest.raises(StageError):
        allocate(case, worker.id, actor=manager)


def _allocate_in_thread(app, application_id, worker_id, manager_id, barrier, results):
    with app.app_context():
        try:
            application = db.session.get(Application, application_id)
            manager = db.session.get(type(application.applicant), manager_id)
            if barrier is not None:
                barrier.wait(timeout=30)
            allocate(application, worker_id, actor=manager)
            results.append("allocated")
        except CaseworkError as error:
            results.append(str(error.message))
        finally:
            db.session.remove()


@pytest.mark.commits  # concurrent writers in threads
def test_two_managers_allocating_at_once_cannot_exceed_the_limit(app, db_session):
    manager_a = create_user(role=Role.TEAM_MANAGER)
    manager_b = create_user(role=Role.TEAM_MANAGER)
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    fill_caseload(worker, CASELOAD_LIMIT - 1)
    first, second = create_case(), create_case()
    ids = (first.id, second.id, worker.id)
    db_session.commit()
    barrier = threading.Barrier(2)
    results: list[str] = []
    threads = [
        threading.Thread(
            target=_allocate_in_thread,
            args=(app, case_id, ids[2], manager.id, barrier, results),
        )
        for case_id, manager in ((ids[0], manager_a), (ids[1], manager_b))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == sorted(
        [
            "allocated",
            "Siân Evans already has 20 active cases, the most a worker can carry. "
            "Choose another worker.",
        ]
    )
    db_session.expire_all()
    assert active_caseload(worker.id) == CASELOAD_LIMIT


@pytest.mark.postgresql_only  # row locks; SQLite is covered above
@pytest.mark.commits
def test_the_second_allocation_waits_for_the_first_on_postgresql(
    app, db_session, database_url, monkeypatch
):
    """Deterministic: the first allocation holds the worker's lock after counting 19
    while we watch the second block on it; only then may the first commit."""
    manager = create_user(role=Role.TEAM_MANAGER)
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    fill_caseload(worker, CASELOAD_LIMIT - 1)
    first, second = create_case(), create_case()
    counted, go = threading.Event(), threading.Event()
    real_count = allocation.active_caseload

    def count_then_hold(worker_id):
        value = real_count(worker_id)
        if threading.current_thread().name == "first":
            counted.set()
            assert go.wait(timeout=30)
        return value

    monkeypatch.setattr(allocation, "active_caseload", count_then_hold)
    results: list[str] = []
    args = (worker.id, manager.id, None, results)
    one = threading.Thread(target=_allocate_in_thread, args=(app, first.id, *args), name="first")
    two = threading.Thread(target=_allocate_in_thread, args=(app, second.id, *args), name="second")
    one.start()
    assert counted.wait(timeout=30)
    two.start()
    watcher = create_engine(database_url)
    try:
        waiting = lock_waiters(watcher, timeout=30)
        assert waiting == 1, "the second allocation did not wait for the worker's lock"
    finally:
        watcher.dispose()
        go.set()
        one.join(timeout=60)
        two.join(timeout=60)
    # The threads finish in either order (the first emails the applicant once it has
    # committed): what matters is which allocation was made.
    assert sorted(results, key=len) == [
        "allocated",
        "Siân Evans already has 20 active cases, the most a worker can carry. "
        "Choose another worker.",
    ]
    db_session.expire_all()
    assert db_session.get(Application, first.id).stage == "allocated"
    assert db_session.get(Application, second.id).stage == "submitted"
    assert active_caseload(worker.id) == CASELOAD_LIMIT


def test_allocation_and_caseload_pages(client, db_session):
    from tests.conftest import form_post, page_text, sign_in

    manager = create_user(role=Role.TEAM_MANAGER, name="Gareth Jones")
    full = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    free = create_user(role=Role.SOCIAL_WORKER, name="Owain Rees")
    fill_caseload(full, CASELOAD_LIMIT)
    case = create_case()
    sign_in(client, manager)
    listing = client.get("/fostering-team/applications?stage=submitted")
    assert f"/fostering-team/applications/{case.id}/allocate" in listing.get_data(as_text=True)
    url = f"/fostering-team/applications/{case.id}/allocate"
    page = page_text(client.get(url))
    assert "Siân Evans (20 active cases)" in page and "Owain Rees (0 active cases)" in page
    refused = form_post(client, url, {"worker": str(full.id)})
    assert refused.status_code == 400
    assert (
        "Siân Evans already has 20 active cases, the most a worker can carry. "
        "Choose another worker." in page_text(refused)
    )
    assert form_post(client, url, {"worker": str(free.id)}).status_code == 302
    db_session.expire_all()
    assert case.assessing_worker_id == free.id
    caseloads = page_text(client.get("/fostering-team/caseloads"))
    assert "Owain Rees 1 active case" in caseloads
    assert "Siân Evans 20 active cases – full" in caseloads


def test_social_workers_cannot_allocate(client, db_session):
    from tests.conftest import sign_in

    worker = create_user(role=Role.SOCIAL_WORKER)
    case = create_case()
    sign_in(client, worker)
    assert client.get(f"/fostering-team/applications/{case.id}/allocate").status_code == 403
