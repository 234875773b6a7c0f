"""Phone numbers and postcodes: checking and putting them in one standard form.

UK numbers follow the project's own rule (10 or 11 digits from a leading 0, +44 or
0044), so Ofcom's drama numbers (07700 900xxx), which are never given to anyone, are
accepted in tests and demos. Numbers from other countries (+353, 00 33, ...) are
checked with ``phonenumbers``, Google's libphonenumber metadata for every country, which
is kept up to date as numbering plans change: hand-written rules for 200-odd numbering
plans would not be.
"""

from __future__ import annotations

import re

import phonenumbers

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


def normalise_phone(text: str) -> str | None:
    """A UK number as :func:`normalise_uk_phone` writes it; a number from another country,
    given with its country code (``+353 1 234 5678`` or ``00353 1 234 5678``), in its
    international form; None if it is neither."""
    if uk := normalise_uk_phone(text):
        return uk
    compact = _PHONE_JUNK.sub("", text or "")
    if not compact.startswith(("+", "00")):
        return None
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code == 44 or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def dialling_form(number: str) -> str | None:
    """``"01234 567890"`` → ``"+441234567890"`` (E.164), for ``tel:`` links; None if it
    cannot be read as a phone number."""
    try:
        parsed = phonenumbers.parse(number or "", "GB")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_postcode(text: str) -> str | None:
    """``"cf101aa"`` → ``"CF10 1AA"``; None if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    if not _POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"
