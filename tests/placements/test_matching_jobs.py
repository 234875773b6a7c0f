"""Background jobs (``services.jobs``): the thread runner and RQ on a real Redis server."""

from __future__ import annotations

import pytest
from flask import current_app

from fostering.extensions import db
from fostering.models import User
from fostering.services import jobs
from tests.conftest import wait_for_background_jobs
from tests.factories import create_user

_failures: list[int] = []


def rename_user(user_id: int, name: str) -> None:
    """A job: proves it has an app context and its own session, and sees the database."""
    assert current_app.config["TESTING"]
    user = db.session.get(User, user_id)
    user.name = name
    db.session.commit()


def fail(user_id: int, name: str) -> None:
    raise RuntimeError("this job always fails")


def remember_failure(user_id: int, name: str) -> None:
    _failures.append(user_id)


def _has_name(user_id: int, name: str) -> bool:
    wait_for_background_jobs()
    db.session.expire_all()
    return db.session.get(User, user_id).name == name


@pytest.mark.commits  # its job runs in a thread
def test_a_job_runs_in_a_thread_without_redis(app, db_session):
    user = create_user(name="Before")
    assert app.config["REDIS_URL"] is None
    job_id = jobs.enqueue(f"{__name__}.rename_user", user.id, "After", job_id="rename-1")
    assert job_id == "rename-1"
    assert _has_name(user.id, "After")
    assert jobs.job_state(job_id) is None


def test_a_failing_thread_job_calls_its_failure_handler(app, db_session):
    user = create_user()
    _failures.clear()
    jobs.enqueue(
        f"{__name__}.fail", user.id, "x", job_id="fail-1", on_failure=f"{__name__}.remember_failure"
    )
    wait_for_background_jobs()
    assert _failures == [user.id]


def test_a_job_runs_on_rq_with_redis(app, db_session, redis_url):
    from rq import SimpleWorker

    app.config["REDIS_URL"] = redis_url
    user_id = create_user(name="Before").id
    job_id = jobs.enqueue(f"{__name__}.rename_user", user_id, "After", job_id="rename-2")
    assert jobs.job_state(job_id) == "queued"
    connection = jobs.redis_connection()
    # In this thread, so the job's session clean-up ends the test's session too: keep ids.
    SimpleWorker([jobs.queue(connection)], connection=connection).work(burst=True)
    assert _has_name(user_id, "After")
    assert jobs.job_state(job_id) == "finished"
    assert jobs.job_state("no-such-job") == "missing"


def test_a_failing_rq_job_calls_its_failure_handler(app, db_session, redis_url):
    from rq import SimpleWorker

    app.config["REDIS_URL"] = redis_url
    user = create_user()
    _failures.clear()
    jobs.enqueue(
        f"{__name__}.fail", user.id, "x", job_id="fail-2", on_failure=f"{__name__}.remember_failure"
    )
    connection = jobs.redis_connection()
    SimpleWorker([jobs.queue(connection)], connection=connection).work(burst=True)
    assert _failures == [user.id]
    assert jobs.job_state("fail-2") == "failed"


def test_flask_worker_needs_redis(app):
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output


@pytest.mark.commits  # RQ's worker runs the job in a forked process
def test_flask_worker_runs_the_queue_in_burst_mode(app, db_session, redis_url):
    app.config["REDIS_URL"] = redis_url
    user_id = create_user(name="Before").id
    db.session.remove()
    jobs.enqueue(f"{__name__}.rename_user", user_id, "After", job_id="rename-cli")
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert _has_name(user_id, "After")
