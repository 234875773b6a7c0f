"""Where a scenario's new homes and carers are: a postcode, or points spread over an area.

A postcode puts every new provider of the change at that postcode's grid reference. An
area (an ONS local authority code) spreads them: the area's postcodes in the directory
are sorted west to east and cut into as many bands of equal size as there are new
providers, and each provider goes to the centroid (mean easting and northing) of its
band. One provider goes to the centroid of the whole area. This is deterministic, keeps
every point inside the populated part of the area, and spreads several providers across
it rather than stacking them in the middle.
"""

from __future__ import annotations

from sqlalchemy import select

from fostering.commissioning.scenarios.errors import ScenarioCode, ScenarioError
from fostering.extensions import db
from fostering.models.postcode import Postcode
from fostering.services import postcodes


def check_where(postcode: str | None, area: str | None) -> dict[str, str]:
    """``{"postcode": "CF10 1AA"}`` or ``{"area": "W06000015"}``, checked against the
    directory; refused when neither, both, or one it does not know."""
    postcode = (postcode or "").strip()
    area = (area or "").strip().upper()
    if postcode and area:
        raise ScenarioError(ScenarioCode.WHERE_BOTH, field="postcode")
    if postcode:
        normalised = postcodes.normalise(postcode)
        if normalised is None:
            raise ScenarioError(ScenarioCode.POSTCODE_MALFORMED, field="postcode")
        if postcodes.lookup(normalised) is None:
            raise ScenarioError(ScenarioCode.POSTCODE_UNKNOWN, field="postcode")
        return {"postcode": normalised}
    if area:
        if len(area) > 9 or not _area_has_postcodes(area):
            raise ScenarioError(ScenarioCode.AREA_EMPTY, field="area")
        return {"area": area}
    raise ScenarioError(ScenarioCode.WHERE_MISSING, field="postcode")


def _area_has_postcodes(area: str) -> bool:
    found = select(Postcode.postcode).where(Postcode.local_authority == area).limit(1)
    return db.session.scalar(found) is not None


def points(where: dict[str, str], count: int) -> list[tuple[int, int, str]]:
    """``count`` (easting, northing, local authority) places for ``where``."""
    if "postcode" in where:
        row = postcodes.lookup(where["postcode"])
        if row is None:
            raise ScenarioError(ScenarioCode.POSTCODE_UNKNOWN, field="postcode")
        return [(row.easting, row.northing, row.local_authority)] * count
    area = where["area"]
    grid = list(
        db.session.execute(
            select(Postcode.easting, Postcode.northing)
            .where(Postcode.local_authority == area)
            .order_by(Postcode.easting, Postcode.northing, Postcode.postcode)
        )
    )
    if not grid:
        raise ScenarioError(ScenarioCode.AREA_EMPTY, field="area")
    return [(*_centroid(band), area) for band in _bands(grid, count)]


def _bands(grid: list, count: int) -> list[list]:
    """``grid`` cut into ``count`` consecutive bands as equal as can be (a band may repeat
    a postcode when there are fewer postcodes than providers)."""
    size = len(grid)
    bands = []
    for index in range(count):
        start = index * size // count
        end = max((index + 1) * size // count, start + 1)
        bands.append(grid[min(start, size - 1) : min(end, size)] or grid[-1:])
    return bands


def _centroid(band: list) -> tuple[int, int]:
    return (
        round(sum(row[0] for row in band) / len(band)),
        round(sum(row[1] for row in band) / len(band)),
    )
