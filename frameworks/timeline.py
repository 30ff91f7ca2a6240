"""An inspection's timeline: due times from the notification, in Europe/London time.

Pure functions over plain dataclasses. Working days come from
``inspection_readiness.working_days`` (England's bank holidays), the one module every deadline in
the service uses.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from inspection_readiness.working_days import add_working_days

LONDON = ZoneInfo("Europe/London")

HOURS = "hours"
CALENDAR_DAYS = "calendar_days"
WORKING_DAYS = "working_days"


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


@dataclass(frozen=True)
class TimelineEntry:
    step: StepSpec
    due: datetime | None
    status: StepStatus
    remaining: str  # "in 3 h 12 min", "overdue by 2 d 0 h 5 min", or ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_overdue(self) -> bool:
        return self.status == StepStatus.OVERDUE


def due_at(base: datetime, *, offset: int, unit: str, time_of_day: time | None) -> datetime:
    """``base`` moved on by ``offset`` units, at ``time_of_day`` (London) if given.

    Hours are elapsed time. Calendar and working days move the London date and keep the base's
    London time of day unless ``time_of_day`` is given, so a step stays at 9am across a change
    between GMT and BST.
    """
    local = base.astimezone(LONDON)
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


def compute_timeline(
    steps: list[StepSpec], notified_at: datetime, *, now: datetime
) -> list[TimelineEntry]:
    """Every step with its due time and status at ``now``. Steps keep their given order."""
    if notified_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("Timeline times must be timezone-aware")
    due_by_code: dict[str, datetime | None] = {}
    for step in steps:
        base = notified_at if step.after is None else due_by_code.get(step.after)
        if step.offset is None or base is None:
            due_by_code[step.code] = None
        else:
            due_by_code[step.code] = due_at(
                base, offset=step.offset, unit=step.unit, time_of_day=step.time_of_day
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
            TimelineEntry(step=step, due=due, status=status, remaining=_remaining(due, now))
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
}


def describe_offset(step: StepSpec, *, after_name: str | None = None) -> str:
    """'36 hours after the notification', '1 calendar day after the notification, at 09:00'."""
    if step.offset is None:
        return "No deadline set"
    anchor = f"after “{after_name}”" if after_name else "after the notification"
    if step.offset == 0:
        text = f"At the same time as “{after_name}”" if after_name else "At the notification"
    else:
        singular, plural = UNIT_WORDS[step.unit]
        text = f"{step.offset} {singular if step.offset == 1 else plural} {anchor}"
    if step.time_of_day is not None:
        text += f", at {step.time_of_day:%H:%M}"
    return text
