"""Plain rules of the inspection week: when something is overdue, how a request moves between
open, answered and closed, and how a time typed on the call is read."""

import re
from datetime import datetime, time


class RequestStatusError(ValueError):
    """The request cannot move to that status; the message says why."""


OPEN, ANSWERED, CLOSED = "open", "answered", "closed"

# Where a request can go from each status. A request is answered before it is closed; an
# answer that does not satisfy the inspector sends it back to open, as does reopening one closed.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    OPEN: frozenset({ANSWERED}),
    ANSWERED: frozenset({OPEN, CLOSED}),
    CLOSED: frozenset({OPEN}),
}

STATUS_WORDS = {OPEN: "open", ANSWERED: "answered", CLOSED: "closed"}


def check_request_transition(current: str, wanted: str) -> None:
    """Raise ``RequestStatusError`` unless a request may move from ``current`` to ``wanted``."""
    if wanted not in REQUEST_TRANSITIONS.get(current, frozenset()):
        if current == wanted:
            raise RequestStatusError(f"This request is already {STATUS_WORDS[current]}")
        raise RequestStatusError(
            f"A request that is {STATUS_WORDS.get(current, current)} cannot be "
            f"{STATUS_WORDS.get(wanted, wanted)}"
        )


def is_overdue(due_at: datetime | None, *, finished: bool, now: datetime) -> bool:
    """Overdue: not finished and its due time has passed (a thing due now is not yet late)."""
    return not finished and due_at is not None and due_at < now


TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_time(text: str) -> time:
    """A 24-hour time as people type it: "14:30", "9:05", "09.05". Raises ``ValueError``."""
    match = TIME_PATTERN.match(text)
    if not match:
        raise ValueError("Enter a time in the 24-hour clock, like 14:30")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError("Enter a real time, like 14:30")
    return time(hour, minute)
