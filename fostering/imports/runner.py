"""Dry runs and imports: all or nothing, in one transaction, with progress.

``check_upload`` stores the upload as an ``ImportBatch`` with its dry-run report;
``start_import`` queues the import as a background job (``services.jobs``) that checks
the file again against the database as it is then, and writes it only if still clean.
The CLI calls ``import_file`` directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, func, update

from fostering.extensions import db
from fostering.imports.kinds import KINDS, Kind
from fostering.imports.problems import HEADER_ROW, FileCode, ImportRefused, Problems
from fostering.imports.reading import FileError, missing_columns, read_table
from fostering.models import ImportBatch
from fostering.models.import_batch import ImportStatus
from fostering.models.types import utcnow
from fostering.models.user import User
from fostering.services import audit
from fostering.services.transactions import after_commit, transaction, transactional

log = logging.getLogger(__name__)

# A file larger than this is checked by a background job, with a progress page: a
# million-row CSV takes longer to check than a web request may last.
CHECK_IN_BACKGROUND_BYTES = 2 * 1024 * 1024
# Uploads not imported are deleted after this long.
KEEP_UNFINISHED = timedelta(days=1)
# Progress of imports running in this process (batch id → rows done); PostgreSQL also
# gets it written to the batch row, which SQLite's single writer cannot take mid-import.
_progress: dict[int, int] = {}


@dataclass
class Checked:
    kind: Kind
    row_count: int
    problems: Problems
    ready: list[dict]


def check(kind_key: str, data: bytes, *, today: date | None = None) -> Checked:
    """The dry run. Raises ``FileError`` for a file that cannot be read at all."""
    kind = KINDS[kind_key]
    table = read_table(data)
    if not table.rows:
        raise FileError(FileCode.NO_ROWS)
    problems = Problems()
    missing = missing_columns(table, kind.required_columns)
    for column in missing:
        problems.add(HEADER_ROW, column, "no_column", column=column)
    if missing:
        return Checked(kind, len(table.rows), problems, [])
    ready = kind.check(table, problems, today or date.today())
    return Checked(kind, len(table.rows), problems, ready)


def import_file(
    kind_key: str,
    data: bytes,
    *,
    actor: User | None,
    progress: Callable[[int, int], None] | None = None,
    batch: ImportBatch | None = None,
) -> int:
    """Check and write ``data`` in one transaction; raises ``ImportRefused`` on problems.

    Commits on success (with the audit record, and ``batch`` marked done); rolls back on
    any failure, leaving the database as it was.
    """
    with transaction():
        checked = check(kind_key, data)
        if checked.problems.count:
            raise ImportRefused(checked.problems)
        total = checked.row_count

        def report(done: int) -> None:
            if progress is not None:
                progress(min(done, total), total)

        written = checked.kind.write(checked.ready, actor=actor, progress=report)
        audit.record(
            actor,
            "import_completed",
            batch if batch is not None else ("import_batches", None),
            detail=f"kind={kind_key} rows={total} records={written}",
        )
        if batch is not None:
            batch.status = ImportStatus.DONE
            batch.rows_done = total
            batch.content = None
            batch.finished_at = utcnow()
    return total


@transactional
def check_upload(kind_key: str, filename: str, data: bytes, *, user: User) -> ImportBatch:
    """Dry-run an upload and keep it (and its report) for its uploader. ``FileError`` if
    the file cannot be read. A large file is kept at once and checked in the background
    (``check_batch``); its report follows when the job is done."""
    expire_old()
    batch = ImportBatch(
        kind=kind_key,
        filename=filename[:200],
        content=data,
        uploaded_by_id=user.id,
        status=ImportStatus.CHECKING,
        row_count=0,
        problem_count=0,
        problems=[],
    )
    if len(data) > CHECK_IN_BACKGROUND_BYTES:
        db.session.add(batch)
        db.session.flush()
        batch_id = batch.id
        after_commit(lambda: _enqueue("check_batch", batch_id))
        return batch
    _record_check(batch, check(kind_key, data))
    db.session.add(batch)
    return batch


def _record_check(batch: ImportBatch, checked: Checked) -> None:
    batch.status = ImportStatus.CHECKED
    batch.row_count = checked.row_count
    batch.problem_count = checked.problems.count
    batch.problems = checked.problems.sorted_items()


def expire_old() -> None:
    db.session.execute(
        delete(ImportBatch).where(
            ImportBatch.created_at < utcnow() - KEEP_UNFINISHED,
            ImportBatch.status.in_(
                [ImportStatus.CHECKING, ImportStatus.CHECKED, ImportStatus.FAILED]
            ),
        )
    )
    db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.created_at < utcnow() - KEEP_UNFINISHED)
        .values(content=None)
    )


def start_import(batch: ImportBatch) -> None:
    """Queue the import of a clean, checked batch as a background job."""
    if batch.status != ImportStatus.CHECKED or not batch.is_clean:
        raise ValueError("only a clean, checked batch can be imported")
    with transaction():
        batch.status = ImportStatus.QUEUED
        batch_id = batch.id
        # The job reads the batch, so it is sent only once the batch is committed.
        after_commit(lambda: _enqueue("run_batch", batch_id))


def _job_id(job: str, batch_id: int) -> str:
    return f"import-{job}-{batch_id}"


def _enqueue(job: str, batch_id: int) -> None:
    from fostering.services import jobs

    try:
        jobs.enqueue(
            f"fostering.imports.runner.{job}",
            batch_id,
            job_id=_job_id(job, batch_id),
            on_failure="fostering.imports.runner.mark_failed",
        )
    except Exception as error:  # Redis down, for one: say so on the batch, not a 500
        jobs.log_failure(f"enqueue import {job}", error)
        mark_failed(batch_id, failure="queue_unavailable")


def check_batch(batch_id: int) -> None:
    """The background job for a large upload: its dry run, stored as its report."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.status != ImportStatus.CHECKING or batch.content is None:
        return
    try:
        checked = check(batch.kind, batch.content)
    except FileError:
        with transaction():
            batch.status = ImportStatus.FAILED
            batch.failure = "unreadable"
            batch.finished_at = utcnow()
        return
    with transaction():
        _record_check(batch, checked)


