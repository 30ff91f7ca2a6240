"""The periodic sweep: remind each owner, once per kind, of work due soon or overdue."""

from datetime import datetime

from django.utils import timezone

from .models import SentEmail
from .rules import reminder_kind
from .services import deliver
from .work import open_work


def send_reminders(*, now: datetime | None = None) -> int:
    """Send every reminder now due that has not gone before; the number sent."""
    now = now or timezone.now()
    due = []
    for work in open_work(now=now):
        kind = reminder_kind(work.due, now=now) if work is not None else None
        if kind is not None:
            due.append((work.owner, work.reminder(kind)))
    # Work long overdue is in every sweep: skip what has gone in one query, not one per item.
    # (The unique reminder key still stops a second send if two sweeps overlap.)
    already = set(
        SentEmail.objects.filter(
            reminder_key__in={message.reminder_key for _, message in due}
        ).values_list("recipient_id", "kind", "reminder_key")
    )
    sent = 0
    for owner, message in due:
        if (owner.pk, message.kind, message.reminder_key) in already:
            continue
        if deliver(recipient=owner, message=message):
            sent += 1
    return sent
