"""An inspection's timeline: due times from the notification, in Europe/London time.

Pure functions over plain dataclasses. Working days come from
``inspection_readiness.working_days`` (England's bank holidays), the one module every deadline in
the service uses.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from inspection_readiness.working_days import add_working_days, is_working_day

LONDON = ZoneInfo("Europe/London")

HOURS = "hours"
CALENDAR_DAYS = "calendar_days"
WORKING_DAYS = "working_days"
# "The following Monday", "Friday of week two": a day of a later week, moved to a working day.
WEEKS = "weeks"
MONTHS = "months"
# Steps that fall on a day rather than at a time of day.
DAY_UNITS = frozenset({WEEKS, MONTHS})

FOLLOWING = "following"
PRECEDING = "preceding"

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class StepStatus(StrEnum):
    PASSED = "passed"
    OVERDUE = "overdue"
    NEXT = "next"
    UPCOMING = "upcoming"
    NO_DEADLINE = "no_deadline"


STATUS_LABELS = {
    StepStatus.PASSED: "Passed",
    StepStatus.OVERDUE: "Overdue",
    StepStatus.NEXT: "Next",
    StepStatus.UPCOMING: "Upcoming",
    StepStatus.NO_DEADLINE: "No deadline set",
}


@dataclass(frozen=True)
class StepSpec:
    code: str
    name: str
    offset: int | None
    unit: str = HOURS
    after: str | None = None
    time_of_day: time | None = None
    is_deadline: bool = False
    is_provisional: bool = False
    weekday: int | None = None  # for WEEKS: 0 is Monday
    roll: str = ""  # FOLLOWING or PRECEDING: where a day that is not a working day goes
    entered_as: str = ""  # the council enters this date (what the lead inspector said)
    is_typical: bool = False  # a typical time from past reports, not a rule
    note: str = ""  # plain words for the people preparing

    @property
    def is_all_day(self) -> bool:
        return self.unit in DAY_UNITS or bool(self.entered_as)


@dataclass(frozen=True)
class TimelineEntry:
    step: StepSpec
    due: datetime | None
    status: StepStatus
    remaining: str  # "in 3 h 12 min", "overdue by 2 d 0 h 5 min", or ""
    is_entered: bool = False  # the date is the one the council entered

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_all_day(self) -> bool:
        return self.step.is_all_day

    @property
    def is_overdue(self) -> bool:
        return self.status == StepStatus.OVERDUE


def due_at(
    base: datetime,
    *,
    offset: int,
    unit: str,
    time_of_day: time | None,
    weekday: int | None = None,
    roll: str = "",
) -> datetime:
    """``base`` moved on by ``offset`` units, at ``time_of_day`` (London) if given.

    Hours are elapsed time. Calendar and working days move the London date and keep the base's
    London time of day unless ``time_of_day`` is given, so a step stays at 9am across a change
    between GMT and BST. Weeks give ``weekday`` of the week ``offset`` weeks after the base's
    week ("on site the following Monday": 1 week, Monday); months give the same day of a later
    month (or its last day). Both fall at the start of the day unless ``time_of_day`` is given,
    and a day that is not a working day rolls to the next working day (``FOLLOWING``) or the
    one before (``PRECEDING``), so a bank holiday Monday start becomes the Tuesday.
    """
    local = base.astimezone(LONDON)
    if unit in DAY_UNITS:
        if unit == WEEKS:
            if weekday is None:
                raise ValueError("A step in weeks needs a day of the week")
            week_start = local.date() - timedelta(days=local.weekday())
            day = week_start + timedelta(weeks=offset, days=weekday)
        else:
            day = add_months(local.date(), offset)
        day = roll_to_working_day(day, roll)
        return datetime.combine(day, time_of_day or time(0), tzinfo=LONDON)
    if unit == HOURS:
        moved = (local + timedelta(hours=offset)).astimezone(LONDON)
        if time_of_day is not None:
            moved = datetime.combine(moved.date(), time_of_day, tzinfo=LONDON)
        return moved
    if unit == CALENDAR_DAYS:
        day = local.date() + timedelta(days=offset)
    elif unit == WORKING_DAYS:
        day = add_working_days(local.date(), offset)
    else:
        raise ValueError(f"Unknown timeline unit {unit!r}")
    clock = time_of_day if time_of_day is not None else local.time().replace(tzinfo=None)
    return datetime.combine(day, clock, tzinfo=LONDON)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 January + 1 is 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def roll_to_working_day(day: date, roll: str) -> date:
    """``day`` if it is a working day, else the next (``FOLLOWING``) or previous one."""
    if not roll:
        return day
    step = timedelta(days=1 if roll == FOLLOWING else -1)
    while not is_working_day(day):
        day += step
    return day


def compute_timeline(
    steps: list[StepSpec],
    notified_at: datetime,
    *,
    now: datetime,
    entered: Mapping[str, date | None] | None = None,
) -> list[TimelineEntry]:
    """Every step with its due time and status at ``now``. Steps keep their given order.

    ``entered`` holds the dates the council recorded (by ``StepSpec.entered_as``): an entered
    date wins over a computed one, because it is what the lead inspector actually said, and
    later steps count from it.
    """
    if notified_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("Timeline times must be timezone-aware")
    entered = entered or {}
    due_by_code: dict[str, datetime | None] = {}
    entered_codes: set[str] = set()
    for step in steps:
        base = notified_at if step.after is None else due_by_code.get(step.after)
        if step.entered_as and entered.get(step.entered_as):
            day = entered[step.entered_as]
            due_by_code[step.code] = datetime.combine(day, time(0), tzinfo=LONDON)
            entered_codes.add(step.code)
        elif step.offset is None or base is None:
            due_by_code[step.code] = None
        else:
            due_by_code[step.code] = due_at(
                base,
                offset=step.offset,
                unit=step.unit,
                time_of_day=step.time_of_day,
                weekday=step.weekday,
                roll=step.roll,
            )
    upcoming = sorted(due for due in due_by_code.values() if due is not None and due > now)
    next_due = upcoming[0] if upcoming else None
    entries = []
    for step in steps:
        due = due_by_code[step.code]
        if due is None:
            status = StepStatus.NO_DEADLINE
        elif due <= now:
            status = StepStatus.OVERDUE if step.is_deadline else StepStatus.PASSED
        elif due == next_due:
            status = StepStatus.NEXT
        else:
            status = StepStatus.UPCOMING
        entries.append(
            TimelineEntry(
                step=step,
                due=due,
                status=status,
                remaining=_remaining(due, now),
                is_entered=step.code in entered_codes,
            )
        )
    return entries


def next_step(entries: list[TimelineEntry]) -> TimelineEntry | None:
    """The first step still to come, for the countdown."""
    future = [entry for entry in entries if entry.status == StepStatus.NEXT]
    return min(future, key=lambda entry: entry.due) if future else None


def format_duration(delta: timedelta) -> str:
    """'3 h 12 min', '2 d 0 h 5 min', '7 min': the same wording as the countdown script."""
    minutes = int(abs(delta.total_seconds()) // 60)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(f"{days} d")
    if days or hours:
        parts.append(f"{hours} h")
    parts.append(f"{minutes} min")
    return " ".join(parts)


def _remaining(due: datetime | None, now: datetime) -> str:
    if due is None:
        return ""
    if due < now:
        return f"overdue by {format_duration(now - due)}"
    return f"in {format_duration(due - now)}"


UNIT_WORDS = {
    HOURS: ("hour", "hours"),
    CALENDAR_DAYS: ("calendar day", "calendar days"),
    WORKING_DAYS: ("working day", "working days"),
    MONTHS: ("month", "months"),
}
WEEK_WORDS = {0: "the same week as", 1: "the week after", 2: "two weeks after"}


def describe_offset(step: StepSpec, *, after_name: str | None = None) -> str:
    """'36 hours after the notification', '1 calendar day after the notification, at 09:00',
    'Monday of the week after the notification (the next working day if that is a bank
    holiday)'."""
    if step.offset is None:
        return "Entered by the council" if step.entered_as else "No deadline set"
    anchor = f"after “{after_name}”" if after_name else "after the notification"
    if step.unit == WEEKS:
        reference = f"“{after_name}”" if after_name else "the notification"
        weeks = WEEK_WORDS.get(step.offset, f"{step.offset} weeks after")
        text = f"{WEEKDAY_NAMES[step.weekday]} of {weeks} {reference}"
        if step.roll:
            text += (
                " (the next working day if that is a bank holiday)"
                if step.roll == FOLLOWING
                else " (the working day before if that is a bank holiday)"
            )
        return text
    if step.offset == 0:
        text = f"At the same time as “{after_name}”" if after_name else "At the notification"
    else:
        singular, plural = UNIT_WORDS[step.unit]
        text = f"{step.offset} {singular if step.offset == 1 else plural} {anchor}"
    if step.time_of_day is not None:
        text += f", at {step.time_of_day:%H:%M}"
    return text
