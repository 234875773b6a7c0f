"""Reading a date typed into GOV.UK's day, month and year boxes: the one reader.

Every form date (``DateFieldGOVUK``) and every date in a filter's URL (commissioning's
ranges) is read here. It returns the date, or what is wrong as a code and the boxes to
mark; each caller turns the code into its own whole sentence (GOV.UK's date input
pattern: "... must include a month", "... must be a real date").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

DATE_PARTS = ("day", "month", "year")


class DateProblemCode(StrEnum):
    MISSING = "missing"  # some boxes are empty: ``parts`` names them
    NOT_REAL = "not_real"  # not whole numbers, or no such day
    YEAR_DIGITS = "year_digits"  # the year is not four numbers


@dataclass(frozen=True)
class DateProblem:
    code: DateProblemCode
    parts: tuple[str, ...]  # the boxes to mark: "day", "month", "year"


def read_date_parts(day: str, month: str, year: str) -> date | DateProblem | None:
    """The date typed, None when every box is empty, or the problem with it."""
    typed = tuple((part or "").strip() for part in (day, month, year))
    if not any(typed):
        return None
    missing = tuple(name for name, text in zip(DATE_PARTS, typed, strict=True) if not text)
    if missing:
        return DateProblem(DateProblemCode.MISSING, missing)
    if not all(text.isdigit() for text in typed):
        return DateProblem(DateProblemCode.NOT_REAL, DATE_PARTS)
    if len(typed[2]) != 4:
        return DateProblem(DateProblemCode.YEAR_DIGITS, ("year",))
    try:
        return date(int(typed[2]), int(typed[1]), int(typed[0]))
    except ValueError:
        return DateProblem(DateProblemCode.NOT_REAL, DATE_PARTS)
