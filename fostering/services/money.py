"""Exact money: whole pence in, ``Decimal`` pounds out, rounded half-up only at the end.

A year is 52.1775 weeks, so a weekly cost's yearly equivalent is the weekly cost times
52.1775. (The issue writes this as 365.25 / 7, but that is 52.1786; 52.1775 is the
Gregorian year, 365.2425 / 7, and is the figure used here.) Spend over a range is the
sum of weekly cost times days in the range (an integer in pence-days), divided by seven.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

WEEKS_IN_YEAR = Decimal("52.1775")  # 365.2425 / 7, exactly
PENNY = Decimal("0.01")
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_pence(value: str | int | float | Decimal) -> int:
    """Pounds as typed or stored in a cell, to whole pence exactly: "£1,234.50" → 123450.

    Raises ``ValueError`` for anything that is not a non-negative amount in whole pence.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        raw = str(value).strip().replace("£", "").replace(",", "").replace(" ", "")
        if not _AMOUNT.match(raw):
            raise ValueError("not an amount in pounds")
        amount = Decimal(raw)
    try:
        pennies = (amount * 100).to_integral_exact()
    except InvalidOperation:
        raise ValueError("not an amount in pounds") from None
    if amount < 0 or pennies != amount * 100:
        raise ValueError("not an amount in pounds")
    return int(pennies)


def pounds(pence: int | Decimal | None) -> Decimal:
    """Pence (whole or exact fraction) as pounds rounded half-up to the penny."""
    return (Decimal(pence or 0) / 100).quantize(PENNY, rounding=ROUND_HALF_UP)


def spend_pence(pence_days: int | Decimal | None) -> Decimal:
    """Exact pence spent, from a sum of weekly pence times days."""
    return Decimal(pence_days or 0) / 7


def yearly_pence(weekly_pence: int | Decimal | None) -> Decimal:
    return Decimal(weekly_pence or 0) * WEEKS_IN_YEAR


def average_weekly_pence(pence_days: int | Decimal | None, days: int | None) -> Decimal | None:
    """The average weekly cost of a child over the days they were in placement."""
    if not days:
        return None
    return Decimal(pence_days or 0) / Decimal(days)
