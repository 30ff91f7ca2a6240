"""For a scheduler without Celery beat: send each reminder of work due soon or overdue, once."""

from django.core.management.base import BaseCommand

from notifications.reminders import send_reminders


class Command(BaseCommand):
    help = "Email each owner of work due within a working day or overdue (once per kind)."

    def handle(self, *args, **options) -> None:
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
