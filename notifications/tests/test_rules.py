from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from notifications.kinds import Kind
from notifications.rules import reminder_kind

LONDON = ZoneInfo("Europe/London")


def at(day: int, month: int = 5, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


# Wednesday 20 May 2026 at 10:00; Friday 22 May is before the spring bank holiday (Monday 25).
@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        (at(20, hour=9, minute=59), at(20), Kind.OVERDUE),  # a minute late
        (at(20), at(20), Kind.DUE_SOON),  # due this very minute: not yet late
        (at(21), at(20), Kind.DUE_SOON),  # exactly one working day away
        (at(21, minute=1), at(20), None),  # a minute more than a working day
        (at(26), at(22), Kind.DUE_SOON),  # Friday to Tuesday over the bank holiday: one day
        (at(26, minute=1), at(22), None),
        (at(25), at(22), Kind.DUE_SOON),  # the bank holiday itself is sooner still
        (at(26), at(21), None),  # from Thursday, Tuesday is two working days away
        (at(25, hour=23), at(23), Kind.DUE_SOON),  # on a Saturday, Tuesday 10:00 is the limit
        # Dates (an audit's due date) are due by the end of the day.
        (date(2026, 5, 19), at(20), Kind.OVERDUE),
        (date(2026, 5, 20), at(20, hour=23), Kind.DUE_SOON),
        (date(2026, 5, 21), at(20), Kind.DUE_SOON),
        (date(2026, 5, 22), at(20), None),
        (date(2026, 5, 26), at(22), Kind.DUE_SOON),  # over the bank holiday
        (date(2026, 5, 27), at(22), None),
    ],
)
def test_reminder_kind(due, now, expected):
    assert reminder_kind(due, now=now) == expected
