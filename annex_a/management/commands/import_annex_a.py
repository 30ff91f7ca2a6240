import csv
import sys
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from annex_a.findings import ERROR, REPORT_COLUMNS, report_row
from annex_a.importing import read_and_check, structural_problem
from annex_a.layouts import TEMPLATE_NAMES
from annex_a.notification_day import as_at_questions, record_as_at_choice
from annex_a.reading import UnreadableFile
from annex_a.services import (
    AlreadyImported,
    council_synonyms,
    import_annex_a_file,
    upload_limit_bytes,
)
from annex_a.spec import SPEC_RECOGNISED, SPEC_VERSIONS
from inspection_readiness.councils import current_council


class Command(BaseCommand):
    help = (
        "Check an Annex A file (.xlsx, .xlsm, .csv or a zip of CSVs) and, unless --dry-run, "
        "import it as a new version with its findings. Exit code 0: no errors (ready, or "
        "warnings only); 1: errors (still imported, with its findings); 2: the file cannot be "
        "read or its lists cannot be identified, so nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--as-at", type=date.fromisoformat, required=True, help="The as-at date, YYYY-MM-DD."
        )
        parser.add_argument(
            "--spec",
            choices=(SPEC_RECOGNISED, *SPEC_VERSIONS),
            default=SPEC_RECOGNISED,
            help="The template the file follows; by default each list's own headers say.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; store nothing.")
        parser.add_argument("--report", type=Path, help="Write every finding to this CSV file.")
        parser.add_argument(
            "--user",
            help="Username recorded as the importer (default: the "
            "first active data admin or superuser).",
        )

    def handle(
        self,
        *args,
        path: Path,
        as_at: date,
        spec: str,
        dry_run: bool,
        report: Path | None,
        user: str | None,
        **options,
    ):
        if not path.exists():
            self.stderr.write(f"{path} does not exist.")
            sys.exit(2)
        try:
            outcome = read_and_check(
                path,
                path.name,
                as_at=as_at,
                spec_version=spec,
                council_synonyms=council_synonyms(current_council()),
                size_limit=upload_limit_bytes(),
            )
        except UnreadableFile as unreadable:
            self.stderr.write(str(unreadable))
            sys.exit(2)
        self._print_counts(outcome)
        # As on the upload page, a doubtful as-at date is questioned; here the command goes on
        # (it was asked for on purpose), and the import's audit trail records the question.
        questions = as_at_questions(council=current_council(), as_at=as_at)
        for question in questions:
            self.stderr.write(f"Check the as-at date: {question}")
        if report:
            self._write_report(report, outcome.findings)
        refusal = structural_problem(outcome)
        if refusal:
            self.stderr.write(refusal)
            sys.exit(2)
        if dry_run:
            self.stdout.write(
                f"{outcome.error_count:,} errors, {outcome.warning_count:,} warnings. "
                "Dry run: nothing stored."
            )
            sys.exit(1 if outcome.has_errors else 0)
        importer = self._importer(user)
        try:
            version = self._store(path, as_at, spec, importer)
        except AlreadyImported as already:
            self.stdout.write(f"{already} Nothing imported (id {already.version.pk}).")
            sys.exit(1 if already.version.error_count else 0)
        except PermissionDenied as refusal:  # --user names someone who is not a data admin
            raise CommandError(str(refusal)) from None
        if questions:
            record_as_at_choice(
                annex_a_import=version.annex_a_import, chosen_by=importer, questions=questions
            )
        self.stdout.write(
            f"Imported as version {version.number} (id {version.pk}): "
            f"{version.get_readiness_display().lower()}."
        )
        if version.error_count:
            sys.exit(1)

    def _print_counts(self, outcome):
        self.stdout.write(f"{'List':<48} {'Rows':>8} {'Errors':>8} {'Warnings':>9}")
        for number, counts in outcome.counts_by_list().items():
            name = "Whole file" if number == 0 else outcome.spec.list(number).title
            if number == 0 and not (counts["errors"] or counts["warnings"]):
                continue
            self.stdout.write(
                f"{name[:48]:<48} {counts['rows']:>8,} {counts['errors']:>8,} "
                f"{counts['warnings']:>9,}"
            )
        self.stdout.write(
            f"{'Total':<48} {outcome.row_count:>8,} {outcome.error_count:>8,} "
            f"{outcome.warning_count:>9,}"
        )
        self.stdout.write(f"Read as the {TEMPLATE_NAMES[outcome.spec.version].split(' (')[0]}.")

    def _write_report(self, report: Path, findings):
        with report.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(REPORT_COLUMNS)
            writer.writerows(report_row(finding) for finding in findings)
        errors = sum(1 for finding in findings if finding.severity == ERROR)
        self.stdout.write(f"Wrote {len(findings):,} findings ({errors:,} errors) to {report}.")

    def _importer(self, username: str | None):
        from inspection_readiness.roles import Role

        users = get_user_model().objects.filter(is_active=True)
        if username:
            found = users.filter(username=username).first()
            if found is None:
                raise CommandError(f"No active user {username!r}.")
            return found
        found = (
            users.filter(groups__name=Role.DATA_ADMIN.label).order_by("pk").first()
            or users.filter(is_superuser=True).order_by("pk").first()
        )
        if found is None:
            raise CommandError("No data admin to record as the importer; pass --user.")
        return found

    def _store(self, path: Path, as_at: date, spec: str, importer):
        _, version = import_annex_a_file(
            path=path, as_at=as_at, spec_version=spec, imported_by=importer
        )
        return version
