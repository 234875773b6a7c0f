"""Uploaded import files, kept between the dry run and the import itself.

A batch holds the uploaded bytes so the file checked is exactly the file imported; the
bytes are dropped once the import has finished (the row stays as a receipt with its
counts), and unfinished batches expire after a day. Only the uploader may see a batch.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from fostering.extensions import db
from fostering.models.types import UTCDateTime, utcnow


class ImportStatus:
    CHECKING = "checking"  # a large file's dry run, running as a background job
    CHECKED = "checked"  # dry run done; problems (if any) stored
    QUEUED = "queued"  # confirmed, waiting for the job to start
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ImportBatch(db.Model):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(200))
    # The uploaded file; null once imported.
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.CHECKED)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    problem_count: Mapped[int] = mapped_column(Integer, default=0)
    # [row, column, code, params] for each problem found by the dry run (capped).
    problems: Mapped[list] = mapped_column(JSON, default=list)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    # A code for what went wrong when an import failed (no personal data).
    failure: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def is_clean(self) -> bool:
        return self.problem_count == 0 and self.row_count > 0

    def __repr__(self) -> str:
        return f"<ImportBatch {self.id} {self.kind} {self.status}>"


class ImportedPlacement(db.Model):
    """The old system's reference of a placement imported into the ledger.

    Placements have no reference of their own; this keeps the one a historical file gave,
    so importing the same history twice is refused rather than doubling the ledger.
    """

    __tablename__ = "imported_placements"

    reference: Mapped[str] = mapped_column(String(40), primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
