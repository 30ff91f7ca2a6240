"""Load the DfE's published figures that the data pack compares the council with."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...published import (
    BUNDLED,
    SERIES,
    ComparatorFileProblem,
    copy_reference_files,
    extract_text,
    merged,
    read_authorities,
    read_dfe_folder,
    read_extract,
)
from ...services import store_published_figures


class Command(BaseCommand):
    help = (
        "Load the DfE's published figures (England, regions, every council and its statistical "
        "neighbours) bundled with the app, or, with --from, from a folder of the DfE dashboard's "
        "files in the layout of ../shared/data/dfe_csc_outcomes_enablers/. Years already loaded "
        "and not in the files are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="folder",
            type=Path,
            help="A folder of the DfE dashboard's CSV files, e.g. a new year's.",
        )
        parser.add_argument(
            "--update-extract",
            action="store_true",
            help="Also write the figures into the app's bundled extract (datapack/data/), "
            "keeping the years it already holds, so they can be committed.",
        )

    def handle(self, *args, folder: Path | None = None, update_extract: bool = False, **options):
        try:
            if folder is None:
                if update_extract:
                    raise CommandError("--update-extract needs --from, a folder of DfE's files.")
                figures, authorities = read_extract(BUNDLED), read_authorities(BUNDLED)
            else:
                figures, authorities = read_dfe_folder(folder), read_authorities(folder)
                if update_extract:
                    self._write_extract(folder, figures)
        except ComparatorFileProblem as problem:
            raise CommandError(str(problem)) from problem
        count = store_published_figures(figures=figures, authorities=authorities)
        years = sorted({figure.year for figure in figures})
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {count:,} published figures for {len(authorities)} councils, "
                f"years to 31 March {years[0]} to {years[-1]}."
                if years
                else "The files held no figures."
            )
        )

    def _write_extract(self, folder: Path, figures: list) -> None:
        BUNDLED.mkdir(parents=True, exist_ok=True)
        have = (BUNDLED / f"{SERIES[0].key}.csv").exists()
        combined = merged(read_extract(BUNDLED) if have else [], figures)
        for series in SERIES:
            (BUNDLED / f"{series.key}.csv").write_text(extract_text(combined, series.key))
        copy_reference_files(folder, BUNDLED)
        self.stdout.write(f"Wrote the extract to {BUNDLED}.")
