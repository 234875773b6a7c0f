"""Evidence on a case: documents checked by their content and size, stored under keys of
our own (in a folder or S3), downloaded only by the case's worker and team managers and
every download audited, removed on request and by retention, and the ones running out
raised on the dashboard and the case page. DBS checks record the certificate too."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fostering.config import ConfigError, load_config
from fostering.models import AuditEvent, EvidenceDocument, Role
from fostering.models.types import utcnow
from fostering.recruitment.services import checks, evidence
from fostering.recruitment.services.casework import CaseworkError, office_today
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.services import file_types, retention
from fostering.services.storage import LocalStorage, MissingFile, StorageError
from fostering.services.transactions import transaction
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_case, create_user

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20) + b"\xff\xd9"
# A Windows program, a web page and a spreadsheet, each named as if it were accepted.
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64)
WEB_PAGE = b"<!DOCTYPE html><script>alert(1)</script>"


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


DOCX = _zip("[Content_Types].xml", "_rels/.rels", "word/document.xml")
XLSX = _zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")
WRONG_TYPE = "The selected file must be a PDF, JPEG, PNG or Word (DOCX) file"


@pytest.fixture
def store(app, tmp_path):
    """Documents kept in a folder of this test's own."""
    app.config.update(EVIDENCE_STORAGE="local", EVIDENCE_DIR=str(tmp_path / "evidence"))
    return tmp_path / "evidence"


@pytest.fixture
def team(db_session):
    return {
        "manager": create_user(role=Role.TEAM_MANAGER, name="Gareth Jones"),
        "worker": create_user(role=Role.SOCIAL_WORKER, name="Siân Evans"),
        "other": create_user(role=Role.SOCIAL_WORKER, name="Rhys Other"),
        "officer": create_user(role=Role.PLACEMENT_OFFICER),
    }


@pytest.fixture
def case(team, db_session):
    case = create_case(stage="stage_1", worker=team["worker"])
    with transaction():
        checks.generate_checks(case, actor=None)
    return case


def _check(case, kind: str):
    return next(item for item in checks.checks_for(case) if item.kind == kind)


def _date(day) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def _upload(client, case, data: bytes, filename: str, **fields):
    url = f"/fostering-team/applications/{case.id}/documents/upload"
    payload = {"kind": "identity", "check": "", "file": (io.BytesIO(data), filename), **fields}
    return form_post(client, url, payload)


def _stored_files(store) -> list:
    return sorted(path for path in store.rglob("*") if path.is_file()) if store.exists() else []


def _documents(db_session) -> list[EvidenceDocument]:
    return list(db_session.scalars(select(EvidenceDocument).order_by(EvidenceDocument.id)))


def _signed_in(client, user):
    sign_in(client, user)
    return client


# --- What a file is: read from its content ---------------------------------------------


