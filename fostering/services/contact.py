"""UK phone numbers and postcodes: checking and putting them in one standard form."""

from __future__ import annotations

import re

_PHONE_JUNK = re.compile(r"[\s\-().]")
_UK_NATIONAL = re.compile(r"^0[1-9]\d{8,9}$")
_POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}\d[A-Z\d]?\d[ABD-HJLNP-UW-Z]{2})$")


def normalise_uk_phone(text: str) -> str | None:
    """``"+44 7700 900123"`` → ``"07700 900123"``; None if it is not a UK number.

    Spaces, dashes, brackets and dots are ignored; +44 and 0044 become a leading 0.
    """
    compact = _PHONE_JUNK.sub("", text or "")
    compact = compact.replace("(0)", "")
    if compact.startswith("+44"):
        compact = "0" + compact[3:].removeprefix("0")
    elif compact.startswith("0044"):
        compact = "0" + compact[4:].removeprefix("0")
    if not _UK_NATIONAL.match(compact):
        return None
    if len(compact) == 11:
        # Mobiles and most numbers read as 5 + 6 digits; London and the like as 3 + 4 + 4.
        if compact.startswith("02"):
            return f"{compact[:3]} {compact[3:7]} {compact[7:]}"
        return f"{compact[:5]} {compact[5:]}"
    return f"{compact[:5]} {compact[5:]}"


def normalise_postcode(text: str) -> str | None:
    """``"cf101aa"`` → ``"CF10 1AA"``; None if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    if not _POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"
