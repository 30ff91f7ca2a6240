from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from annex_a.exporting import write_annex_a_workbook
from annex_a.models import AnnexAVersion
from annex_a.queries import export_cover, version_rows
from annex_a.services import confirm_export
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
        parser.add_argument(
            "--confirmed-by",
            help="For a version with errors or warnings: the username of the manager who "
            "confirms sending it.",
        )
        parser.add_argument("--reason", default="", help="Why it is sent with its findings.")

    def handle(
        self,
        *args,
        version_id: int,
        out: Path,
        confirmed_by: str | None,
        reason: str,
        **options,
    ):
        version = AnnexAVersion.objects.filter(pk=version_id).first()
        if version is None:
            raise CommandError(f"There is no Annex A version with id {version_id}.")
        cover = ()
        if not version.is_ready:
            cover = export_cover(version, self._confirm(version, confirmed_by, reason))
        written = write_annex_a_workbook(
            load_spec(version.spec_version),
            lambda number: version_rows(version, number),
            out,
            cover=cover,
        )
        self.stdout.write(f"Wrote {written:,} rows of version {version.number} to {out}.")

    def _confirm(self, version: AnnexAVersion, username: str | None, reason: str) -> dict:
        if not username:
            raise CommandError(
                f"Version {version.number} has errors or warnings: pass --confirmed-by (a "
                "manager's username) and --reason."
            )
        manager = get_user_model().objects.filter(username=username, is_active=True).first()
        if manager is None:
            raise CommandError(f"No active user {username!r}.")
        try:
            return confirm_export(version=version, confirmed_by=manager, reason=reason)
        except (PermissionDenied, ValidationError) as refusal:
            raise CommandError(" ".join(getattr(refusal, "messages", [str(refusal)]))) from None
