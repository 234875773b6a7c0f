"""Evidence on a case: uploading, listing, downloading and removing its documents, and
the documents about to run out.

Only the case's assessing social worker and team managers see or download a case's
documents (:func:`can_see`); every upload, download and removal is in the audit trail
against the case. A file's kind is read from its content (``services.file_types``),
its size is limited by ``EVIDENCE_MAX_MB``, and it is stored under a generated key by
the configured backend (``services.storage``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import Application, ApplicationStage, CheckItem, User
from fostering.models.evidence import EvidenceDocument, EvidenceKind
from fostering.recruitment.services.allocation import ACTIVE_STAGES
from fostering.recruitment.services.casework import (
    CaseworkError,
    is_manager,
    require_case_worker,
)
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.services import audit, file_types
from fostering.services.storage import StorageError, evidence_storage, new_key
from fostering.services.transactions import after_commit, transaction

log = logging.getLogger(__name__)

# Documents may be added while the team works on the case, and after approval (a
# carer's renewed DBS certificate); not before it is submitted nor once it is closed.
OPEN_STAGES = (ApplicationStage.SUBMITTED.value, *ACTIVE_STAGES, ApplicationStage.APPROVED.value)
# A document running out within this many days is on the dashboard and the case page.
EXPIRY_WARNING_DAYS = 60
NAME_LIMIT = 200

# The kind of document a check's evidence usually is.
KIND_FOR_CHECK = {
    "dbs": EvidenceKind.DBS_CERTIFICATE,
    "reference_personal": EvidenceKind.REFERENCE,
    "reference_employer": EvidenceKind.REFERENCE,
    "reference_former_partner": EvidenceKind.REFERENCE,
    "reference_previous_fostering": EvidenceKind.REFERENCE,
    "medical": EvidenceKind.MEDICAL_REPORT,
    "la_check": EvidenceKind.LA_CHECK,
}


def max_bytes() -> int:
    return current_app.config["EVIDENCE_MAX_MB"] * 1024 * 1024


def upload_body_limit() -> int:
    """The largest request the upload page reads: twice the file limit, so a file a
    little too big still reaches the form, whose message says how big one may be."""
    return 2 * max_bytes() + 64 * 1024


def can_see(application: Application, user: User | None) -> bool:
    """The assessing social worker and team managers see a case's documents."""
    if user is None:
        return False
    return is_manager(user) or (
        application.assessing_worker_id is not None and application.assessing_worker_id == user.id
    )


def documents_for(application: Application) -> list[EvidenceDocument]:
    return list(
        db.session.scalars(
            select(EvidenceDocument)
            .where(EvidenceDocument.application_id == application.id)
            .order_by(EvidenceDocument.uploaded_at.desc(), EvidenceDocument.id.desc())
        )
    )


