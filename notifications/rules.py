"""When a reminder is due: work due within a working day, or overdue.

"Within a working day" counts working days in England (``working_days``): on a Friday before a
bank holiday Monday, work due on the Tuesday is one working day away.
"""

from datetime import date, datetime

from django.utils import timezone

from inspection_readiness.working_days import add_working_days

from .kinds import Kind


def reminder_kind(due: date | datetime, *, now: datetime) -> Kind | None:
    """``OVERDUE`` once ``due`` has passed, ``DUE_SOON`` if it falls within one working day of
    ``now``, else None. A date (an audit's due date) is due by the end of that day."""
    now = timezone.localtime(now)
    if isinstance(due, datetime):
        due = timezone.localtime(due)
        if due < now:
            return Kind.OVERDUE
        return Kind.DUE_SOON if due <= add_working_days(now, 1) else None
    today = now.date()
    if due < today:
        return Kind.OVERDUE
    return Kind.DUE_SOON if due <= add_working_days(today, 1) else None
