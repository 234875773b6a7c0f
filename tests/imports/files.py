"""Building import files for the tests: CSV text or an XLSX workbook from rows."""

from __future__ import annotations

import csv
import io
from datetime import date

from fostering.extensions import db
from fostering.models import Postcode

# Made-up directory entries: two in the council's area (W06000015), one outside.
POSTCODES = {
    "CF10 1AA": (318_200, 176_400, "W06000015"),
    "CF14 2AA": (320_000, 175_000, "W06000015"),
    "NP20 1AA": (331_000, 188_000, "W06000022"),
}


def add_postcodes() -> None:
    for postcode, (easting, northing, authority) in POSTCODES.items():
        db.session.add(
            Postcode(
                postcode=postcode, easting=easting, northing=northing, local_authority=authority
            )
        )
    db.session.commit()


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


CHILD_HEADER = [
    "Reference", "Given name", "Family name", "Date of birth", "Sex", "Setting",
    "Placement type", "Urgency", "Date needed", "Needs", "Sibling group",
    "Siblings may split", "Home postcode", "School postcode", "Welsh speaker", "Status",
]  # fmt: skip


def child_row(reference: str = "LAC100001", **changes) -> list:
    row = {
        "Reference": reference,
        "Given name": "Megan",
        "Family name": "Jones",
        "Date of birth": "27/03/2016",
        "Sex": "F",
        "Setting": "foster",
        "Placement type": "short_term",
        "Urgency": "planned",
        "Date needed": "2030-12-01",
        "Needs": "autism; therapeutic",
        "Sibling group": "",
        "Siblings may split": "",
        "Home postcode": "cf101aa",
        "School postcode": "",
        "Welsh speaker": "ie",
        "Status": "awaiting",
    }
    row.update(changes)
    return [row[name] for name in CHILD_HEADER]


CARER_HEADER = [
    "reference", "household name", "postcode", "approved on", "places", "youngest age",
    "oldest age", "sexes", "placement types", "skills", "welsh speaking", "weekly allowance",
]  # fmt: skip


def carer_row(reference: str = "FC900001", **changes) -> list:
    row = dict(
        zip(
            CARER_HEADER,
            [reference, "The Evans household", "CF14 2AA", "15/01/2024", "2", "0", "17",
             "F;M", "short_term;long_term", "autism", "no", "£325.50"],
            strict=True,
        )
    )  # fmt: skip
    row.update(changes)
    return [row[name] for name in CARER_HEADER]


TODAY = date.today()
