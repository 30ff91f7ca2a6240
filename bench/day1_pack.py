"""Time the Day 1 data pack build at 10,000, 100,000 and 300,000 Annex A rows (prints, never
asserts). Goal: under 30 seconds for 100,000 rows, including the PDF.

For each size it generates a synthetic workbook (``generate_annex_a``), imports it as a version
with the real import, then builds the pack exactly as the background job does: read every list
from PostgreSQL into pandas, count every measure and breakdown, compare with the previous
version, draw the charts, write the XLSX and the PDF, and store the pack. It prints the time of
each step and the whole build.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ir_pack_bench \\
      .venv/bin/python bench/day1_pack.py [--sizes 10000 100000 300000]
(the database is created and migrated if needed).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import ROOT, ensure_database, setup_django

AS_AT = "2026-11-20"
STEPS = (
    (3, "read lists"),
    (38, "measures"),
    (45, "previous"),
    (55, "charts"),
    (68, "xlsx"),
    (75, "pdf"),
    (95, "store"),
)


def _import(path: Path, user):
    from datetime import date

    from django.core.files import File
    from django.utils import timezone

    from annex_a.models import AnnexAImport
    from annex_a.services import run_import
    from inspection_readiness.councils import current_council

    with path.open("rb") as handle:
        annex_a_import = AnnexAImport(
            council=current_council(),
            source_name=path.name,
            source_sha256="bench",
            source_size=path.stat().st_size,
            as_at=date.fromisoformat(AS_AT),
            uploaded_by=user,
            uploaded_at=timezone.now(),
        )
        annex_a_import.source.save(path.name, File(handle), save=False)
        annex_a_import.save()
    return run_import(annex_a_import=annex_a_import, report=lambda *_: None)


def _timer(started: float, marks: dict[int, float]):
    """A progress callback that records when each step of the build began."""

    def report(percent: int, message: str) -> None:
        marks.setdefault(percent, time.perf_counter() - started)

    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 300_000])
    options = parser.parse_args()
    setup_django()
    ensure_database()
    import logging

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from django.contrib.auth import get_user_model

    from datapack.services import build_data_pack, record_population
    from inspection_readiness.roles import Role

    user, _ = get_user_model().objects.get_or_create(username="bench")
    user.groups.add(Role.DATA_ADMIN.group())  # entering the population is a data admin's work
    record_population(children=52_400, source="Bench value", year=2025, entered_by=user)
    print(
        f"{'rows':>8} {'import s':>9} "
        + " ".join(f"{name:>10}" for _, name in STEPS)
        + f" {'build s':>8} {'peak MB':>8} {'PDF pages':>9}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in options.sizes:
            path = Path(folder) / f"annex-a-{size}.xlsx"
            subprocess.run(
                [sys.executable, "manage.py", "generate_annex_a", str(path), "--rows", str(size),
                 "--as-at", AS_AT, "--seed", "7", "--skip-checks"],
                check=True, cwd=ROOT, capture_output=True,
            )  # fmt: skip
            started = time.perf_counter()
            version = _import(path, user)
            imported = time.perf_counter() - started
            if version is None:
                print(f"{size:>8} the import found errors; not timed further")
                continue
            marks: dict[int, float] = {}
            started = time.perf_counter()
            pack = build_data_pack(version=version, built_by=user, report=_timer(started, marks))
            total = time.perf_counter() - started
            # A step that did not happen (no previous version to compare with) takes no time.
            starts = [total]
            for percent, _ in reversed(STEPS):
                starts.insert(0, marks.get(percent, starts[0]))
            durations = [
                max(0.0, end - begin) for begin, end in zip(starts, starts[1:], strict=False)
            ]
            from pypdf import PdfReader

            pages = len(PdfReader(pack.pdf.open("rb")).pages)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{version.row_count:>8,} {imported:>9.1f} "
                + " ".join(f"{seconds:>10.2f}" for seconds in durations)
                + f" {total:>8.1f} {peak:>8.0f} {pages:>9}",
                flush=True,
            )


if __name__ == "__main__":
    main()
