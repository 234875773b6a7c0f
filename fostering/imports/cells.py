"""Turning one cell into a value, or a problem code the report turns into a sentence.

Money is read with Decimal into exact pence ("950", "950.00", "£1,234.50"); dates as
``YYYY-MM-DD`` or ``DD/MM/YYYY`` (or real dates from XLSX cells); yes/no as
yes/no/true/false/y/n/1/0 and the Welsh ie/na.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from fostering.services.money import parse_pence
from fostering.services.postcodes import normalise


class CellProblem(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


YES = frozenset({"yes", "y", "true", "1", "ie", "do", "gwir"})
NO = frozenset({"no", "n", "false", "0", "na", "naddo", "ddim", "anwir"})
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_WITH_TIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]00:00(:00)?$")


def text(value: Any) -> str:
    """The cell as trimmed text ("" for an empty cell; whole floats lose their ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def required_text(value: Any, max_length: int) -> str:
    result = text(value)
    if not result:
        raise CellProblem("missing")
    if len(result) > max_length:
        raise CellProblem("too_long", max=max_length)
    return result


def reference(value: Any, max_length: int) -> str:
    """References compare without case or surrounding spaces: held in capitals."""
    return required_text(value, max_length).upper()


def parse_date(value: Any) -> date | None:
    if value is None or text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    timed = _ISO_WITH_TIME.match(raw)
    if timed:
        raw = timed.group(1)
    try:
        if match := _ISO.match(raw):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _UK.match(raw):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise CellProblem("real_date")


def required_date(value: Any, *, not_after: date | None = None) -> date:
    result = parse_date(value)
    if result is None:
        raise CellProblem("missing")
    if not_after is not None and result > not_after:
        raise CellProblem("future_date")
    return result


def pence(value: Any) -> int:
    """Pounds to whole pence, exactly; "£1,234.50" → 123450."""
    if value is None or text(value) == "":
        raise CellProblem("missing")
    try:
        return parse_pence(value if isinstance(value, (int, float)) else text(value))
    except ValueError:
        raise CellProblem("money") from None


def whole_number(value: Any, low: int, high: int | None) -> int | None:
    """An integer in ``low..high`` (None for an empty cell; ``high`` None: no limit)."""
    raw = text(value)
    if raw == "":
        return None
    try:
        number = int(raw)
    except ValueError:
        raise CellProblem("whole_number") from None
    if number < low or (high is not None and number > high):
        raise CellProblem("number_range", low=low, high=high if high is not None else "∞")
    return number


def required_number(value: Any, low: int, high: int | None) -> int:
    number = whole_number(value, low, high)
    if number is None:
        raise CellProblem("missing")
    return number


def yes_no(value: Any, default: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw == "":
        return default
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellProblem("yes_no")


@lru_cache(maxsize=4096)
def _choice_key(raw: str) -> str:
    return re.sub(r"[\s\-]+", "_", raw.strip().lower())


def choice(value: Any, choices: dict[str, str], default: str | None = None) -> str:
    """One of ``choices`` (accepted spelling → stored value)."""
    raw = text(value)
    if raw == "":
        if default is None:
            raise CellProblem("missing")
        return default
    stored = choices.get(_choice_key(raw))
    if stored is None:
        raise CellProblem(
            "choice", value=raw[:40], choices=", ".join(sorted(set(choices.values())))
        )
    return stored


def choices_list(value: Any, choices: dict[str, str]) -> list[str]:
    """Values separated by ``;`` (or ``,``), each one of ``choices``; duplicates dropped."""
    result: list[str] = []
    for part in re.split(r"[;,]", text(value)):
        if part.strip():
            item = choice(part, choices)
            if item not in result:
                result.append(item)
    return result


@lru_cache(maxsize=65536)
def postcode(raw: str) -> str | None:
    """``normalise`` remembered: a file names the same few thousand postcodes many times."""
    return normalise(raw)


def codes(value: Any) -> list[str]:
    """Need codes separated by ``;``, lower-cased, in the order given, without repeats."""
    result: list[str] = []
    for part in re.split(r"[;,]", text(value)):
        code = part.strip().lower()
        if code and code not in result:
            result.append(code)
    return result
