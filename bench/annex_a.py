"""Time Annex A import and export at 10,000, 100,000 and 300,000 rows (prints, never asserts).

For each size it generates a workbook (``generate_annex_a``), then, each in a fresh process so
peak memory is that step's own:
  floor   python-calamine reading every cell of every sheet (the least any import can cost);
  import  the full import: read, identify lists, parse every cell, run every rule, and store
          the version and its rows in PostgreSQL in one transaction;
  export  writing the version back out as Ofsted's workbook.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ir_bench .venv/bin/python bench/annex_a.py
      [--sizes 10000 100000] [--repeat 3] (the database is created and migrated if needed)
Floor and import are each the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import ROOT, peak_mb, setup_django, stored_upload

AS_AT = "2026-11-20"


def step_floor(path: str) -> dict:
    import python_calamine

    started = time.perf_counter()
    workbook = python_calamine.CalamineWorkbook.from_path(path)
    cells = 0
    for name in workbook.sheet_names:
        for row in workbook.get_sheet_by_name(name).iter_rows():
            cells += len(row)
    return {"seconds": time.perf_counter() - started, "cells": cells, "peak_mb": peak_mb()}


def step_import(path: str) -> dict:
    setup_django()
    from annex_a.services import run_import

    annex_a_import = stored_upload(path, as_at=AS_AT)
    started = time.perf_counter()
    version = run_import(annex_a_import=annex_a_import, report=lambda *_: None)
    seconds = time.perf_counter() - started
    annex_a_import.refresh_from_db()
    return {
        "seconds": seconds,
        "rows": annex_a_import.row_count,
        "errors": annex_a_import.error_count,
        "version": version.pk if version else None,
        "peak_mb": peak_mb(),
    }


def step_export(version_id: str) -> dict:
    setup_django()
    from annex_a.exporting import write_annex_a_workbook
    from annex_a.models import AnnexAVersion
    from annex_a.queries import version_rows
    from annex_a.spec import load_spec

    version = AnnexAVersion.objects.get(pk=int(version_id))
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        written = write_annex_a_workbook(
            load_spec(version.spec_version),
            lambda number: version_rows(version, number),
            Path(folder) / "export.xlsx",
        )
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": written, "peak_mb": peak_mb()}


def _run(step: str, argument: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--step", step, argument],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _median(runs: list[dict]) -> dict:
    """The run with the median time, with the largest peak memory of all the runs."""
    middle = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    return {**middle, "peak_mb": max(run["peak_mb"] for run in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 300_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of floor and import per size")
    parser.add_argument("--step", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    os.environ.setdefault("DEBUG", "true")  # local settings defaults; the database is DATABASE_URL
    if arguments.step:
        step, argument = arguments.step
        result = {"floor": step_floor, "import": step_import, "export": step_export}[step](argument)
        print(json.dumps(result))
        return
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--skip-checks", "-v0"], check=True, cwd=ROOT
    )
    print(
        f"{'rows':>8} {'floor s':>8} {'import s':>9} {'ratio':>6} {'rows/s':>8} "
        f"{'import MB':>10} {'export s':>9} {'export MB':>10}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            path = str(Path(folder) / f"annex-a-{size}.xlsx")
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "generate_annex_a",
                    path,
                    "--rows",
                    str(size),
                    "--as-at",
                    AS_AT,
                    "--seed",
                    "7",
                    "--skip-checks",
                ],
                check=True,
                cwd=ROOT,
                capture_output=True,
            )
            # The machine is shared and noisy: each figure is the median of several runs, each
            # in a fresh process, floor and import taken in turn.
            floors, imports = [], []
            for _ in range(arguments.repeat):
                floors.append(_run("floor", path))
                imports.append(_run("import", path))
            floor = _median(floors)
            imported = _median(imports)
            if imported["errors"] or not imported["version"]:
                print(f"{size:>8} import found {imported['errors']} errors; not timed further")
                continue
            exported = _run("export", str(imported["version"]))
            print(
                f"{imported['rows']:>8,} {floor['seconds']:>8.2f} {imported['seconds']:>9.2f} "
                f"{imported['seconds'] / floor['seconds']:>6.1f} "
                f"{imported['rows'] / imported['seconds']:>8,.0f} {imported['peak_mb']:>10.0f} "
                f"{exported['seconds']:>9.2f} {exported['peak_mb']:>10.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
