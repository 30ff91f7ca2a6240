"""Annex A's background jobs: checking and importing a file, exporting a version, and the
highlighted copy of a checked file. Each is a thin wrapper round ``services`` or ``exporting``."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

from openpyxl.utils import column_index_from_string

from inspection_readiness.jobs import JobFailed, JobResult, ProgressReporter, register_job_kind
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

from .exporting import write_annex_a_workbook, write_highlighted_copy
from .models import AnnexAImport, AnnexAVersion
from .queries import export_cover, version_rows
from .reading import UnreadableFile
from .services import IMPORT_JOB, recheck_import, run_import, source_on_disk, upload_limit_bytes
from .spec import load_spec

EXPORT_JOB = "annex_a_export"
HIGHLIGHT_JOB = "annex_a_highlighted_copy"


def _check_again(job: Job, requested_by) -> Job:
    return recheck_import(
        annex_a_import=AnnexAImport.objects.get(pk=job.subject_id), requested_by=requested_by
    )


@register_job_kind(
    IMPORT_JOB,
    "Annex A check and import",
    roles=[Role.DATA_ADMIN],
    time_limit_seconds=30 * 60,
    retry=_check_again,  # refuses a file already imported, so "Try again" never imports twice
)
def import_annex_a(job: Job, report: ProgressReporter) -> None:
    annex_a_import = AnnexAImport.objects.get(pk=job.subject_id)
    version = run_import(annex_a_import=annex_a_import, report=report)
    report(100, f"Imported as version {version.number}: {version.get_readiness_display()}.")


def _temporary_xlsx() -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    return Path(handle.name)


@register_job_kind(
    EXPORT_JOB,
    "Annex A workbook export",
    roles=[Role.DATA_ADMIN, Role.MANAGER],
    time_limit_seconds=30 * 60,
)
def export_annex_a(job: Job, report: ProgressReporter) -> JobResult:
    version = AnnexAVersion.objects.get(pk=job.subject_id)
    confirmation = job.parameters.get("confirmation")
    if not version.is_ready and not confirmation:
        raise JobFailed(
            f"Version {version.number} has errors or warnings, so a manager must confirm its "
            "export, with a reason, from the version's page."
        )
    path = _temporary_xlsx()
    total = max(1, version.row_count)
    write_annex_a_workbook(
        load_spec(version.spec_version),
        lambda number: version_rows(version, number),
        path,
        progress=lambda number, written: report(
            5 + 90 * written // total, f"Writing List {number}: {written:,} of {total:,} rows."
        ),
        cover=export_cover(version, confirmation) if confirmation else (),
    )
    return JobResult(name=export_file_name(version), path=path)


def export_file_name(version: AnnexAVersion) -> str:
    return f"annex-a-version-{version.number}-as-at-{version.as_at:%Y-%m-%d}.xlsx"


@register_job_kind(
    HIGHLIGHT_JOB,
    "Annex A file with problems highlighted",
    roles=[Role.DATA_ADMIN],
    time_limit_seconds=15 * 60,
)
def highlight_findings(job: Job, report: ProgressReporter) -> JobResult:
    annex_a_import = AnnexAImport.objects.get(pk=job.subject_id)
    by_cell: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    by_row: dict[tuple[str, int], list[str]] = defaultdict(list)
    for sheet, row, letter, rule, message in annex_a_import.findings.filter(
        row__isnull=False
    ).values_list("sheet", "row", "column_letter", "rule", "message"):
        text = f"{rule}: {message}"
        if letter:
            by_cell[(sheet, row, column_index_from_string(letter) - 1)].append(text)
        else:
            by_row[(sheet, row)].append(text)
    report(20, "Copying the file and marking the problems.")
    path = _temporary_xlsx()
    with source_on_disk(annex_a_import) as local:
        try:
            write_highlighted_copy(
                local,
                annex_a_import.source_name,
                by_cell,
                by_row,
                path,
                size_limit=upload_limit_bytes(),
            )
        except UnreadableFile as unreadable:
            raise JobFailed(str(unreadable)) from None
    stem = Path(annex_a_import.source_name).stem
    return JobResult(name=f"{stem}-problems-highlighted.xlsx", path=path)
