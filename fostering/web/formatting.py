"""Money shown to people and put back in form boxes: always from whole pence, never a float.

Pounds are ``Decimal`` (see ``fostering.services.money``); English and Welsh write
amounts alike (``£1,234.50``), so the text does not depend on the page's language.
"""

from __future__ import annotations

from decimal import Decimal

from fostering.services.money import pounds


def money_from_pounds(amount: Decimal | None, *, empty: str = "") -> str:
    """``Decimal("3800.5")`` → ``"£3,800.50"``."""
    if amount is None:
        return empty
    return f"£{amount:,.2f}"


def money(pence: int | Decimal | None, *, empty: str = "") -> str:
    """Whole pence as pounds: ``380050`` → ``"£3,800.50"``, rounded half-up to the penny."""
    if pence is None:
        return empty
    return money_from_pounds(pounds(pence))


def pence_as_input(pence: int | None) -> str:
    """Stored pence as a form box shows them: ``380050`` → ``"3800.50"``."""
    if pence is None:
        return ""
    return f"{pence // 100}.{pence % 100:02d}"
