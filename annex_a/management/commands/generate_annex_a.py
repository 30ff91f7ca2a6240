from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annex_a.spec import SPEC_VERSIONS
from annex_a.synthetic import write_generated_workbook


class Command(BaseCommand):
    help = (
        "Write a realistic synthetic Annex A workbook with coherent children across all lists. "
        "--messy injects the faults real extracts have."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="Where to write the .xlsx file.")
        parser.add_argument("--rows", type=int, default=2000, help="Rows across all lists.")
        parser.add_argument(
            "--as-at",
            type=date.fromisoformat,
            default=date.today(),
            help="The as-at date, YYYY-MM-DD (default today).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same workbook.")
        parser.add_argument("--messy", action="store_true", help="Inject realistic faults.")
        parser.add_argument("--spec", choices=SPEC_VERSIONS, default="2023")

    def handle(
        self, *args, out: Path, rows: int, as_at: date, seed: int, messy: bool, spec: str, **options
    ):
        if rows < 1:
            raise CommandError("--rows must be at least 1.")
        generated = write_generated_workbook(
            out, rows=rows, as_at=as_at, seed=seed, messy=messy, spec_version=spec
        )
        self.stdout.write(f"Wrote {generated.rows:,} rows to {out}.")
        for fault in generated.faults:
            self.stdout.write(f"  fault: {fault}")