@pytest.mark.parametrize(
    ("data", "key"),
    [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"), (DOCX, "docx")],
)
def test_accepted_kinds_are_known_by_their_content(data, key):
    assert file_types.sniff(data).key == key


@pytest.mark.parametrize("data", [PROGRAM, WEB_PAGE, XLSX, b"PK\x03\x04 not a zip", b""])
def test_anything_else_is_none_of_them(data):
    assert file_types.sniff(data) is None


# --- Uploading -------------------------------------------------------------------------


def test_the_worker_adds_a_dbs_certificate_to_the_check(client, store, team, case, db_session):
    dbs = _check(case, "dbs")
    _signed_in(client, team["worker"])
    page = client.get(f"/fostering-team/applications/{case.id}/documents/upload?check={dbs.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html
    assert 'value="dbs_certificate" checked' in html  # the check's kind is chosen already
    expiry = office_today() + timedelta(days=3 * 365)
    response = _upload(
        client,
        case,
        PDF,
        "DBS scan.pdf",
        kind="dbs_certificate",
        check=str(dbs.id),
        expires_on=_date(expiry),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/checks/{dbs.id}")
    [document] = _documents(db_session)
    assert (document.kind, document.check_id, document.file_type) == (
        "dbs_certificate",
        dbs.id,
        "pdf",
    )
    assert (document.size_bytes, document.original_name, document.expires_on) == (
        len(PDF),
        "DBS scan.pdf",
        expiry,
    )
    # Stored under a key of our own, not the uploaded name, with the bytes as sent.
    [stored] = _stored_files(store)
    assert stored.name == document.storage_key and "DBS" not in str(stored)
    assert stored.read_bytes() == PDF
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence_uploaded"))
    assert (event.user_id, event.object_type, event.object_id) == (
        team["worker"].id,
        "applications",
        str(case.id),
    )
    assert "DBS scan" not in event.detail  # no file names (personal data) in the audit
    check_page = page_text(client.get(f"/fostering-team/applications/{case.id}/checks/{dbs.id}"))
    assert "Documents for this check" in check_page and "DBS scan.pdf" in check_page


def test_a_file_disguised_by_its_name_is_refused_and_nothing_is_kept(
    client, store, team, case, db_session
):
    _signed_in(client, team["worker"])
    for data, name in ((PROGRAM, "passport.pdf"), (WEB_PAGE, "photo.png"), (XLSX, "form-f.docx")):
        response = _upload(client, case, data, name, kind="form_f")
        assert response.status_code == 400, name
        text = page_text(response)
        assert WRONG_TYPE in text
        assert "There is a problem" in text
        # What was chosen stays chosen.
        assert 'value="form_f" checked' in response.get_data(as_text=True)
    assert _documents(db_session) == [] and _stored_files(store) == []


def test_an_oversized_file_is_refused_with_the_limit(client, store, team, case, db_session, app):
    app.config["EVIDENCE_MAX_MB"] = 1
    _signed_in(client, team["worker"])
    big = PDF + b"0" * (1024 * 1024)
    response = _upload(client, case, big, "big.pdf")
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 MB" in page_text(response)
    # Far past the limit, the request itself is refused before it is read.
    huge = PDF + b"0" * (3 * 1024 * 1024)
    assert _upload(client, case, huge, "huge.pdf").status_code == 413
    assert _documents(db_session) == [] and _stored_files(store) == []


def test_an_empty_or_missing_file_says_what_to_do(client, store, team, case, db_session):
    _signed_in(client, team["worker"])
    assert "The selected file is empty" in page_text(_upload(client, case, b"", "empty.pdf"))
    url = f"/fostering-team/applications/{case.id}/documents/upload"
    missing = form_post(client, url, {"kind": "identity", "check": ""})
    assert missing.status_code == 400
    assert "Select a file to upload" in page_text(missing)
    assert _documents(db_session) == []


def test_a_path_in_the_file_name_goes_nowhere(client, store, team, case, db_session):
    _signed_in(client, team["worker"])
    response = _upload(client, case, PNG, "../../etc/\x07passwd.png")
    assert response.status_code == 302
    [document] = _documents(db_session)
    assert document.original_name == "passwd.png"
    [stored] = _stored_files(store)
    assert stored.parent.parent == store
    with pytest.raises(StorageError):
        LocalStorage(store).path("../../etc/passwd")


def test_a_check_from_another_case_is_refused(client, store, team, case, db_session):
    other_case = create_case(stage="stage_1", worker=team["worker"])
    with transaction():
        checks.generate_checks(other_case, actor=None)
    foreign = checks.checks_for(other_case)[0]
    with pytest.raises(CaseworkError) as refused:
        evidence.upload(case, actor=team["worker"], kind="reference", data=PDF, check_id=foreign.id)
    assert (refused.value.code, refused.value.field) == (RecruitmentCode.NOT_AN_OPTION, "check")


def test_only_the_case_worker_or_a_manager_adds_documents_and_not_once_closed(
    store, team, case, db_session
):
    with pytest.raises(CaseworkError) as refused:
        evidence.upload(case, actor=team["other"], kind="identity", data=PDF)
    assert refused.value.code is RecruitmentCode.NOT_CASE_WORKER
    evidence.upload(case, actor=team["manager"], kind="identity", data=PDF)
    case.stage = "withdrawn"
    db_session.commit()
    with pytest.raises(CaseworkError) as closed:
        evidence.upload(case, actor=team["worker"], kind="identity", data=PDF)
    assert str(closed.value.message) == (
        "Documents can only be added to a case that is open or approved. "
        "This application is at the Withdrawn stage."
    )
    assert len(_documents(db_session)) == 1


def test_a_record_that_cannot_be_written_leaves_no_file(store, team, case, db_session, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(evidence.audit, "record", fail)
    with pytest.raises(RuntimeError):
        evidence.upload(case, actor=team["worker"], kind="identity", data=PDF)
    assert _stored_files(store) == []
    assert _documents(db_session) == []


# --- The case page, downloading and removing ---------------------------------------


def test_the_case_page_lists_documents_or_says_there_are_none(
    client, store, team, case, db_session
):
    _signed_in(client, team["worker"])
    url = f"/fostering-team/applications/{case.id}"
    assert "No documents have been added to this case yet." in page_text(client.get(url))
    evidence.upload(case, actor=team["worker"], kind="identity", data=JPEG, filename="pass.jpg")
    dbs = _check(case, "dbs")
    evidence.upload(case, actor=team["worker"], kind="dbs_certificate", data=PDF, check_id=dbs.id)
    text = page_text(client.get(url))
    assert "pass.jpg Proof of identity · JPEG, 1 KB" in text
    # A document on a check says which check (and whom it is about).
    assert f"DBS certificate · PDF, 1 KB {checks.describe_check(dbs)}" in text
    # A social worker who is not on the case sees that the documents are not theirs to see.
    other = client.application.test_client()
    _signed_in(other, team["other"])
    text = page_text(other.get(url))
    assert "Only the assessing social worker and team managers can see" in text
    assert "pass.jpg" not in text


def test_the_worker_downloads_a_document_and_the_download_is_audited(
    client, store, team, case, db_session
):
    document = evidence.upload(
        case, actor=team["worker"], kind="medical_report", data=DOCX, filename="GP report.docx"
    )
    _signed_in(client, team["worker"])
    response = client.get(f"/fostering-team/applications/{case.id}/documents/{document.id}")
    assert response.status_code == 200
    assert response.data == DOCX
    assert response.mimetype == file_types.DOCX.mime_type
    assert response.headers["Content-Disposition"] == "attachment; filename=GP-report.docx"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    [event] = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "evidence_downloaded")
    )
    assert (event.user_id, event.object_type, event.object_id) == (
        team["worker"].id,
        "applications",
        str(case.id),
    )
    assert event.detail == f"document={document.id} kind=medical_report"
    assert event.at is not None


def test_a_download_by_someone_without_access_is_refused_and_not_served(
    client, store, team, case, db_session
):
    document = evidence.upload(case, actor=team["worker"], kind="identity", data=PDF)
    url = f"/fostering-team/applications/{case.id}/documents/{document.id}"
    _signed_in(client, team["other"])  # a social worker, but not this case's
    response = client.get(url)
    assert response.status_code == 404 and response.data != PDF
    officer = client.application.test_client()
    _signed_in(officer, team["officer"])
    assert officer.get(url).status_code == 403
    with pytest.raises(PermissionError):
        evidence.download(document, actor=team["other"])
    downloads = db_session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "evidence_downloaded")
    )
    assert downloads == 0
    # A document is only reached through its own case.
    manager = client.application.test_client()
    _signed_in(manager, team["manager"])
    other_case = create_case(stage="stage_1", worker=team["worker"])
    wrong = f"/fostering-team/applications/{other_case.id}/documents/{document.id}"
    assert manager.get(wrong).status_code == 404
    assert manager.get(url).data == PDF


