"""A small council for matching tests: a few children, carers, a home and an agency."""

from __future__ import annotations

from dataclasses import dataclass

from fostering.extensions import db
from tests.factories import create_agency, create_carer, create_child, create_home


@dataclass
class SmallCouncil:
    children: list  # Child rows, awaiting placement
    near_carer: object  # in-house, one place, close to the children
    far_carer: object  # in-house, two places, further away
    home: object
    agency: object


def located_carer(*, grid: tuple[int, int], places: int = 1, **kwargs):
    carer = create_carer(places=places, placement_types=["short_term", "long_term"], **kwargs)
    carer.easting, carer.northing, carer.local_authority = grid[0], grid[1], "W06000015"
    db.session.commit()
    return carer


def small_council() -> SmallCouncil:
    """Three foster children near Cardiff; two carers (one with a single place) and an
    agency take them: the optimiser places all three, two of them in-house."""
    children = [
        create_child(given_name=name, home_grid=(318_200 + 500 * i, 176_400))
        for i, name in enumerate(("Alys", "Bryn", "Cai"))
    ]
    near = located_carer(grid=(318_600, 176_900), household_name="The Morgan household")
    far = located_carer(grid=(325_000, 180_000), places=1, household_name="The Price household")
    home = create_home(name="Tŷ Derw")
    agency = create_agency(name="Bridge Fostering")
    return SmallCouncil(children=children, near_carer=near, far_carer=far, home=home,
                        agency=agency)  # fmt: skip
