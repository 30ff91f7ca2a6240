"""Working days in England: the one module every deadline in the service uses.

A working day is Monday to Friday and not a bank holiday in England. Bank holidays come from
the maintained ``holidays`` package (``subdiv="ENG"``), so substitute days such as a Christmas
Day that falls on a Saturday are included without a hand-kept list.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

COUNTRY = "GB"
SUBDIVISION = "ENG"


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=year))


def bank_holiday_name(day: date) -> str | None:
    """The bank holiday's name, such as 'Easter Monday', or None on an ordinary day."""
    day = _as_date(day)
    return _bank_holidays(day.year).get(day)


def bank_holidays_in_years(first_year: int, last_year: int) -> list[date]:
    """Every bank holiday in England from ``first_year`` to ``last_year``, in order (for
    vectorised counts such as NumPy's ``busday_count``)."""
    return sorted(day for year in range(first_year, last_year + 1) for day in _bank_holidays(year))


def is_bank_holiday(day: date) -> bool:
    return _as_date(day) in _bank_holidays(_as_date(day).year)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday in England."""
    day = _as_date(day)
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day``."""
    day = _as_date(day) + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date | datetime, n: int) -> date | datetime:
    """``start`` moved on by ``n`` working days (back if ``n`` is negative).

    Counting starts from the day after ``start``, so a Tuesday plus one working day is the
    Wednesday, and Friday plus one is the Monday (or the Tuesday if the Monday is a bank
    holiday). ``start`` itself need not be a working day. A datetime keeps its time of day
    and time zone.
    """
    step = 1 if n >= 0 else -1
    current = start
    remaining = abs(n)
    while remaining:
        current = current + timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

    The inverse of ``add_working_days``: ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
