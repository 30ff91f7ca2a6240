"""Peak memory of importing hostile and large Annex A files (prints, never asserts).

Each file goes through ``services.run_import`` (what the worker runs) in a fresh process, and
the line gives what happened (imported, or the reason it was refused) and that process's peak
resident memory:

  table   every row of the upload table in annex_a/tests/test_upload_limits.py (zip bombs,
          deep XML, NUL bytes, 16,384 columns, 1,000,000 rows, ...), with the service's limits;
  sizes   generated Annex A files of 100,000 and 1,000,000 rows, as a workbook and as a zip of
          CSV files, with the service's limits and then with the limits lifted, to show what
          the row limit (ANNEX_A_MAX_ROWS) saves.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ir_bench \
        .venv/bin/python bench/upload_memory.py [--sizes 100000 1000000] [--keep DIR]
(generated workbooks are kept in DIR and reused). Peak memory is the child's own high-water
mark (VmHWM): Linux carries ru_maxrss over from the parent, which holds the table's files.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from _setup import ROOT, peak_mb, setup_django, stored_upload

AS_AT = "2026-11-20"
LIFTED = {
    "UPLOAD_MAX_MEGABYTES": "500",
    "ANNEX_A_MAX_INFLATED_MEGABYTES": "5000",
    "ANNEX_A_MAX_ROWS": "5000000",
    "ANNEX_A_MAX_CELLS_PER_SHEET": "500000000",
}


def step_import(path: str) -> dict:
    setup_django()
    from annex_a.services import run_import
    from inspection_readiness.jobs import JobFailed

    annex_a_import = stored_upload(path, as_at=AS_AT)
    started = time.perf_counter()
    try:
        version = run_import(annex_a_import=annex_a_import, report=lambda *_: None)
    except JobFailed as failed:
        outcome = f"refused: {failed}"
    else:
        annex_a_import.refresh_from_db()
        outcome = (
            f"imported {annex_a_import.row_count:,} rows"
            if version
            else f"checked {annex_a_import.row_count:,} rows, {annex_a_import.error_count:,} "
            "errors (nothing stored)"
        )
    return {"outcome": outcome, "seconds": time.perf_counter() - started, "peak_mb": _own_peak_mb()}


def _own_peak_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return peak_mb()
    kilobytes = status.split("VmHWM:")[1].split()[0]
    return int(kilobytes) / 1024


def _run(path: Path, extra_environment: dict | None = None) -> dict:
    finished = subprocess.run(
        [sys.executable, __file__, "--step", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(extra_environment or {})},
    )
    if finished.returncode:  # killed, or an error the import did not turn into a reason
        last = (finished.stderr.strip().splitlines() or ["no output"])[-1]
        return {"outcome": f"failed: {last}", "seconds": 0.0, "peak_mb": float("nan")}
    return json.loads(finished.stdout.strip().splitlines()[-1])


def _print(label: str, path: Path, result: dict) -> None:
    megabytes = path.stat().st_size / 1024 / 1024
    print(
        f"{label[:58]:<58} {megabytes:>7.1f} {result['peak_mb']:>7.0f} {result['seconds']:>7.1f}  "
        f"{result['outcome'][:150]}",
        flush=True,
    )


def table(folder: Path) -> None:
    setup_django()
    from annex_a.tests.test_upload_limits import UPLOAD_TABLE

    for position, case in enumerate(UPLOAD_TABLE):
        build, limits, _ = case.values
        case_folder = folder / f"case-{position}"
        case_folder.mkdir()
        path = build(case_folder)
        # The table's own limits where a row sets lower ones than the service's.
        environment = {"ANNEX_A_MAX_ROWS": str(limits.rows_per_file)}
        _print(case.id, path, _run(path, environment))
        path.unlink()


def _workbook(size: int, keep: Path) -> Path:
    path = keep / f"annex-a-{size}.xlsx"
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "generate_annex_a",
                str(path),
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
    return path


def _zip_of_csvs(workbook: Path) -> Path:
    """The same lists as one CSV file each, in a zip, as a council might send them."""
    import python_calamine

    path = workbook.with_suffix(".zip")
    if path.exists():
        return path
    source = python_calamine.CalamineWorkbook.from_path(str(workbook))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.sheet_names:
            text = io.StringIO()
            writer = csv.writer(text)
            for position, row in enumerate(source.get_sheet_by_name(name).iter_rows()):
                if position:  # the list's title row above the headers is the template's
                    writer.writerow(
                        [
                            value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value
                            for value in row
                        ]
                    )
            archive.writestr(f"{name}.csv", text.getvalue())
    return path


def sizes(sizes: list[int], keep: Path) -> None:
    for size in sizes:
        workbook = _workbook(size, keep)
        for path in (workbook, _zip_of_csvs(workbook)):
            kind = "workbook" if path.suffix == ".xlsx" else "zip of CSVs"
            _print(f"{size:,} rows, {kind}", path, _run(path))
            _print(f"{size:,} rows, {kind}, limits lifted", path, _run(path, LIFTED))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="keep generated workbooks here and reuse them")
    parser.add_argument("--only", choices=["table", "sizes"])
    parser.add_argument("--step", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    os.environ.setdefault("DEBUG", "true")
    if arguments.step:
        print(json.dumps(step_import(arguments.step)))
        return
    setup_django()
    from _setup import ensure_database

    ensure_database()
    print(f"{'file':<58} {'MB':>7} {'peak MB':>7} {'s':>7}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        keep = arguments.keep or Path(folder)
        keep.mkdir(parents=True, exist_ok=True)
        if arguments.only in (None, "table"):
            table(Path(folder))
        if arguments.only in (None, "sizes"):
            sizes(arguments.sizes, keep)


if __name__ == "__main__":
    main()
