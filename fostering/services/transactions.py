"""One way to own a transaction: ``with transaction():`` or ``@transactional``.

Every service that writes does its work inside one. The outermost block owns the
session's transaction: it commits when the block ends, and rolls back and re-raises if
anything raises, so nothing is ever half-written. A block opened inside another joins
it: it neither commits nor rolls back by itself, so one service can call another and
everything both write commits or rolls back together.

An inner block that raises dooms the whole transaction. If the outer block caught the
error and carried on, committing would keep the half of the work done before the error,
so the outermost block rolls back instead and raises :class:`TransactionAborted`.

Work that must wait for the rows to be committed (an email that announces them, a
background job that reads them) is handed to :func:`after_commit`: it runs once the
outermost block has committed, and is dropped if it rolls back.

The state lives on the SQLAlchemy session (``session.info``), so each session has its
own: a background job, in its own thread or process and with its own session, starts
its own transactions. Conditional updates, ``with_for_update`` row locks and the other
statements a service runs inside a block all belong to the one transaction, and the
locks are held until the outermost block ends.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session

from fostering.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

_STATE_KEY = "fostering.transaction"


class TransactionAborted(RuntimeError):
    """An inner block raised and the error was caught: the transaction was rolled back."""


@dataclass
class _State:
    depth: int = 0
    doomed: bool = False
    after: list[Callable[[], object]] = field(default_factory=list)


def _state(session: Session) -> _State:
    return session.info.setdefault(_STATE_KEY, _State())


def in_transaction() -> bool:
    """True inside a ``transaction()`` block (of this session)."""
    return _state(db.session()).depth > 0


def _roll_back(session: Session, state: _State) -> None:
    state.after, state.doomed = [], False
    session.rollback()


def _commit(session: Session, state: _State) -> None:
    callbacks, state.after = state.after, []
    try:
        session.commit()
    except BaseException:
        _roll_back(session, state)
        raise
    for callback in callbacks:
        callback()


@contextmanager
def transaction() -> Iterator[Session]:
    """Commit when the block ends, roll back and re-raise if it raises; inside another
    block, join that one instead. Yields the session."""
    session = db.session()
    state = _state(session)
    outermost = state.depth == 0
    state.depth += 1
    try:
        yield session
    except BaseException:
        state.depth -= 1
        if outermost:
            _roll_back(session, state)
        else:
            state.doomed = True
        raise
    state.depth -= 1
    if not outermost:
        return
    if state.doomed:
        _roll_back(session, state)
        raise TransactionAborted(
            "a step inside this transaction failed and its error was caught; "
            "everything was rolled back"
        )
    _commit(session, state)


def transactional(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` inside :func:`transaction` (joining one already open)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction():
            return function(*args, **kwargs)

    return wrapper


def after_commit(callback: Callable[[], object]) -> None:
    """Run ``callback`` once the outermost transaction has committed (never if it rolls
    back). Only inside a ``transaction()`` block."""
    state = _state(db.session())
    if state.depth == 0:
        raise RuntimeError("after_commit() is only for use inside transaction()")
    state.after.append(callback)
