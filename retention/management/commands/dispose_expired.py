"""For the council's scheduler (cron or a systemd timer): dispose of every record past its
retention period that nothing keeps, recording what went. ``--dry-run`` only says what would go."""

from django.core.management.base import BaseCommand

from retention.review import review_retention
from retention.services import dispose_expired


class Command(BaseCommand):
    help = "Dispose of records past the council's retention period (see the retention page)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed; remove nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        if dry_run:
            for review in review_retention():
                kept = sum(review.kept.values())
                oldest = f", oldest {review.oldest_due:%d/%m/%Y}" if review.oldest_due else ""
                self.stdout.write(
                    f"{review.period.kind.label}: {review.due_count} due{oldest}; "
                    f"{kept} past the period but kept"
                )
            self.stdout.write("Dry run: nothing was removed.")
            return
        disposal = dispose_expired(disposed_by=None, by_scheduler=True)
        for code, count in disposal.counts.items():
            self.stdout.write(f"{code}: {count} removed")
        self.stdout.write(f"Disposal {disposal.pk} recorded: {disposal.total} records removed.")
