"""Reads the data pack's pages, files and jobs need, and the pack shaped for showing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from annex_a.models import AnnexAVersion
from annex_a.queries import versions_for_council
from inspection_readiness.councils import current_council

from .measures import (
    AREAS,
    BREAKDOWNS,
    MEASURES,
    Area,
    Breakdown,
    Change,
    Measure,
    describe_change,
)
from .models import ComparisonGroup, DataPack, OutcomesUpload, Population, PublishedJudgement


def packs_for_council() -> QuerySet[DataPack]:
    return DataPack.objects.filter(version__council=current_council()).select_related(
        "version", "built_by"
    )


def get_pack(pk: int) -> DataPack:
    try:
        return packs_for_council().get(pk=pk)
    except DataPack.DoesNotExist:
        raise Http404("No such data pack.") from None


def latest_pack(version: AnnexAVersion) -> DataPack | None:
    return packs_for_council().filter(version=version).first()


def previous_version_of(version: AnnexAVersion) -> AnnexAVersion | None:
    """The version imported before this one, to say what changed."""
    return versions_for_council().filter(number__lt=version.number).order_by("-number").first()


def current_population() -> Population | None:
    return Population.objects.filter(council=current_council()).first()


def current_outcomes() -> OutcomesUpload | None:
    return OutcomesUpload.objects.first()


def published_judgements() -> QuerySet[PublishedJudgement]:
    upload = current_outcomes()
    if upload is None:
        return PublishedJudgement.objects.none()
    return upload.judgements.all()


def comparison_group() -> ComparisonGroup | None:
    return ComparisonGroup.objects.filter(council=current_council()).first()


# ---- The pack shaped for pages, the workbook and the PDF --------------------------------------


@dataclass
class MeasureLine:
    measure: Measure
    value: dict
    previous: dict | None
    change: Change

    @property
    def shown(self) -> str:
        return self.measure.formatted(self.value["value"])

    @property
    def previous_shown(self) -> str:
        return self.measure.formatted(self.previous["value"]) if self.previous else "No figure"

    @property
    def rate(self) -> float | None:
        return self.value.get("rate")


@dataclass
class BreakdownLine:
    breakdown: Breakdown
    total: int
    rows: list[tuple[str, int, float | None]]
    chart: str


@dataclass
class AreaSection:
    area: Area
    measures: list[MeasureLine] = field(default_factory=list)
    breakdowns: list[BreakdownLine] = field(default_factory=list)


def area_sections(
    results: dict, charts: dict, areas: tuple[Area, ...] = AREAS
) -> list[AreaSection]:
    """Each area's measures, with their change since the previous version, and breakdowns."""
    previous = (results.get("previous") or {}).get("measures") or {}
    sections = {area.key: AreaSection(area) for area in areas}
    for measure in MEASURES:
        if measure.area not in sections:
            continue
        value = results["measures"][measure.key]
        before = previous.get(measure.key)
        sections[measure.area].measures.append(
            MeasureLine(
                measure,
                value,
                before,
                describe_change(measure, value["value"], before["value"] if before else None),
            )
        )
    for breakdown in BREAKDOWNS:
        if breakdown.area not in sections:
            continue
        data = results["breakdowns"][breakdown.key]
        total = data["total"]
        sections[breakdown.area].breakdowns.append(
            BreakdownLine(
                breakdown,
                total,
                [
                    (label, count, round(100 * count / total, 1) if total else None)
                    for label, count in data["rows"]
                ],
                charts.get(breakdown.key, ""),
            )
        )
    return list(sections.values())
