"""Reply due dates: one working day, skipping weekends and bank holidays (England and Wales)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import holidays
import pytest

from fostering.services.working_days import (
    OFFICE_TZ,
    add_working_days,
    effective_receipt_day,
    is_working_day,
    reply_due,
    working_days_between,
)


def london(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OFFICE_TZ)


def due_local(received: datetime) -> datetime:
    return reply_due(received).astimezone(OFFICE_TZ)


def test_england_and_wales_share_bank_holidays():
    for year in range(2020, 2031):
        assert set(holidays.UK(subdiv="ENG", years=year)) == set(
            holidays.UK(subdiv="WLS", years=year)
        )


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 12, 25),  # Christmas Day
        date(2025, 12, 26),  # Boxing Day
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 8, 31),  # late summer bank holiday
        date(2026, 12, 28),  # Boxing Day (substitute day, as the 26th is a Saturday)
        date(2026, 1, 3),  # a Saturday
        date(2026, 1, 4),  # a Sunday
    ],
)
def test_weekends_and_bank_holidays_are_not_working_days(day):
    assert not is_working_day(day)


def test_scottish_only_holidays_are_working_days():
    assert is_working_day(date(2026, 1, 2))  # 2 January is a holiday in Scotland only
    assert is_working_day(date(2026, 11, 30))  # St Andrew's Day, Scotland only


def test_weekday_morning_is_due_next_day_at_close():
    due = due_local(london(2026, 3, 10, 10))  # Tuesday
    assert due == london(2026, 3, 11, 17)
    assert reply_due(london(2026, 3, 10, 10)).tzinfo == UTC


def test_friday_daytime_is_due_monday():
    assert due_local(london(2026, 3, 13, 11)) == london(2026, 3, 16, 17)


def test_friday_evening_counts_as_monday_and_is_due_tuesday():
    received = london(2026, 3, 13, 19, 45)
    assert effective_receipt_day(received) == date(2026, 3, 16)
    assert due_local(received) == london(2026, 3, 17, 17)


def test_weekend_enquiry_is_due_tuesday():
    assert due_local(london(2026, 3, 14, 9)) == london(2026, 3, 17, 17)


def test_christmas_eve_enquiry_skips_christmas_boxing_day_and_the_weekend():
    # Wednesday 24 December 2025, afternoon: 25th and 26th are bank holidays, then a weekend.
    assert due_local(london(2025, 12, 24, 15)) == london(2025, 12, 29, 17)


def test_christmas_2026_uses_the_substitute_boxing_day():
    # Thursday 24 December 2026: Friday 25th, weekend, Monday 28th (Boxing Day substitute).
    assert due_local(london(2026, 12, 24, 9)) == london(2026, 12, 29, 17)


def test_easter_weekend_enquiry_is_due_after_easter_monday():
    # Thursday 2 April 2026 evening -> Good Friday, weekend, Easter Monday all skipped.
    received = london(2026, 4, 2, 20)
    assert effective_receipt_day(received) == date(2026, 4, 7)
    assert due_local(received) == london(2026, 4, 8, 17)


def test_due_time_follows_british_summer_time():
    # 17:00 in London is 16:00 UTC in summer and 17:00 UTC in winter.
    assert reply_due(london(2026, 7, 7, 9)).hour == 16
    assert reply_due(london(2026, 1, 6, 9)).hour == 17


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        reply_due(datetime(2026, 3, 10, 10))


def test_adding_and_counting_working_days():
    assert add_working_days(date(2025, 12, 23), 2) == date(2025, 12, 29)
    assert working_days_between(date(2025, 12, 23), date(2025, 12, 29)) == 2
    assert working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 0
