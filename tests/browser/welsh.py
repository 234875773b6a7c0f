"""The Welsh the pages should show, read from the project's own catalogue.

Tests say ``welsh("Sign out")`` rather than spelling out the Welsh, so they check the
page against what the translators wrote. Whether every message has a translation is
checked by the catalogue test; a message without one comes back in English (as the
page would show it), so the assertions here still hold while translation is under way.
"""

from __future__ import annotations

from functools import cache

from babel.messages.pofile import read_po

from fostering.config import PROJECT_ROOT

CATALOGUE = PROJECT_ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"


@cache
def _catalogue():
    with CATALOGUE.open("rb") as po:
        return read_po(po, locale="cy")


def welsh(english: str) -> str:
    message = _catalogue().get(english)
    if message is None or not message.string or message.fuzzy:
        return english
    return message.string
