"""The one way to own a transaction: commit at the end of the outermost block, roll back
on any error, and let inner blocks join the outer one instead of committing early."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import AuditEvent
from fostering.services import audit
from fostering.services.transactions import (
    TransactionAborted,
    after_commit,
    in_transaction,
    transaction,
    transactional,
)

# Each test watches real commits and rollbacks, so it needs a database of its own.
pytestmark = pytest.mark.commits


class Refused(Exception):
    pass


def committed_actions() -> list[str]:
    """What another connection sees: only what has been committed."""
    with db.engine.connect() as connection:
        return list(connection.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all())


def test_the_block_commits_when_it_ends(app):
    with transaction():
        audit.record(None, "first", "thing")
        assert in_transaction()
    assert not in_transaction()
    assert committed_actions() == ["first"]


def test_an_error_rolls_everything_back_and_is_raised_again(app):
    with pytest.raises(Refused), transaction():
        audit.record(None, "half", "thing")
        db.session.flush()  # written to the database, not yet committed
        raise Refused
    assert not in_transaction()
    assert committed_actions() == []
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_nested_block_joins_the_outer_one_and_does_not_commit_early(app):
    with transaction():
        audit.record(None, "outer", "thing")
        with transaction():
            audit.record(None, "inner", "thing")
        db.session.flush()
        assert committed_actions() == []  # the inner block's end committed nothing
    assert committed_actions() == ["outer", "inner"]


def test_an_error_in_a_nested_block_rolls_back_the_outer_work_too(app):
    with pytest.raises(Refused), transaction():
        audit.record(None, "outer", "thing")
        with transaction():
            audit.record(None, "inner", "thing")
            raise Refused
    assert committed_actions() == []


def test_a_caught_error_of_a_nested_block_still_writes_nothing(app):
    with pytest.raises(TransactionAborted), transaction():
        audit.record(None, "outer", "thing")
        try:
            with transaction():
                audit.record(None, "inner", "thing")
                raise Refused
        except Refused:
            pass  # carrying on would commit half the work: refused
    assert committed_actions() == []
    with transaction():  # the next transaction starts clean
        audit.record(None, "later", "thing")
    assert committed_actions() == ["later"]


def test_the_decorator_joins_a_caller_that_is_itself_decorated(app):
    seen = []

    @transactional
    def inner(action: str) -> str:
        audit.record(None, action, "thing")
        seen.append(committed_actions())
        return action

    @transactional
    def outer() -> list[str]:
        return [inner("one"), inner("two")]

    assert outer() == ["one", "two"]
    assert seen == [[], []]
    assert committed_actions() == ["one", "two"]
    assert inner("alone") == "alone"
    assert committed_actions() == ["one", "two", "alone"]


def test_after_commit_waits_for_the_outermost_commit(app):
    calls = []
    with transaction():
        with transaction():
            audit.record(None, "made", "thing")
            after_commit(lambda: calls.append(committed_actions()))
        assert calls == []
    assert calls == [["made"]]


def test_after_commit_is_dropped_when_the_transaction_rolls_back(app):
    calls = []
    with pytest.raises(Refused), transaction():
        after_commit(lambda: calls.append("sent"))
        raise Refused
    with transaction():
        pass
    assert calls == []


def test_after_commit_needs_a_transaction(app):
    with pytest.raises(RuntimeError):
        after_commit(lambda: None)