def tidy_name(filename: str | None) -> str | None:
    """The uploaded name, for showing only: no folders, no control characters, not too long."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:NAME_LIMIT] or None


def download_name(document: EvidenceDocument) -> str:
    """A safe file name for the download: the uploaded name's letters and digits, and the
    extension of what the file really is."""
    stem = (document.original_name or "").rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80]
    extension = file_types.BY_KEY[document.file_type].extension
    return f"{stem or document.kind}.{extension}"


def _check_for(application: Application, check_id: int | None) -> CheckItem | None:
    if check_id is None:
        return None
    check = db.session.get(CheckItem, check_id)
    if check is None or check.application_id != application.id:
        raise CaseworkError(RecruitmentCode.NOT_AN_OPTION, field="check")
    return check


def upload(
    application: Application,
    *,
    actor: User,
    kind: str,
    data: bytes,
    filename: str | None = None,
    check_id: int | None = None,
    expires_on: date | None = None,
) -> EvidenceDocument:
    """Check the file, store it under a new key, and record it on the case (and check).

    Nothing is recorded unless the file was stored, and the file is deleted again when
    the record cannot be written.
    """
    require_case_worker(application, actor)
    if application.stage not in OPEN_STAGES:
        raise CaseworkError(RecruitmentCode.EVIDENCE_CLOSED, stage=application.stage_enum.label)
    try:
        evidence_kind = EvidenceKind(kind)
    except ValueError:
        raise CaseworkError(RecruitmentCode.NOT_AN_OPTION, field="kind") from None
    check = _check_for(application, check_id)
    if data is None:
        raise CaseworkError(RecruitmentCode.FILE_MISSING, field="file")
    if not data:
        raise CaseworkError(RecruitmentCode.FILE_EMPTY, field="file")
    if len(data) > max_bytes():
        raise CaseworkError(
            RecruitmentCode.FILE_TOO_LARGE, field="file", size=current_app.config["EVIDENCE_MAX_MB"]
        )
    file_type = file_types.sniff(data)
    if file_type is None:
        raise CaseworkError(RecruitmentCode.FILE_WRONG_TYPE, field="file")

    storage = evidence_storage()
    key = new_key()
    try:
        storage.put(key, data, file_type.mime_type)
    except StorageError as error:
        log.error("Evidence upload could not be stored: %s", error)
        raise CaseworkError(RecruitmentCode.STORAGE_FAILED, field="file") from error
    try:
        with transaction():
            document = EvidenceDocument(
                application_id=application.id,
                check_id=check.id if check else None,
                kind=evidence_kind.value,
                storage_key=key,
                file_type=file_type.key,
                size_bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                original_name=tidy_name(filename),
                expires_on=expires_on,
                uploaded_by_id=actor.id,
            )
            db.session.add(document)
            db.session.flush()
            audit.record(
                actor,
                "evidence_uploaded",
                application,
                detail=f"document={document.id} kind={evidence_kind} type={file_type.key} "
                f"bytes={len(data)}" + (f" check={check.id}" if check else ""),
            )
    except BaseException:
        _delete_quietly(storage, key)
        raise
    return document


def _delete_quietly(storage, key: str) -> None:
    try:
        storage.delete(key)
    except StorageError as error:
        log.warning("A stored evidence file could not be deleted (key %s): %s", key, error)


@dataclass
class Download:
    document: EvidenceDocument
    chunks: Iterator[bytes]
    name: str
    mime_type: str


def download(document: EvidenceDocument, *, actor: User) -> Download:
    """Open ``document``'s file for ``actor`` and record who took it from which case.

    Raises ``PermissionError`` for someone who may not see the case's documents, and
    ``services.storage.MissingFile`` when the stored file has gone.
    """
    application = document.application
    if not can_see(application, actor):
        raise PermissionError("not this case's worker or a manager")
    chunks = evidence_storage().chunks(document.storage_key)
    with transaction():
        audit.record(
            actor,
            "evidence_downloaded",
            application,
            detail=f"document={document.id} kind={document.kind}",
        )
    return Download(
        document=document,
        chunks=chunks,
        name=download_name(document),
        mime_type=file_types.BY_KEY[document.file_type].mime_type,
    )


def remove(document: EvidenceDocument, *, actor: User) -> None:
    """Delete a document the case no longer needs (a wrong file, an expired one replaced).

    The record goes at once; the stored file once that is committed.
    """
    application = document.application
    require_case_worker(application, actor)
    key = document.storage_key
    with transaction():
        audit.record(
            actor,
            "evidence_removed",
            application,
            detail=f"document={document.id} kind={document.kind}",
        )
        db.session.delete(document)
        after_commit(lambda: _delete_quietly(evidence_storage(), key))


def delete_stored_files(documents: list[EvidenceDocument]) -> None:
    """Delete the files behind ``documents`` (retention), raising if the store fails, so
    the caller's transaction rolls back and a later run tries again."""
    storage = evidence_storage()
    for document in documents:
        storage.delete(document.storage_key)


# --- Expiry reminders ------------------------------------------------------------------


@dataclass(frozen=True)
class ExpiringDocument:
    document: EvidenceDocument
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    @property
    def title(self) -> str:
        """What the document is, and whom it is about when its check says."""
        label = self.document.kind_enum.label
        check = self.document.check_item
        if check is not None and check.subject_name:
            return f"{label} ({check.subject_name})"
        return label


def _expiring_statement(today: date):
    return (
        select(EvidenceDocument)
        .join(Application, Application.id == EvidenceDocument.application_id)
        .where(
            EvidenceDocument.expires_on.is_not(None),
            EvidenceDocument.expires_on <= today + timedelta(days=EXPIRY_WARNING_DAYS),
            Application.stage.in_(OPEN_STAGES),
        )
        .order_by(EvidenceDocument.expires_on, EvidenceDocument.id)
    )


def expiring(today: date, *, worker_id: int | None = None) -> list[ExpiringDocument]:
    """Documents on open and approved cases that have run out or run out within
    :data:`EXPIRY_WARNING_DAYS` days, soonest first (one worker's cases when given)."""
    stmt = _expiring_statement(today)
    if worker_id is not None:
        stmt = stmt.where(Application.assessing_worker_id == worker_id)
    return [
        ExpiringDocument(document, (document.expires_on - today).days)
        for document in db.session.scalars(stmt)
    ]


def expiring_for(application: Application, today: date) -> list[ExpiringDocument]:
    stmt = _expiring_statement(today).where(EvidenceDocument.application_id == application.id)
    return [
        ExpiringDocument(document, (document.expires_on - today).days)
        for document in db.session.scalars(stmt)
    ]
