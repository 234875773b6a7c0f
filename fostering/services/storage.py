"""Where uploaded files are kept: a folder on this machine, or S3-compatible storage.

``EVIDENCE_STORAGE`` in the configuration chooses: ``local`` (the default) keeps each
file under ``EVIDENCE_DIR`` (``instance/evidence``); ``s3`` keeps it in the bucket
``EVIDENCE_S3_BUCKET`` through boto3, at AWS or at any S3-compatible service named by
``EVIDENCE_S3_ENDPOINT_URL``, signed in with boto3's usual credentials (the
``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` variables or the machine's role).

Files are stored under keys made here (:func:`new_key`), never under a name that came
with an upload, so an upload cannot choose where it lands or overwrite another file.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flask import current_app

CHUNK_BYTES = 64 * 1024
KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")
BACKENDS = ("local", "s3")


class StorageError(RuntimeError):
    """The storage backend could not do what was asked (the file is not at risk)."""


class MissingFile(StorageError):
    """No file is stored under that key."""


def new_key() -> str:
    """A fresh, unguessable storage key (128 random bits as 32 hex digits)."""
    return secrets.token_hex(16)


def _checked(key: str) -> str:
    if not KEY_PATTERN.match(key or ""):
        raise StorageError("not a storage key")
    return key


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def chunks(self, key: str) -> Iterator[bytes]: ...

    def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files in a folder: ``ROOT/ab/abcdef…`` (the key's first two digits as a subfolder)."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        key = _checked(key)
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self.path(key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = path.with_name(f".{key}.partial")
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(partial, path)  # whole or not at all
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise StorageError(f"could not store the file: {error.strerror}") from error

    def chunks(self, key: str) -> Iterator[bytes]:
        path = self.path(key)
        if not path.is_file():
            raise MissingFile(key)
        return _read(path)

    def delete(self, key: str) -> None:
        try:
            self.path(key).unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"could not delete the file: {error.strerror}") from error


def _read(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            yield chunk


class S3Storage:
    """Objects in an S3 bucket (or an S3-compatible service) under ``prefix + key``."""

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        encryption: str | None = None,
        client=None,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.encryption = encryption
        if client is None:
            import boto3  # only loaded by services that store files in S3

            client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region)
        self.client = client

    def _key(self, key: str) -> str:
        return self.prefix + _checked(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        extra = {"ServerSideEncryption": self.encryption} if self.encryption else {}
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type,
                **extra,
            )  # fmt: skip
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"could not store the file: {type(error).__name__}") from error

    def chunks(self, key: str) -> Iterator[bytes]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise MissingFile(key) from None
            raise StorageError(f"could not read the file: {type(error).__name__}") from error
        except BotoCoreError as error:
            raise StorageError(f"could not read the file: {type(error).__name__}") from error
        return _stream(response["Body"])

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:  # deleting a key that is not there is not an error in S3
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"could not delete the file: {type(error).__name__}") from error


def _stream(body) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(CHUNK_BYTES)
    finally:
        body.close()


def _settings(config) -> tuple:
    return tuple(
        config.get(name)
        for name in (
            "EVIDENCE_STORAGE",
            "EVIDENCE_DIR",
            "EVIDENCE_S3_BUCKET",
            "EVIDENCE_S3_PREFIX",
            "EVIDENCE_S3_ENDPOINT_URL",
            "EVIDENCE_S3_REGION",
            "EVIDENCE_S3_ENCRYPTION",
        )
    )


def build(config) -> Storage:
    """The backend the configuration names."""
    if config["EVIDENCE_STORAGE"] == "s3":
        return S3Storage(
            config["EVIDENCE_S3_BUCKET"],
            prefix=config.get("EVIDENCE_S3_PREFIX") or "",
            endpoint_url=config.get("EVIDENCE_S3_ENDPOINT_URL"),
            region=config.get("EVIDENCE_S3_REGION"),
            encryption=config.get("EVIDENCE_S3_ENCRYPTION"),
        )
    return LocalStorage(config["EVIDENCE_DIR"])


def evidence_storage() -> Storage:
    """The app's evidence store, made once for each configuration the app has."""
    settings = _settings(current_app.config)
    cached = current_app.extensions.get("evidence_storage")
    if cached is None or cached[0] != settings:
        cached = (settings, build(current_app.config))
        current_app.extensions["evidence_storage"] = cached
    return cached[1]
