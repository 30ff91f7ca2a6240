from celery import shared_task

from .reminders import send_reminders as send_due_reminders


@shared_task(name="notifications.send_reminders")
def send_reminders() -> int:
    """Run by Celery beat (``CELERY_BEAT_SCHEDULE``): remind owners of work due soon or late."""
    return send_due_reminders()
