"""Evidence: the documents the fostering team keeps on a case and on each Stage 1 check
(a DBS certificate, references, the medical report, Form F, panel papers and minutes,
proof of identity).

The file itself is kept by a storage backend (``fostering.services.storage``) under a
generated key; this row holds what the team needs to find it and whether it is still in
date. The name the file was uploaded with is kept only to show on the page: it never
names where the file is stored nor decides what kind of file it is.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow
from fostering.models.user import User

if TYPE_CHECKING:
    from fostering.models.application import Application
    from fostering.models.assessment import CheckItem


class EvidenceKind(LabelledEnum):
    DBS_CERTIFICATE = "dbs_certificate"
    REFERENCE = "reference"
    MEDICAL_REPORT = "medical_report"
    LA_CHECK = "la_check"
    IDENTITY = "identity"
    FORM_F = "form_f"
    PANEL_PAPERS = "panel_papers"
    PANEL_MINUTES = "panel_minutes"
    OTHER = "other"


labels_for(
    EvidenceKind,
    {
        EvidenceKind.DBS_CERTIFICATE: _l("DBS certificate"),
        EvidenceKind.REFERENCE: _l("Reference"),
        EvidenceKind.MEDICAL_REPORT: _l("Medical report"),
        EvidenceKind.LA_CHECK: _l("Local authority check reply"),
        EvidenceKind.IDENTITY: _l("Proof of identity"),
        EvidenceKind.FORM_F: _l("Form F assessment report"),
        EvidenceKind.PANEL_PAPERS: _l("Panel papers"),
        EvidenceKind.PANEL_MINUTES: _l("Panel minutes"),
        EvidenceKind.OTHER: _l("Other document"),
    },
)


class EvidenceDocument(db.Model):
    """One stored document on a case, and on one of its checks when ``check_id`` is set."""

    __tablename__ = "evidence_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    check_id: Mapped[int | None] = mapped_column(
        ForeignKey("check_items.id", ondelete="SET NULL"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    # Where the storage backend keeps the file: generated, never from the upload.
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    # What the file's content was found to be (fostering.services.file_types).
    file_type: Mapped[str] = mapped_column(String(8))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # The uploaded file's name, tidied, for people to recognise it; null once removed.
    original_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # When an identity document or DBS certificate runs out or must be renewed.
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship()
    check_item: Mapped[CheckItem | None] = relationship()
    uploaded_by: Mapped[User | None] = relationship()

    @property
    def kind_enum(self) -> EvidenceKind:
        return EvidenceKind(self.kind)

    def __repr__(self) -> str:  # no personal data in reprs: they end up in logs
        return f"<EvidenceDocument {self.id} {self.kind} {self.file_type}>"
