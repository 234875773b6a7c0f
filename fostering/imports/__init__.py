"""Imports from a council's old case system: CSV or XLSX, checked in full, all or nothing.

Kinds: children, carers, homes, agencies, current placements, safeguarding exclusions
(placement officers) and historical placements for the ledger (commissioners). The
columns of each are in ``docs/imports.md`` and each kind's ``columns``.
"""

from fostering.imports import ledger, people, providers  # noqa: F401  (register kinds)
from fostering.imports.kinds import KINDS, Kind, kinds_for
from fostering.imports.reading import FileError
from fostering.imports.runner import (
    ImportRefused,
    check,
    check_stale,
    check_upload,
    import_file,
    rows_done,
    start_import,
)

__all__ = [
    "KINDS",
    "FileError",
    "ImportRefused",
    "Kind",
    "check",
    "check_stale",
    "check_upload",
    "import_file",
    "kinds_for",
    "rows_done",
    "start_import",
]
