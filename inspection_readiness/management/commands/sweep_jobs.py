"""Fail every background job that will never end by itself (for cron, or a host without beat)."""

from django.core.management.base import BaseCommand

from inspection_readiness.jobs import sweep_stuck_jobs


class Command(BaseCommand):
    help = (
        "Mark as failed, with the reason, every job whose worker died, that the broker lost, "
        "or that ran past its time limit. Celery beat runs the same sweep every minute."
    )

    def handle(self, *args, **options) -> None:
        failed = sweep_stuck_jobs()
        for job in failed:
            self.stdout.write(f"Job {job.pk} ({job.kind_label}) failed: {job.error}")
        self.stdout.write(f"{len(failed)} stuck job{'s' if len(failed) != 1 else ''} failed.")
