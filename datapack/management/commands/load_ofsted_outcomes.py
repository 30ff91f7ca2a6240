"""Load Ofsted's published outcomes that "How we compare" shows without any upload."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frameworks import published_record
from frameworks.published_record import PublishedRecordProblem

from ...outcomes import OutcomesFileProblem
from ...services import load_shipped_outcomes


class Command(BaseCommand):
    help = (
        "Load Ofsted's published outcomes shipped with the service (frameworks/data/"
        "ofsted_outcomes/: each local authority's latest ILACS judgements, with the inspections "
        "from April 2026), replacing those loaded before and keeping any upload. With --from and "
        "--update-extract, first copy them from a folder in the layout of "
        "../shared/data/ofsted_outcomes/ into the shipped folder, to be committed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="folder",
            type=Path,
            help="A folder holding Ofsted's tables and the third party's report readings.",
        )
        parser.add_argument(
            "--update-extract",
            action="store_true",
            help="Write the shipped folder (frameworks/data/ofsted_outcomes/) from --from.",
        )

    def handle(self, *args, folder: Path | None = None, update_extract: bool = False, **options):
        if update_extract != (folder is not None):
            raise CommandError("Use --from and --update-extract together, or neither.")
        try:
            if folder is not None:
                self._write_extract(folder)
            upload = load_shipped_outcomes()
        except (OutcomesFileProblem, PublishedRecordProblem, OSError) as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded Ofsted's outcomes for {upload.row_count} local authorities, as at "
                f"{upload.as_at:%-d %B %Y}."
            )
        )

    def _write_extract(self, folder: Path) -> None:
        shipped = published_record.BUNDLED
        for name in (published_record.LATEST_FILE, published_record.HISTORY_FILE):
            (shipped / name).write_bytes((folder / name).read_bytes())
        with (folder / published_record.THIRD_PARTY_FILE).open(
            newline="", encoding="utf-8-sig"
        ) as handle:
            text = published_record.post_reform_text(csv.DictReader(handle))
        (shipped / published_record.POST_REFORM_FILE).write_text(text)
        published_record.ilacs_inspections.cache_clear()
        self.stdout.write(f"Wrote the shipped outcomes to {shipped}.")
