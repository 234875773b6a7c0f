"""Working days in England and Wales, for the team's reply and check due dates.

England and Wales share one set of bank holidays (the Banking and Financial Dealings
Act 1971 lists them for "England and Wales" together). The ``holidays`` package files
them under the ``ENG`` and ``WLS`` subdivisions of ``UK``, which hold the same dates
(a test checks that); we ask for Wales, where the council is.

The rule for replying to an enquiry is "one working day after receipt", counted in the
office's hours (Europe/London):

* An enquiry that arrives on a working day before close of business (17:00) is
  received that day; one that arrives later, or on a weekend or bank holiday, counts
  as received on the next working day.
* The reply is due by close of business on the working day after that.

So Tuesday 10:00 is due Wednesday 17:00, and Friday 18:30 (after close) counts as
Monday and is due Tuesday 17:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

OFFICE_TZ = ZoneInfo("Europe/London")
CLOSE_OF_BUSINESS = time(17, 0)
HOLIDAY_SUBDIVISION = "WLS"


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv=HOLIDAY_SUBDIVISION, years=year))


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """``count`` working days after ``day`` (``day`` itself need not be a working day)."""
    if count < 0:
        raise ValueError("count must not be negative")
    for _ in range(count):
        day = next_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def _office_time(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a timezone-aware datetime is needed")
    return moment.astimezone(OFFICE_TZ)


def effective_receipt_day(received_at: datetime) -> date:
    """The working day an enquiry counts as received on (see the module's rule)."""
    local = _office_time(received_at)
    day = local.date()
    if is_working_day(day) and local.time() < CLOSE_OF_BUSINESS:
        return day
    return next_working_day(day)


def close_of_business(day: date) -> datetime:
    """17:00 office time on ``day``, as a UTC datetime."""
    return datetime.combine(day, CLOSE_OF_BUSINESS, OFFICE_TZ).astimezone(UTC)


def reply_due(received_at: datetime) -> datetime:
    """When a reply to an enquiry received at ``received_at`` is due, in UTC.

    The hook the public enquiry journey calls when it creates an enquiry.
    """
    return close_of_business(next_working_day(effective_receipt_day(received_at)))
