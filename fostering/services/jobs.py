"""Background jobs: on RQ when ``REDIS_URL`` is set, otherwise in a thread of this process.

``enqueue("package.module.function", 12, job_id="matching-run-12")`` runs the function
later with the same plain arguments (ids, never ORM objects) inside an application
context, and its own database session:

- with ``REDIS_URL`` set, as an RQ job on the ``fostering`` queue. Workers may run on
  other machines: ``flask worker`` runs RQ's worker on that queue inside the app
  context. ``on_failure`` (a function path, given the same arguments) is called when
  the job raises, when RQ finds its work horse killed, or when it is abandoned.
- without it, in a daemon thread of this process (a laptop, the tests). A thread dies
  with its process, so whatever the job records must show that it stopped (for
  matching runs, a heartbeat that goes stale).
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, current_app, has_app_context

log = logging.getLogger(__name__)

QUEUE_NAME = "fostering"
# RQ's worker writes the heartbeat of the job it runs this often (RQ's default is 30).
HEARTBEAT_SECONDS = 10
# Without Redis, a job runs in a thread of this process: one queued before the process
# started was lost with the process before it.
PROCESS_STARTED = datetime.now(UTC)
# Set by ``flask worker``: a work horse forked from it must not reuse its database pool.
_worker_pid: int | None = None


def _function(path: str) -> Callable[..., Any]:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def redis_connection(url: str | None = None):
    from redis import Redis

    return Redis.from_url(url or current_app.config["REDIS_URL"])


def queue(connection=None):
    from rq import Queue

    return Queue(QUEUE_NAME, connection=connection or redis_connection())


def enqueue(
    function_path: str,
    *args: Any,
    job_id: str,
    on_failure: str | None = None,
    timeout_seconds: int | None = None,
) -> str:
    """Run ``function_path(*args)`` in the background; returns ``job_id``."""
    _function(function_path)  # fail now, in the request, on a wrong path
    if current_app.config.get("REDIS_URL"):
        from rq import Callback

        queue().enqueue(
            run_job,
            function_path,
            *args,
            job_id=job_id,
            job_timeout=timeout_seconds,
            meta={"on_failure": on_failure},
            on_failure=Callback(_rq_failed) if on_failure else None,
        )
        return job_id
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=_run_in_thread,
        args=(app, function_path, args, on_failure),
        name=_thread_name(job_id),
        daemon=True,
    )
    thread.start()
    return job_id


def job_state(job_id: str) -> str | None:
    """RQ's status for ``job_id`` ("queued", "started", "failed", ...), "missing" when
    Redis has no such job, and None without Redis (threads keep no record)."""
    if not current_app.config.get("REDIS_URL"):
        return None
    job = _rq_job(job_id)
    return (job.get_status(refresh=True) if job else None) or "missing"


def _rq_job(job_id: str):
    """RQ's record of ``job_id``, or None when Redis has none."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        return Job.fetch(job_id, connection=redis_connection())
    except NoSuchJobError:
        return None


def _thread_name(job_id: str) -> str:
    return f"job-{job_id}"


def stopped(job_id: str, *, record_created: datetime, timeout_seconds: int) -> bool:
    """Whether the job ``job_id`` has stopped without finishing its work (its worker
    killed, its process gone). ``record_created``: when the record the job works on was
    created (the job was handed over later).

    Call it only for work whose record still says unfinished, and change the record only
    if it still says so: a job that finishes between the two reads is not stopped.

    - On RQ: the job is failed, stopped, cancelled or gone, or it is running but its
      worker has not written its heartbeat for ``timeout_seconds`` (a worker killed with
      SIGKILL, work horse and all, leaves its job "started" for ever).
    - In threads: no thread runs it in this process, and its record is older than the
      process. Work whose record is younger was handed over here, so it is running,
      or it ended and (through ``on_failure`` if it failed) its record says so.
    """
    if not current_app.config.get("REDIS_URL"):
        if any(thread.name == _thread_name(job_id) for thread in threading.enumerate()):
            return False
        return record_created < PROCESS_STARTED
    job = _rq_job(job_id)
    if job is None:
        return True
    state = job.get_status(refresh=True)
    if state in ("failed", "stopped", "canceled", None):
        return True
    if state != "started":
        return False  # queued for a worker, or finished (its record is about to say so)
    beat = job.last_heartbeat or job.started_at
    if beat is None:
        return False
    if beat.tzinfo is None:  # RQ's times are UTC
        beat = beat.replace(tzinfo=UTC)
    return beat < datetime.now(UTC) - timedelta(seconds=timeout_seconds)


def _call(function_path: str, args: tuple) -> Any:
    from fostering.extensions import db

    try:
        return _function(function_path)(*args)
    finally:
        db.session.remove()


def run_job(function_path: str, *args: Any) -> Any:
    """What RQ runs: the function inside the worker's app context (or a new one)."""
    if has_app_context():
        if _worker_pid is not None and os.getpid() != _worker_pid:
            from fostering.extensions import db

            db.engine.dispose(close=False)  # a forked horse opens its own connections
        return _call(function_path, args)
    from fostering import create_app

    with create_app().app_context():
        return _call(function_path, args)


def _rq_failed(job, connection, exc_type=None, exc_value=None, tb=None) -> None:
    path = (job.meta or {}).get("on_failure")
    if not path:
        return
    # job.args[0] is the function path given to run_job; the rest are its arguments.
    log.warning("background job %s failed: %s", job.id, getattr(exc_type, "__name__", exc_type))
    run_job(path, *job.args[1:])


def _run_in_thread(app: Flask, function_path: str, args: tuple, on_failure: str | None) -> None:
    with app.app_context():
        try:
            _call(function_path, args)
        except Exception as error:
            log_failure(function_path, error)
            if on_failure:
                try:
                    _call(on_failure, args)
                except Exception as again:
                    log_failure(on_failure, again)


def log_failure(what: str, error: BaseException) -> None:
    """Log where a job failed without the exception's message (it may hold personal data)."""
    where = "".join(traceback.format_tb(error.__traceback__))
    log.error("background job %s failed with %s\n%s", what, type(error).__name__, where)


def work(*, burst: bool = False) -> None:
    """Run RQ's worker on the queue; call inside an app context (``flask worker``)."""
    global _worker_pid
    from rq import Worker

    _worker_pid = os.getpid()
    connection = redis_connection()
    try:
        Worker(
            [queue(connection)], connection=connection, job_monitoring_interval=HEARTBEAT_SECONDS
        ).work(burst=burst)
    finally:
        _worker_pid = None
