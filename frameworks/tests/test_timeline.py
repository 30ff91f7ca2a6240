from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from frameworks.timeline import (
    StepSpec,
    StepStatus,
    compute_timeline,
    describe_offset,
    due_at,
    format_duration,
    next_step,
)

LONDON = ZoneInfo("Europe/London")
TUESDAY_NOON = datetime(2025, 5, 20, 12, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("offset", "unit", "time_of_day", "expected"),
    [
        (36, "hours", None, datetime(2025, 5, 22, 0, 0, tzinfo=LONDON)),
        (1, "calendar_days", time(9, 0), datetime(2025, 5, 21, 9, 0, tzinfo=LONDON)),
        (5, "working_days", None, datetime(2025, 5, 28, 12, 0, tzinfo=LONDON)),
        (15, "working_days", None, datetime(2025, 6, 11, 12, 0, tzinfo=LONDON)),
        (7, "calendar_days", None, datetime(2025, 5, 27, 12, 0, tzinfo=LONDON)),
    ],
    ids=[
        "36-hours-after-a-tuesday-noon-call",
        "wednesday-9am-on-site",
        "five-working-days-skip-the-bank-holiday-monday",
        "fifteen-working-days-skip-the-bank-holiday-monday",
        "calendar-days-ignore-bank-holidays",
    ],
)
def test_due_at(offset, unit, time_of_day, expected):
    assert due_at(TUESDAY_NOON, offset=offset, unit=unit, time_of_day=time_of_day) == expected


def test_day_offsets_keep_london_clock_time_across_the_clocks_change():
    saturday = datetime(2025, 3, 29, 9, 0, tzinfo=LONDON)
    due = due_at(saturday, offset=1, unit="calendar_days", time_of_day=None)
    assert due.astimezone(LONDON).hour == 9
    assert due.astimezone(UTC) - saturday.astimezone(UTC) == timedelta(hours=23)


STEPS = [
    StepSpec("notification", "Call", offset=0),
    StepSpec("annex-a", "Annex A", offset=36, is_deadline=True),
    StepSpec("on-site", "On site", offset=1, unit="calendar_days", time_of_day=time(9)),
    StepSpec("report", "Report", offset=15, unit="working_days", after="on-site"),
    StepSpec("unknown", "Gap", offset=None),
]


@pytest.mark.parametrize(
    ("hours_after_call", "statuses"),
    [
        (1, ["passed", "upcoming", "next", "upcoming", "no_deadline"]),
        (22, ["passed", "next", "passed", "upcoming", "no_deadline"]),
        (40, ["passed", "overdue", "passed", "next", "no_deadline"]),
    ],
    ids=["just-called", "on-site-before-annex-a", "annex-a-overdue"],
)
def test_compute_timeline_statuses(hours_after_call, statuses):
    now = TUESDAY_NOON + timedelta(hours=hours_after_call)
    entries = compute_timeline(STEPS, TUESDAY_NOON, now=now)
    assert [entry.status.value for entry in entries] == statuses


def test_overdue_steps_say_so_in_words():
    entries = compute_timeline(STEPS, TUESDAY_NOON, now=TUESDAY_NOON + timedelta(hours=40))
    annex_a = entries[1]
    assert annex_a.status == StepStatus.OVERDUE
    assert annex_a.status_label == "Overdue"
    assert annex_a.remaining == "overdue by 4 h 0 min"


def test_next_step_counts_down():
    entries = compute_timeline(STEPS, TUESDAY_NOON, now=TUESDAY_NOON + timedelta(minutes=5))
    upcoming = next_step(entries)
    assert upcoming.step.code == "on-site"
    assert upcoming.remaining == "in 20 h 55 min"


def test_timeline_needs_aware_times():
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_timeline(STEPS, datetime(2025, 5, 20, 12), now=TUESDAY_NOON)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(minutes=7), "7 min"),
        (timedelta(hours=3, minutes=12), "3 h 12 min"),
        (timedelta(days=2, minutes=5), "2 d 0 h 5 min"),
    ],
    ids=["minutes", "hours", "days"],
)
def test_format_duration_matches_the_countdown_script(delta, text):
    assert format_duration(delta) == text


def test_describe_offset():
    assert describe_offset(STEPS[2]) == "1 calendar day after the notification, at 09:00"
    assert describe_offset(STEPS[3], after_name="On site") == "15 working days after “On site”"
    assert describe_offset(STEPS[4]) == "No deadline set"
