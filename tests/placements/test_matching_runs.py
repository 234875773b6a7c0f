"""Matching runs as a background job: start, progress, result, outcomes, cancel, stale."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest

from fostering.admin.services.matching_settings import get_settings, policy_from
from fostering.extensions import db
from fostering.models import MatchingOutcome, MatchingRun, Role
from fostering.models.matching_run import RunStatus
from fostering.models.types import utcnow
from fostering.placements.services import matching_runs
from fostering.services import jobs
from tests.conftest import wait_for_background_jobs
from tests.factories import create_child, create_user
from tests.placements.matching_data import small_council


def wait_for_run(run_id: int, deadline_seconds: float = 60) -> MatchingRun:
    """The run once its job has finished (or fail after the deadline)."""
    wait_for_background_jobs(deadline_seconds)
    db.session.expire_all()
    run = db.session.get(MatchingRun, run_id)
    assert run.finished, f"run {run_id} did not finish: {run.status}"
    return run


def start(officer, **kwargs) -> MatchingRun:
    kwargs.setdefault("child_ids", None)
    return matching_runs.start_run(
        actor=officer, policy=policy_from(get_settings()), time_limit_seconds=10, **kwargs
    )


@pytest.mark.commits  # its job runs in a thread
def test_a_run_solves_in_a_thread_and_writes_outcomes(app, db_session):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    council = small_council()
    unlocated = create_child(given_name="Dyfan", home_grid=None)
    run = start(officer)
    assert run.job_id == f"matching-run-{run.id}"
    run = wait_for_run(run.id)
    assert run.status == "completed", run.error
    assert (run.placed, run.in_house, run.children_count) == (3, 2, 4)
    assert run.baseline_placed == 3
    assert run.weekly_cost_pence == 2 * 32_500 + 95_000
    instance = json.loads(run.instance_json)
    assert {c["id"] for c in instance["children"]} == {f"C{c.id}" for c in council.children}
    result = json.loads(run.result_json)
    assert result["placed"] == 3
    outcomes = {o.child_id: o for o in run.outcomes}
    assert outcomes[unlocated.id].reasons == ["no_home_location"]
    assert not outcomes[unlocated.id].placed
    placed = [o for o in outcomes.values() if o.placed]
    assert sorted(o.in_house for o in placed) == [False, True, True]
    assert {o.carer_id for o in placed if o.in_house} == {
        council.near_carer.id,
        council.far_carer.id,
    }
    assert all(o.km is not None and o.decision is None for o in placed)


@pytest.mark.commits  # the run's monitor writes on a connection of its own
def test_a_run_solves_on_rq_with_a_real_redis_server(app, db_session, redis_url):
    from rq import SimpleWorker

    app.config["REDIS_URL"] = redis_url
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    small_council()
    run_id = start(officer).id
    assert jobs.job_state(f"matching-run-{run_id}") == "queued"
    connection = jobs.redis_connection()
    SimpleWorker([jobs.queue(connection)], connection=connection).work(burst=True)
    run = wait_for_run(run_id)
    assert run.status == "completed", run.error
    assert run.placed == 3
    assert jobs.job_state(run.job_id) == "finished"


@pytest.mark.commits  # the run's monitor writes on a connection of its own
def test_a_failed_rq_job_marks_its_run_failed(app, db_session, redis_url, monkeypatch):
    from rq import SimpleWorker

    app.config["REDIS_URL"] = redis_url
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    small_council()
    run_id = start(officer).id

    def crash(*args, **kwargs):
        raise SystemExit("the worker is going away")  # not an Exception: escapes the job

    monkeypatch.setattr(matching_runs.matching, "solve", crash)
    connection = jobs.redis_connection()
    SimpleWorker([jobs.queue(connection)], connection=connection).work(burst=True)
    run = wait_for_run(run_id)
    assert (run.status, run.error) == ("failed", "worker_stopped")


def test_a_stale_heartbeat_marks_a_running_run_failed_when_read(app, db_session):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    small_council()
    run = MatchingRun(
        status=RunStatus.RUNNING.value,
        created_by_id=officer.id,
        job_id="matching-run-dead",
        heartbeat_at=utcnow() - timedelta(seconds=300),
    )
    db.session.add(run)
    db.session.commit()
    matching_runs.check_stale(run)
    assert (run.status, run.error) == ("failed", "worker_stopped")
    assert "stopped" in matching_runs.error_sentence(run)


def test_a_fresh_heartbeat_keeps_a_run_running(app, db_session):
    run = MatchingRun(status=RunStatus.RUNNING.value, heartbeat_at=utcnow())
    db.session.add(run)
    db.session.commit()
    assert matching_runs.check_stale(run).status == "running"


def test_a_run_whose_rq_job_is_gone_is_failed_when_read(app, db_session, redis_url):
    app.config["REDIS_URL"] = redis_url
    run = MatchingRun(status=RunStatus.RUNNING.value, heartbeat_at=utcnow(), job_id="gone")
    db.session.add(run)
    db.session.commit()
    assert matching_runs.check_stale(run).status == "failed"


@pytest.mark.commits  # its job runs in a thread
def test_cancelling_a_running_run_stops_the_solver(app, db_session, monkeypatch):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    small_council()
    stopped = []
    real_solve = matching_runs.matching.solve

    def slow_solve(instance, *, time_limit, on_progress, should_stop):
        """The solver's contract: stop when asked, returning the best found so far."""
        deadline = time.monotonic() + 30
        while not should_stop() and time.monotonic() < deadline:
            time.sleep(0.05)
        stopped.append(should_stop())
        return real_solve(instance, time_limit=time_limit)

    monkeypatch.setattr(matching_runs.matching, "solve", slow_solve)
    monkeypatch.setattr(matching_runs, "MONITOR_INTERVAL", 0.1)
    run = start(officer)
    deadline = time.monotonic() + 30
    while run.status != "running" and time.monotonic() < deadline:
        db.session.refresh(run)
        db.session.rollback()
    matching_runs.request_cancel(run, actor=officer)
    run = wait_for_run(run.id)
    assert run.status == "cancelled"
    assert stopped == [True]


def test_cancelling_a_queued_run_cancels_it_at_once(app, db_session, redis_url):
    app.config["REDIS_URL"] = redis_url
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    small_council()
    run = start(officer)
    matching_runs.request_cancel(run, actor=officer)
    assert run.status == "cancelled"
    with pytest.raises(matching_runs.RunError):
        matching_runs.request_cancel(run, actor=officer)
    assert db.session.query(MatchingOutcome).count() == 0


@pytest.mark.commits  # its job runs in a thread
def test_a_fixed_pair_that_no_longer_fits_fails_the_run_with_a_sentence(app, db_session):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    council = small_council()
    full = council.near_carer
    full.occupied = full.places
    db.session.commit()
    child = council.children[0]
    run = start(officer, child_ids=[child.id], fixed=[(child.id, f"H{full.id}")])
    run = wait_for_run(run.id)
    assert (run.status, run.error) == ("failed", "fixed_pair")
    assert "accepted earlier" in matching_runs.error_sentence(run)


def test_starting_with_no_children_is_refused(app, db_session):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    with pytest.raises(matching_runs.RunError):
        start(officer)
    assert db.session.query(MatchingRun).count() == 0
