from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annex_a.exporting import write_annex_a_workbook
from annex_a.models import AnnexAVersion
from annex_a.queries import version_rows
from annex_a.spec import load_spec


class Command(BaseCommand):
    help = "Write an Annex A version as Ofsted's workbook (List_1 .. List_11)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # The interface is `--version ID`; Django's own --version (print Django's
        # version) gives way to it.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--version",
            dest="version_id",
            type=int,
            required=True,
            help="The version's id (shown on its page and by import_annex_a).",
        )
        parser.add_argument("out", type=Path)

    def handle(self, *args, version_id: int, out: Path, **options):
        version = AnnexAVersion.objects.filter(pk=version_id).first()
        if version is None:
            raise CommandError(f"There is no Annex A version with id {version_id}.")
        written = write_annex_a_workbook(
            load_spec(version.spec_version), lambda number: version_rows(version, number), out
        )
        self.stdout.write(f"Wrote {written:,} rows of version {version.number} to {out}.")