def _record_progress(batch_id: int, done: int) -> None:
    _progress[batch_id] = done
    if db.engine.dialect.name != "sqlite":
        with db.engine.begin() as connection:
            connection.execute(
                update(ImportBatch.__table__)
                .where(ImportBatch.__table__.c.id == batch_id)
                .values(rows_done=done)
            )


def rows_done(batch: ImportBatch) -> int:
    return max(batch.rows_done or 0, _progress.get(batch.id, 0))


def run_batch(batch_id: int) -> None:
    """The background job: import a queued batch (one transaction) and record how it went."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.status != ImportStatus.QUEUED or batch.content is None:
        return
    with transaction():
        batch.status = ImportStatus.RUNNING
    uploader = db.session.get(User, batch.uploaded_by_id) if batch.uploaded_by_id else None
    try:
        import_file(
            batch.kind,
            batch.content,
            actor=uploader,
            progress=lambda done, _total: _record_progress(batch_id, done),
            batch=batch,
        )
    except ImportRefused as refused:
        # The database changed since the dry run (say, another import took the places).
        with transaction():
            batch = db.session.get(ImportBatch, batch_id)
            batch.status = ImportStatus.FAILED
            batch.failure = "problems_found"
            batch.problem_count = refused.problems.count
            batch.problems = refused.problems.sorted_items()
            batch.finished_at = utcnow()
    except Exception as error:
        log.error("import %s failed with %s", batch_id, type(error).__name__)
        mark_failed(batch_id)
        raise
    finally:
        _progress.pop(batch_id, None)


UNFINISHED = (ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.RUNNING)


def mark_failed(batch_id: int, failure: str = "error") -> bool:
    """The job died: say so on the batch (nothing was written: the transaction rolled
    back). False if the batch had finished meanwhile (the update is conditional, so a
    job finishing at the same moment keeps its own outcome)."""
    # A job that died outside a transaction block may have left its session mid-way.
    db.session.rollback()
    with transaction():
        changed = db.session.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch_id, ImportBatch.status.in_(UNFINISHED))
            .values(
                status=ImportStatus.FAILED,
                failure=func.coalesce(ImportBatch.failure, failure),
                finished_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    return bool(changed)


def check_stale(batch: ImportBatch) -> ImportBatch:
    """Mark ``batch`` failed if the job working on it has stopped (its worker killed, its
    process gone); returns it refreshed. Without this an import whose worker was
    killed would say "importing" for ever."""
    if batch.status not in UNFINISHED:
        return batch
    from fostering.services import jobs

    job = "check_batch" if batch.status == ImportStatus.CHECKING else "run_batch"
    if jobs.stopped(
        _job_id(job, batch.id),
        record_created=batch.created_at,
        timeout_seconds=current_app.config["JOB_HEARTBEAT_TIMEOUT"],
    ) and mark_failed(batch.id, failure="worker_stopped"):
        log.warning("import %s failed: its worker stopped", batch.id)
    db.session.refresh(batch)
    return batch