def test_a_missing_stored_file_is_explained(client, store, team, case, db_session):
    document = evidence.upload(case, actor=team["worker"], kind="identity", data=PDF)
    LocalStorage(store).delete(document.storage_key)
    _signed_in(client, team["worker"])
    response = client.get(
        f"/fostering-team/applications/{case.id}/documents/{document.id}", follow_redirects=True
    )
    assert "The file for this document is missing from storage." in page_text(response)


def test_removing_a_document_deletes_it_and_its_file(client, store, team, case, db_session):
    document = evidence.upload(case, actor=team["worker"], kind="identity", data=PDF)
    url = f"/fostering-team/applications/{case.id}/documents/{document.id}/remove"
    _signed_in(client, team["worker"])
    assert "Remove this document?" in page_text(client.get(url))
    response = form_post(client, url)
    assert response.status_code == 302
    db_session.expire_all()
    assert _documents(db_session) == [] and _stored_files(store) == []
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence_removed"))
    other = client.application.test_client()
    _signed_in(other, team["other"])
    assert other.get(url).status_code == 404


# --- Expiry reminders ----------------------------------------------------------------


def test_documents_running_out_are_raised_on_the_dashboard_and_the_case(
    client, store, team, case, db_session
):
    today = office_today()
    dbs = _check(case, "dbs")
    evidence.upload(
        case,
        actor=team["worker"],
        kind="dbs_certificate",
        data=PDF,
        check_id=dbs.id,
        expires_on=today + timedelta(days=10),
    )
    evidence.upload(
        case, actor=team["worker"], kind="identity", data=PNG, expires_on=today - timedelta(1)
    )
    evidence.upload(
        case, actor=team["worker"], kind="identity", data=PNG, expires_on=today + timedelta(100)
    )
    closed = create_case(stage="stage_1", worker=team["worker"])
    evidence.upload(closed, actor=team["worker"], kind="identity", data=PNG, expires_on=today)
    closed.stage = "withdrawn"
    db_session.commit()

    due = evidence.expiring(today)
    assert [(row.document.kind, row.days_left, row.expired) for row in due] == [
        ("identity", -1, True),
        ("dbs_certificate", 10, False),
    ]
    assert evidence.expiring(today, worker_id=team["other"].id) == []

    _signed_in(client, team["worker"])
    dashboard = page_text(client.get("/fostering-team/"))
    assert "2 documents expired or expiring in the next 60 days" in dashboard
    assert f"DBS certificate ({dbs.subject_name})" in dashboard
    case_page = page_text(client.get(f"/fostering-team/applications/{case.id}"))
    assert "2 documents have expired or expire within 60 days." in case_page
    assert "Proof of identity expired on" in case_page
    assert f"DBS certificate ({dbs.subject_name}) expires on" in case_page


