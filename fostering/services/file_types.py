"""What kind of file an upload really is, read from its content (never its name).

A file is accepted only when its first bytes (its "magic number") say it is one of the
kinds listed in :data:`ACCEPTED`; a Word document is a ZIP archive, so it must also hold
the parts every ``.docx`` has. Anything else, whatever it is called, is refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    key: str  # stored on the record: "pdf", "jpeg", "png", "docx"
    name: str  # how people know it, on the page
    extension: str
    mime_type: str


PDF = FileType("pdf", "PDF", "pdf", "application/pdf")
JPEG = FileType("jpeg", "JPEG", "jpg", "image/jpeg")
PNG = FileType("png", "PNG", "png", "image/png")
DOCX = FileType(
    "docx",
    "Word (DOCX)",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
ACCEPTED = (PDF, JPEG, PNG, DOCX)
BY_KEY = {file_type.key: file_type for file_type in ACCEPTED}

ZIP_MAGIC = b"PK\x03\x04"
# Every Word document holds these two parts; a spreadsheet or any other ZIP does not.
DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
# A .docx with more entries than this is not a document someone wrote.
DOCX_MAX_ENTRIES = 10_000


def sniff(data: bytes) -> FileType | None:
    """The accepted kind ``data`` is, or None when it is none of them."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(ZIP_MAGIC) and _is_docx(data):
        return DOCX
    return None


def _is_docx(data: bytes) -> bool:
    """A ZIP archive with a Word document's parts (read from its directory, not unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > DOCX_MAX_ENTRIES:
                return False
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return all(part in names for part in DOCX_PARTS)
