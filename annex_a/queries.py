"""Reads that Annex A's views and jobs need."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from inspection_readiness.councils import current_council

from .cells import CELL_CODE
from .models import AnnexAImport, AnnexAVersion


def versions_for_council() -> QuerySet[AnnexAVersion]:
    return AnnexAVersion.objects.filter(council=current_council()).select_related(
        "created_by", "submitted_by"
    )


def imports_for_council() -> QuerySet[AnnexAImport]:
    return AnnexAImport.objects.filter(council=current_council()).select_related(
        "uploaded_by", "version"
    )


def get_import(pk: int) -> AnnexAImport:
    try:
        return imports_for_council().get(pk=pk)
    except AnnexAImport.DoesNotExist:
        raise Http404("No such import.") from None


def get_version(pk: int) -> AnnexAVersion:
    try:
        return versions_for_council().get(pk=pk)
    except AnnexAVersion.DoesNotExist:
        raise Http404("No such version.") from None


def latest_version() -> AnnexAVersion | None:
    return versions_for_council().first()


def version_rows(version: AnnexAVersion, list_number: int) -> Iterator[dict]:
    """One list's rows in source order, streamed from the database."""
    return (
        version.rows.filter(list_number=list_number)
        .order_by("source_row")
        .values_list("data", flat=True)
        .iterator(chunk_size=5000)
    )


def unmapped_spellings(
    annex_a_import: AnnexAImport, *, limit: int = 30
) -> list[tuple[str, str, int]]:
    """The values that matched no Ofsted code, as (code set, spelling, cells), commonest first."""
    tally = Counter(
        annex_a_import.findings.filter(rule=CELL_CODE)
        .exclude(code_set="")
        .values_list("code_set", "value")
    )
    return [(code_set, value, count) for (code_set, value), count in tally.most_common(limit)]


def export_cover(version: AnnexAVersion, confirmation: dict) -> list[tuple[str, str]]:
    """What the export's cover sheet says about a version sent with its findings: which version,
    its status, and who confirmed sending it, when, and why."""
    confirmed_at = datetime.fromisoformat(confirmation["confirmed_at"])
    return [
        ("Annex A version", f"Version {version.number}, as at {version.as_at:%d/%m/%Y}"),
        ("Source file", version.source_name),
        (
            "Status",
            f"{version.get_readiness_display()}: {version.error_count:,} errors and "
            f"{version.warning_count:,} warnings found when the file was checked",
        ),
        ("Sent with its findings, confirmed by", str(confirmation["confirmed_by"])),
        ("Confirmed on", f"{timezone.localtime(confirmed_at):%d/%m/%Y at %H:%M}"),
        ("Reason", str(confirmation["reason"])),
    ]
