"""Beside a long solve in a background job: a heartbeat, progress and cancelling.

A ``RowMonitor`` runs a thread that, about once a second, writes ``heartbeat_at`` and the
latest progress to the job's row (in its own short transaction, on its own connection,
only while the row says "running"), and reads the row's ``cancel_requested``: the
solver's ``should_stop`` then says stop. Matching runs and what-if scenarios both use it;
a subclass says which progress columns to write.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from fostering.extensions import db
from fostering.models.types import utcnow
from fostering.services import jobs
from fostering.services.transactions import transactional

QUEUED, RUNNING, CANCELLED, FAILED = "queued", "running", "cancelled", "failed"


class RowMonitor:
    """For ``model`` row ``row_id`` (with ``status``, ``heartbeat_at`` and
    ``cancel_requested`` columns)."""

    model: Any = None
    name = "monitor"

    def __init__(self, row_id: int) -> None:
        self.row_id = row_id
        self.latest: Any = None
        self.stop_requested = threading.Event()
        self.done = threading.Event()
        self.app = current_app._get_current_object()  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self._loop, name=f"{self.name}-{row_id}", daemon=True)

    def interval(self) -> float:
        return 1.0

    def progress_values(self) -> dict[str, Any]:
        """The progress columns to write beside the heartbeat."""
        return {}

    def on_progress(self, progress: Any) -> None:
        self.latest = progress

    def should_stop(self) -> bool:
        return self.stop_requested.is_set()

    def beat(self) -> None:
        model = self.model
        values = {"heartbeat_at": utcnow(), **self.progress_values()}
        with db.engine.begin() as conn:
            conn.execute(
                update(model)
                .where(model.id == self.row_id, model.status == RUNNING)
                .values(**values)
            )
            row = conn.execute(
                select(model.cancel_requested, model.status).where(model.id == self.row_id)
            ).one()
        if row.cancel_requested or row.status != RUNNING:
            self.stop_requested.set()

    def _loop(self) -> None:
        with self.app.app_context():
            while not self.done.wait(self.interval()):
                try:
                    self.beat()
                except Exception as error:  # keep solving; the heartbeat shows trouble
                    jobs.log_failure(f"{self.name} beat", error)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join(timeout=10)


@transactional
def cancel_if_requested(model: Any, row_id: int) -> None:
    """A running row whose cancel was asked for ends cancelled. A conditional update: a
    row that finished or failed meanwhile keeps what it says."""
    db.session.execute(
        update(model)
        .where(model.id == row_id, model.status == RUNNING)
        .where(model.cancel_requested.is_(True))
        .values(status=CANCELLED, finished_at=utcnow())
    )


@transactional
def set_failed(model: Any, row_id: int, error: str) -> bool:
    """Mark an unfinished (queued or running) row failed with ``error``; False if it had
    already finished."""
    done = db.session.execute(
        update(model)
        .where(model.id == row_id, model.status.in_((QUEUED, RUNNING)))
        .values(status=FAILED, error=error, finished_at=utcnow())
    )
    return done.rowcount == 1
