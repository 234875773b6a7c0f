"""Watching PostgreSQL for a connection that waits on a lock, for the concurrency tests."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text
from sqlalchemy.engine import Engine

_WAITING = text(
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


def lock_waiters(engine: Engine, *, timeout: float = 20) -> int:
    """How many connections wait on a lock, at the first sight of any (polling with a
    deadline, not sleeping); 0 if none waited within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as watcher:
            if waiting := watcher.scalar(_WAITING):
                return waiting
        threading.Event().wait(0.02)
    return 0
