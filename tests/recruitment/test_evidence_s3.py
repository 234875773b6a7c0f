"""The S3 evidence store, against moto's fake S3 served on 127.0.0.1 (no network): the
same pages and services as with a folder, with the files as objects in a bucket."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from fostering.models import EvidenceDocument, Role
from fostering.models.types import utcnow
from fostering.recruitment.services import evidence
from fostering.services import retention
from fostering.services.storage import MissingFile, S3Storage, evidence_storage
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_case, create_user

PDF = b"%PDF-1.7\n" + b"x" * 200_000 + b"\n%%EOF\n"  # several chunks when read back
PREFIX = "evidence/"
_buckets = itertools.count(1)


@pytest.fixture(scope="module")
def fake_s3():
    """moto's S3 in a thread on a free port of 127.0.0.1, for this module's tests."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(app, fake_s3, monkeypatch):
    """A new bucket, and the app storing evidence in it."""
    import boto3

    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_SESSION_TOKEN", "testing"),
    ):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    name = f"council-evidence-{next(_buckets)}"
    client = boto3.client("s3", endpoint_url=fake_s3, region_name="eu-west-2")
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    app.config.update(
        EVIDENCE_STORAGE="s3",
        EVIDENCE_S3_BUCKET=name,
        EVIDENCE_S3_PREFIX=PREFIX,
        EVIDENCE_S3_ENDPOINT_URL=fake_s3,
        EVIDENCE_S3_REGION="eu-west-2",
    )
    return client, name


def _objects(client, name) -> list[str]:
    listed = client.list_objects_v2(Bucket=name)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def test_the_configuration_chooses_s3(app, bucket):
    storage = evidence_storage()
    assert isinstance(storage, S3Storage) and storage.bucket == bucket[1]


def _upload_as_a_new_worker(client, kind: str, filename: str):
    worker = create_user(role=Role.SOCIAL_WORKER)
    case = create_case(stage="stage_1", worker=worker)
    sign_in(client, worker)
    response = form_post(
        client,
        f"/fostering-team/applications/{case.id}/documents/upload",
        {"kind": kind, "check": "", "file": (io.BytesIO(PDF), filename)},
    )
    return case, response


def test_a_document_goes_to_the_bucket_comes_back_and_is_removed(app, client, bucket, db_session):
    s3, name = bucket
    app.config["EVIDENCE_S3_ENCRYPTION"] = "AES256"
    case, response = _upload_as_a_new_worker(client, "form_f", "Form F final.pdf")
    assert response.status_code == 302
    document = db_session.scalar(select(EvidenceDocument))
    assert _objects(s3, name) == [PREFIX + document.storage_key]
    head = s3.head_object(Bucket=name, Key=PREFIX + document.storage_key)
    assert head["ContentType"] == "application/pdf" and head["ContentLength"] == len(PDF)
    assert head["ServerSideEncryption"] == "AES256"

    download = client.get(f"/fostering-team/applications/{case.id}/documents/{document.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"] == "attachment; filename=Form-F-final.pdf"

    remove = f"/fostering-team/applications/{case.id}/documents/{document.id}/remove"
    assert form_post(client, remove).status_code == 302
    assert _objects(s3, name) == []


def test_retention_deletes_the_objects(app, bucket, db_session):
    s3, name = bucket
    worker = create_user(role=Role.SOCIAL_WORKER)
    case = create_case(stage="stage_1", worker=worker)
    evidence.upload(case, actor=worker, kind="identity", data=PDF)
    kept = create_case(stage="stage_1", worker=worker)
    still_needed = evidence.upload(kept, actor=worker, kind="identity", data=PDF)
    case.stage = "withdrawn"
    case.stage_changed_at = utcnow() - timedelta(days=5 * 366)
    db_session.commit()
    assert len(_objects(s3, name)) == 2
    assert retention.run(dry_run=False).documents == 1
    assert _objects(s3, name) == [PREFIX + still_needed.storage_key]


def test_a_missing_object_and_a_missing_bucket_are_reported(app, bucket, client, db_session):
    storage = evidence_storage()
    with pytest.raises(MissingFile):
        storage.chunks("0" * 32)
    app.config["EVIDENCE_S3_BUCKET"] = "no-such-bucket"
    _, response = _upload_as_a_new_worker(client, "identity", "id.pdf")
    assert response.status_code == 400
    assert "The document could not be stored, so nothing was saved." in page_text(response)
    assert db_session.scalar(select(EvidenceDocument)) is None
