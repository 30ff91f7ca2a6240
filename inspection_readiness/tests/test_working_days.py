from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from inspection_readiness.working_days import (
    add_working_days,
    bank_holiday_name,
    is_working_day,
    next_working_day,
    working_days_between,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 6, 4), True),
        (date(2025, 6, 7), False),
        (date(2025, 6, 8), False),
        (date(2025, 12, 25), False),
        (date(2025, 12, 26), False),
        (date(2021, 12, 27), False),
        (date(2021, 12, 28), False),
        (date(2025, 4, 18), False),
        (date(2025, 4, 21), False),
        (date(2025, 5, 26), False),
        (date(2025, 12, 24), True),
    ],
    ids=[
        "ordinary-wednesday",
        "saturday",
        "sunday",
        "christmas-day",
        "boxing-day",
        "christmas-substitute-monday-2021",
        "boxing-day-substitute-tuesday-2021",
        "good-friday",
        "easter-monday",
        "spring-bank-holiday",
        "christmas-eve-is-a-working-day",
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 6, 3), 1, date(2025, 6, 4)),
        (date(2025, 6, 6), 1, date(2025, 6, 9)),
        (date(2025, 6, 7), 1, date(2025, 6, 9)),
        (date(2025, 6, 3), 10, date(2025, 6, 17)),
        (date(2025, 5, 20), 5, date(2025, 5, 28)),
        (date(2025, 5, 23), 1, date(2025, 5, 27)),
        (date(2025, 12, 23), 2, date(2025, 12, 29)),
        (date(2025, 12, 19), 5, date(2025, 12, 30)),
        (date(2021, 12, 24), 1, date(2021, 12, 29)),
        (date(2025, 4, 17), 1, date(2025, 4, 22)),
        (date(2025, 4, 15), 15, date(2025, 5, 9)),
        (date(2025, 6, 4), 0, date(2025, 6, 4)),
        (date(2025, 4, 22), -1, date(2025, 4, 17)),
    ],
    ids=[
        "tuesday-plus-one-is-wednesday",
        "friday-plus-one-skips-the-weekend",
        "saturday-plus-one-is-monday",
        "ten-working-days-is-two-weeks",
        "tuesday-notification-before-bank-holiday-monday",
        "friday-before-bank-holiday-monday-goes-to-tuesday",
        "christmas-and-boxing-day-skipped",
        "a-week-across-christmas",
        "substitute-christmas-holidays-skipped-2021",
        "maundy-thursday-to-tuesday-after-easter",
        "fifteen-working-days-across-easter-and-may-day",
        "zero-days-is-the-same-day",
        "negative-days-go-back-over-easter",
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_keeps_time_and_zone_of_a_datetime():
    tuesday = datetime(2025, 5, 20, 15, 30, tzinfo=LONDON)
    assert add_working_days(tuesday, 5) == datetime(2025, 5, 28, 15, 30, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 6, 2), date(2025, 6, 6), 4),
        (date(2025, 12, 22), date(2026, 1, 2), 6),
        (date(2025, 4, 17), date(2025, 4, 22), 1),
        (date(2025, 6, 6), date(2025, 6, 2), -4),
        (date(2025, 6, 7), date(2025, 6, 8), 0),
    ],
    ids=[
        "monday-to-friday",
        "christmas-fortnight",
        "across-easter",
        "backwards-is-negative",
        "weekend-has-none",
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("n", [0, 1, 5, 15, 36], ids=lambda n: f"{n}-days")
def test_working_days_between_inverts_add_working_days(n):
    start = date(2025, 12, 19)
    assert working_days_between(start, add_working_days(start, n)) == n


def test_next_working_day_after_good_friday_is_the_tuesday():
    assert next_working_day(date(2025, 4, 18)) == date(2025, 4, 22)


def test_bank_holiday_name_names_easter_monday_and_nothing_on_ordinary_days():
    assert bank_holiday_name(date(2025, 4, 21)) == "Easter Monday"
    assert bank_holiday_name(date(2025, 4, 23)) is None


def test_bank_holidays_in_years_lists_each_in_order():
    from inspection_readiness.working_days import bank_holidays_in_years

    days = bank_holidays_in_years(2025, 2026)
    assert days == sorted(days)
    # Eight days off a year in England; Boxing Day 2026 is a Saturday, so Monday 28th is off.
    assert len([day for day in days if day.weekday() < 5]) == 16
    assert date(2025, 12, 25) in days and date(2026, 12, 28) in days
