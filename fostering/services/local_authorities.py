"""Local authorities by name: Wales's 22 principal areas in English and Welsh.

Records hold an area as its ONS code (``W06000015``), from the postcode directory. People
read names: :func:`name` gives the name in the page's language, and the code itself for
anywhere else (an English council, say), which has no name here.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import get_locale

# ONS code: (English name, Welsh name). W06000007 and W06000017 are retired codes.
WELSH_PRINCIPAL_AREAS: dict[str, tuple[str, str]] = {
    "W06000001": ("Isle of Anglesey", "Ynys Môn"),
    "W06000002": ("Gwynedd", "Gwynedd"),
    "W06000003": ("Conwy", "Conwy"),
    "W06000004": ("Denbighshire", "Sir Ddinbych"),
    "W06000005": ("Flintshire", "Sir y Fflint"),
    "W06000006": ("Wrexham", "Wrecsam"),
    "W06000008": ("Ceredigion", "Ceredigion"),
    "W06000009": ("Pembrokeshire", "Sir Benfro"),
    "W06000010": ("Carmarthenshire", "Sir Gaerfyrddin"),
    "W06000011": ("Swansea", "Abertawe"),
    "W06000012": ("Neath Port Talbot", "Castell-nedd Port Talbot"),
    "W06000013": ("Bridgend", "Pen-y-bont ar Ogwr"),
    "W06000014": ("Vale of Glamorgan", "Bro Morgannwg"),
    "W06000015": ("Cardiff", "Caerdydd"),
    "W06000016": ("Rhondda Cynon Taf", "Rhondda Cynon Taf"),
    "W06000018": ("Caerphilly", "Caerffili"),
    "W06000019": ("Blaenau Gwent", "Blaenau Gwent"),
    "W06000020": ("Torfaen", "Tor-faen"),
    "W06000021": ("Monmouthshire", "Sir Fynwy"),
    "W06000022": ("Newport", "Casnewydd"),
    "W06000023": ("Powys", "Powys"),
    "W06000024": ("Merthyr Tydfil", "Merthyr Tudful"),
}


def _welsh(locale: str | None) -> bool:
    if locale is None:
        locale = str(get_locale() or "en")
    return locale.startswith("cy")


def names(locale: str | None = None) -> dict[str, str]:
    """Every known code's name in ``locale`` (the page's language when not given)."""
    index = 1 if _welsh(locale) else 0
    return {code: pair[index] for code, pair in WELSH_PRINCIPAL_AREAS.items()}


def name(code: str | None, locale: str | None = None) -> str | None:
    """The area's name in ``locale`` (the page's language when not given), the code when
    it has no name here, and None for no code."""
    if not code:
        return None
    pair = WELSH_PRINCIPAL_AREAS.get(code.strip().upper())
    if pair is None:
        return code
    return pair[1] if _welsh(locale) else pair[0]


def named_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """``(code, name)`` pairs for a select: named areas by name, then other codes."""
    known = names()
    return sorted(
        ((code, known.get(code, code)) for code in codes),
        key=lambda pair: (pair[0] not in known, pair[1].casefold()),
    )
