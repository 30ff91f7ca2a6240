from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frameworks.published_outcomes import (
    OUTCOME_FILES,
    check_rows,
    read_rows,
    report_lines,
    summary_line,
)
from frameworks.queries import framework_spec


class Command(BaseCommand):
    help = (
        "Run Ofsted's published SIF and ILACS judgements through the limiting-rule engine and "
        "report where the published overall effectiveness is outside the engine's cap."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The ofsted_outcomes data folder.")

    def handle(self, *args, path: Path, **options):
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder")
        checks = []
        for layout in OUTCOME_FILES:
            if not (path / layout.filename).exists():
                raise CommandError(f"{layout.filename} is not in {path}")
            check = check_rows(framework_spec(layout.framework), layout, read_rows(path, layout))
            checks.append(check)
            for line in report_lines(check):
                self.stdout.write(line)
        for check in checks:
            self.stdout.write(summary_line(check))