def test_nothing_running_out_says_so(client, team, db_session):
    _signed_in(client, team["worker"])
    assert "No documents expire in the next 60 days." in page_text(client.get("/fostering-team/"))


# --- The DBS certificate on the DBS check ----------------------------------------------


def test_the_dbs_check_records_the_certificate_number_and_date(client, team, case, db_session):
    dbs = _check(case, "dbs")
    url = f"/fostering-team/applications/{case.id}/checks/{dbs.id}"
    _signed_in(client, team["worker"])
    assert "DBS certificate number" in page_text(client.get(url))
    issued = office_today() - timedelta(days=3)
    bad = form_post(
        client, url, {"status": "cleared", "dbs_certificate_number": "12345", "notes": "kept"}
    )
    assert bad.status_code == 400
    assert "Enter the 12-digit DBS certificate number, like 001234567890" in page_text(bad)
    assert 'value="12345"' in bad.get_data(as_text=True)
    future = form_post(
        client,
        url,
        {
            "status": "cleared",
            "dbs_certificate_number": "0012 3456 7890",
            "dbs_issued_on": _date(office_today() + timedelta(days=1)),
        },
    )
    assert "The date the certificate was issued must be today or in the past" in page_text(future)
    db_session.expire_all()
    assert dbs.dbs_certificate_number is None and dbs.status == "requested"
    good = form_post(
        client,
        url,
        {
            "status": "cleared",
            "dbs_certificate_number": "0012 3456 7890",
            "dbs_issued_on": _date(issued),
        },
    )
    assert good.status_code == 302
    db_session.expire_all()
    assert (dbs.dbs_certificate_number, dbs.dbs_issued_on, dbs.status) == (
        "001234567890",
        issued,
        "cleared",
    )
    case_page = page_text(client.get(f"/fostering-team/applications/{case.id}"))
    assert "Certificate 001234567890, issued" in case_page
    # Other checks have no certificate to record.
    reference = _check(case, "reference_personal")
    assert "DBS certificate number" not in page_text(
        client.get(f"/fostering-team/applications/{case.id}/checks/{reference.id}")
    )


