"""Import batches as the background job sees them: done, refused on a changed database,
failed with nothing written, and expired when left."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fostering import imports
from fostering.extensions import db
from fostering.imports import runner
from fostering.models import AuditEvent, Child, ImportBatch, Placement, Role
from fostering.models.import_batch import ImportStatus
from fostering.models.types import utcnow
from tests.factories import create_child, create_home, create_user
from tests.imports.files import CHILD_HEADER, add_postcodes, child_row, csv_bytes


@pytest.fixture(autouse=True)
def directory(app):
    add_postcodes()


def queued(kind: str, data: bytes) -> ImportBatch:
    user = create_user(role=Role.PLACEMENT_OFFICER)
    batch = imports.check_upload(kind, "file.csv", data, user=user)
    assert batch.is_clean
    batch.status = ImportStatus.QUEUED
    db.session.commit()
    return batch


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.commits  # on PostgreSQL the job records progress on a connection of its own
def test_the_job_imports_a_queued_batch_and_keeps_a_receipt(app):
    batch = queued("children", csv_bytes(CHILD_HEADER, [child_row("LAC1"), child_row("LAC2")]))
    runner.run_batch(batch.id)
    db.session.expire_all()
    batch = db.session.get(ImportBatch, batch.id)
    assert (batch.status, batch.rows_done, batch.content) == (ImportStatus.DONE, 2, None)
    assert count(Child) == 2
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import_completed"))
    assert (event.object_type, event.object_id) == ("import_batches", str(batch.id))
    assert "LAC1" not in (event.detail or "")  # no personal data in the audit detail
    runner.run_batch(batch.id)  # a second run of the same job does nothing
    assert count(Child) == 2


def test_places_taken_since_the_dry_run_stop_the_import(app):
    home = create_home(beds=1)
    first, second = create_child(), create_child()
    data = csv_bytes(
        ["child reference", "provider reference", "start date", "weekly cost"],
        [[first.reference, home.reference, "2025-09-01", "3800"]],
    )
    batch = queued("current_placements", data)
    from tests.factories import create_placement

    create_placement(child=second, provider=home)  # the last bed goes meanwhile
    runner.run_batch(batch.id)
    db.session.expire_all()
    batch = db.session.get(ImportBatch, batch.id)
    assert (batch.status, batch.failure, batch.problem_count) == (
        ImportStatus.FAILED,
        "problems_found",
        1,
    )
    assert count(Placement) == 1


def test_a_job_that_fails_part_way_writes_nothing_and_says_so(app, monkeypatch):
    from fostering.imports.people import Children

    def broken(self, rows, *, actor, progress):
        db.session.execute(
            Child.__table__.insert(),
            [{**child, "sibling_group_id": None} for child in _strip(rows)],
        )
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Children, "write", broken)
    batch = queued("children", csv_bytes(CHILD_HEADER, [child_row("LAC1")]))
    with pytest.raises(RuntimeError):
        runner.run_batch(batch.id)
    db.session.expire_all()
    assert db.session.get(ImportBatch, batch.id).status == ImportStatus.FAILED
    assert count(Child) == 0 and count(AuditEvent) == 0


def _strip(rows):
    now = utcnow()
    for row in rows:
        values = {k: v for k, v in row.items() if k not in ("group", "may_split")}
        yield {**values, "created_at": now, "updated_at": now}


def test_files_left_unimported_expire_after_a_day(app):
    user = create_user(role=Role.PLACEMENT_OFFICER)
    old = imports.check_upload(
        "children", "old.csv", csv_bytes(CHILD_HEADER, [child_row()]), user=user
    )
    old.created_at = utcnow() - timedelta(days=2)
    db.session.commit()
    imports.check_upload("children", "new.csv", csv_bytes(CHILD_HEADER, [child_row()]), user=user)
    assert [b.filename for b in db.session.scalars(select(ImportBatch))] == ["new.csv"]
