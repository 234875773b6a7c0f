"""The Welsh the pages should show, read from the project's own catalogue.

Tests say ``welsh("Sign out")`` rather than spelling out the Welsh, so they check the
page against what the translators wrote, and a reworded translation does not break
them. A message with no Welsh (or only a fuzzy guess) fails the test that asks for it.
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
    assert message is not None, f"{english!r} is not in the Welsh catalogue"
    assert message.string and not message.fuzzy, f"{english!r} has no Welsh translation"
    return message.string
