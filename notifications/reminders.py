"""The periodic sweep: remind each owner, once per kind, of work due soon or overdue."""

from datetime import datetime

from django.utils import timezone

from .rules import reminder_kind
from .services import deliver
from .work import open_work


def send_reminders(*, now: datetime | None = None) -> int:
    """Send every reminder now due that has not gone before; the number sent."""
    now = now or timezone.now()
    sent = 0
    for work in open_work(now=now):
        if work is None:
            continue
        kind = reminder_kind(work.due, now=now)
        if kind is not None and deliver(recipient=work.owner, message=work.reminder(kind)):
            sent += 1
    return sent