def test_saving_a_check_elsewhere_keeps_the_certificate(team, case, db_session):
    dbs = _check(case, "dbs")
    number, issued = "001234567890", office_today()
    checks.update_check(dbs, actor=team["worker"], status="received",
                        dbs_certificate_number=number, dbs_issued_on=issued)  # fmt: skip
    checks.update_check(dbs, actor=team["worker"], status="cleared")
    assert (dbs.dbs_certificate_number, dbs.dbs_issued_on) == ("001234567890", office_today())


# --- Retention deletes the stored files too ---------------------------------------------


def _expired_case(team, db_session):
    case = create_case(stage="stage_1", worker=team["worker"])
    document = evidence.upload(case, actor=team["worker"], kind="identity", data=PDF)
    case.stage = "withdrawn"
    case.stage_changed_at = utcnow() - timedelta(days=5 * 366)
    db_session.commit()
    return case, document


def test_retention_deletes_an_old_applications_documents_and_their_files(store, team, db_session):
    _expired_case(team, db_session)
    assert len(_stored_files(store)) == 1
    assert retention.run(dry_run=True).documents == 1
    assert len(_stored_files(store)) == 1  # a dry run deletes nothing
    outcome = retention.run(dry_run=False)
    assert outcome.documents == 1 and "documents deleted: 1" in outcome.summary()
    db_session.expire_all()
    assert _documents(db_session) == [] and _stored_files(store) == []


def test_retention_changes_nothing_when_a_file_cannot_be_deleted(
    store, team, db_session, monkeypatch
):
    case, document = _expired_case(team, db_session)

    def refuse(self, key):
        raise StorageError("the store is down")

    monkeypatch.setattr(LocalStorage, "delete", refuse)
    with pytest.raises(StorageError):
        retention.run(dry_run=False)
    db_session.expire_all()
    assert [d.id for d in _documents(db_session)] == [document.id]
    assert db_session.get(type(case), case.id).first_name != retention.REMOVED
    assert len(_stored_files(store)) == 1


# --- Configuration -------------------------------------------------------------------


def test_the_storage_settings_are_checked_at_start_up(monkeypatch):
    monkeypatch.setenv("EVIDENCE_STORAGE", "s3")
    monkeypatch.delenv("EVIDENCE_S3_BUCKET", raising=False)
    with pytest.raises(ConfigError, match="EVIDENCE_S3_BUCKET is not set"):
        load_config({"TESTING": True})
    monkeypatch.setenv("EVIDENCE_STORAGE", "dropbox")
    with pytest.raises(ConfigError, match="set it to local"):
        load_config({"TESTING": True})
    monkeypatch.setenv("EVIDENCE_STORAGE", "local")
    assert load_config({"TESTING": True})["EVIDENCE_DIR"].endswith("instance/evidence")


def test_a_local_store_reports_a_missing_file(tmp_path):
    with pytest.raises(MissingFile):
        LocalStorage(tmp_path).chunks("0" * 32)
