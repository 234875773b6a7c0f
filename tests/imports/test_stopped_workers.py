"""An import whose worker stopped (killed, or its process gone) ends "not imported"
when next read, instead of saying "importing" for ever; one still at work is left be."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rq.job import Job, JobStatus

from fostering import imports
from fostering.extensions import db
from fostering.imports import runner
from fostering.models import Role
from fostering.models.import_batch import ImportBatch, ImportStatus
from fostering.services import jobs
from tests.conftest import page_text, sign_in
from tests.factories import create_user
from tests.imports.files import CHILD_HEADER, add_postcodes, child_row, csv_bytes


@pytest.fixture
def officer(app):
    add_postcodes()
    return create_user(role=Role.PLACEMENT_OFFICER)


def _batch(officer, status: str, *, created_at: datetime | None = None) -> ImportBatch:
    batch = imports.check_upload(
        "children", "children.csv", csv_bytes(CHILD_HEADER, [child_row()]), user=officer
    )
    batch.status = status
    if created_at is not None:
        batch.created_at = created_at
    db.session.commit()
    return batch


def _rq_job(batch: ImportBatch, *, state: str, last_beat: datetime | None = None) -> None:
    """The RQ job for ``batch`` as Redis would hold it."""
    jobs.enqueue(
        "fostering.imports.runner.run_batch", batch.id, job_id=f"import-run_batch-{batch.id}"
    )
    job = Job.fetch(f"import-run_batch-{batch.id}", connection=jobs.redis_connection())
    job.set_status(state)
    if last_beat is not None:
        job.heartbeat(last_beat, ttl=600)


def test_an_import_whose_worker_stopped_beating_fails_and_says_so(app, client, officer, redis_url):
    app.config.update(REDIS_URL=redis_url, JOB_HEARTBEAT_TIMEOUT=120)
    batch = _batch(officer, ImportStatus.RUNNING)
    _rq_job(batch, state=JobStatus.STARTED, last_beat=datetime.now(UTC) - timedelta(seconds=121))

    sign_in(client, officer)
    page = page_text(client.get(f"/placements/imports/{batch.id}/progress"))

    assert "The file was not imported" in page
    assert "The server doing the work stopped before it finished" in page
    db.session.refresh(batch)
    assert (batch.status, batch.failure) == (ImportStatus.FAILED, "worker_stopped")


def test_an_import_whose_worker_still_beats_is_left_running(app, officer, redis_url):
    app.config.update(REDIS_URL=redis_url, JOB_HEARTBEAT_TIMEOUT=120)
    batch = _batch(officer, ImportStatus.RUNNING)
    _rq_job(batch, state=JobStatus.STARTED, last_beat=datetime.now(UTC) - timedelta(seconds=100))

    assert runner.check_stale(batch).status == ImportStatus.RUNNING


def test_an_import_waiting_for_a_worker_is_left_waiting(app, officer, redis_url):
    app.config["REDIS_URL"] = redis_url
    batch = _batch(officer, ImportStatus.QUEUED)
    _rq_job(batch, state=JobStatus.QUEUED)

    assert runner.check_stale(batch).status == ImportStatus.QUEUED


@pytest.mark.parametrize("state", [JobStatus.FAILED, JobStatus.STOPPED, None])
def test_an_import_whose_job_failed_or_vanished_fails(app, officer, redis_url, state):
    app.config["REDIS_URL"] = redis_url
    batch = _batch(officer, ImportStatus.RUNNING)
    if state is not None:
        _rq_job(batch, state=state)

    assert runner.check_stale(batch).status == ImportStatus.FAILED


def test_a_large_files_check_whose_worker_died_fails_too(app, officer, redis_url):
    app.config["REDIS_URL"] = redis_url
    batch = _batch(officer, ImportStatus.CHECKING)

    assert runner.check_stale(batch).failure == "worker_stopped"


def test_without_redis_an_import_older_than_the_process_and_without_a_thread_fails(app, officer):
    assert app.config["REDIS_URL"] is None
    before = _batch(officer, ImportStatus.QUEUED, created_at=jobs.PROCESS_STARTED - timedelta(1))
    since = _batch(officer, ImportStatus.QUEUED)

    assert runner.check_stale(before).status == ImportStatus.FAILED
    # One this process was handed is running in a thread here, or has said how it ended.
    assert runner.check_stale(since).status == ImportStatus.QUEUED


def test_a_finished_import_is_never_marked_failed(app, officer, redis_url):
    app.config["REDIS_URL"] = redis_url
    batch = _batch(officer, ImportStatus.DONE)

    assert runner.check_stale(batch).status == ImportStatus.DONE
    assert runner.mark_failed(batch.id, failure="worker_stopped") is False
    db.session.refresh(batch)
    assert (batch.status, batch.failure) == (ImportStatus.DONE, None)
