"""Build the Day 1 data pack from the command line, for scripts and scheduled refreshes."""

import json
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from annex_a.queries import versions_for_council
from inspection_readiness import celery_app
from inspection_readiness.jobs import fail_if_stuck
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

from ...figures import pack_figures
from ...models import DataPack
from ...queries import latest_pack
from ...services import request_pack_build

WAIT_SECONDS = 2  # between looks at a build someone else started, until it ends


class Command(BaseCommand):
    help = (
        "Build the Day 1 data pack from an Annex A version, as the Day 1 data pack page does "
        "(the same job record and audit entry), and, with --json, write every figure with "
        "England's, the region's and the statistical neighbours' published figures."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # The interface is `--version ID`; Django's own --version gives way to it.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--version",
            dest="version_id",
            type=int,
            required=True,
            help="The Annex A version's id (shown on its page and by import_annex_a).",
        )
        parser.add_argument("--json", dest="out", type=Path, help="Write the figures here.")
        parser.add_argument(
            "--user",
            help="Username of the data admin who builds it (default: the first active data admin).",
        )

    def handle(self, *args, version_id: int, out: Path | None, user: str | None, **options):
        version = versions_for_council().filter(pk=version_id).first()
        if version is None:
            raise CommandError(
                f"There is no Annex A version with id {version_id}. The versions page lists "
                "each version's id."
            )
        builder = self._builder(user)
        # Built here, in this process, whether or not a background worker is running.
        eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = True
        try:
            job = request_pack_build(version=version, requested_by=builder)
        except PermissionDenied as refusal:
            raise CommandError(
                f"{builder.get_username()} cannot build the pack: {refusal}"
            ) from None
        finally:
            celery_app.conf.task_always_eager = eager
        job = self._wait_for(job)
        if job.status != Job.Status.SUCCEEDED:
            raise CommandError(f"The pack was not built. {job.error}")
        pack = DataPack.objects.filter(job=job).first() or latest_pack(version)
        self.stdout.write(
            f"Built the Day 1 data pack from version {version.number} (pack {pack.pk}, "
            f"{pack.seconds:.0f} seconds)."
        )
        if out is not None:
            figures = pack_figures(pack.results)
            out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {len(figures)} figures to {out}.")

    def _builder(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            found = users.filter(username=username).first()
            if found is None:
                raise CommandError(f"No active user {username!r}.")
            return found
        found = users.filter(groups__name=Role.DATA_ADMIN.label).order_by("pk").first()
        if found is None:
            raise CommandError("No data admin to build the pack; pass --user.")
        return found

    def _wait_for(self, job: Job) -> Job:
        """A build already waiting or running when asked is joined, not started twice."""
        job.refresh_from_db()
        while not job.is_finished:
            time.sleep(WAIT_SECONDS)
            job.refresh_from_db()
            job = fail_if_stuck(job)
        return job
