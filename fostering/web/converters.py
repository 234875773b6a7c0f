"""URL converters: an ``<int:id>`` no database column can hold is a 404, not a 500.

Werkzeug's own ``int`` converter takes any number of digits; an id of 2**64 then reaches
the database driver, which cannot bind it. Ids here are at most a signed 64-bit integer
(PostgreSQL's BIGINT, SQLite's INTEGER).
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

LARGEST_ID = 2**63 - 1


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)
