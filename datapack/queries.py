"""Reads the data pack's pages, files and jobs need, and the pack shaped for showing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from annex_a.models import AnnexAVersion
from annex_a.queries import versions_for_council
from frameworks import national_framework
from frameworks.national_framework import Element
from inspection_readiness.councils import current_council

from . import outcomes, published
from .measures import (
    AREAS,
    BREAKDOWNS,
    MEASURES,
    MEASURES_BY_KEY,
    Area,
    Breakdown,
    Change,
    Measure,
    describe_change,
    describe_comparison,
)
from .measures.base import standard_words
from .models import (
    ComparisonGroup,
    DataPack,
    OutcomesUpload,
    Population,
    PublishedAuthority,
    PublishedFigure,
    PublishedJudgement,
)


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
    """The version before this one by as-at date, to say what changed: the latest as-at date
    before this one's, or, for the same as-at date, the file imported before it. Never by upload
    order alone: a file for an earlier date uploaded later is not "after" this one."""
    return (
        versions_for_council()
        .filter(Q(as_at__lt=version.as_at) | Q(as_at=version.as_at, number__lt=version.number))
        .exclude(pk=version.pk)
        .order_by("-as_at", "-number")
        .first()
    )


def current_population() -> Population | None:
    return Population.objects.filter(council=current_council()).first()


def current_outcomes() -> OutcomesUpload | None:
    """The newest upload of Ofsted's outcomes, if a data admin has uploaded any."""
    return OutcomesUpload.objects.filter(is_shipped=False).select_related("uploaded_by").first()


def shipped_outcomes() -> OutcomesUpload | None:
    """Ofsted's published outcomes as shipped with the service (loaded by migration)."""
    return OutcomesUpload.objects.filter(is_shipped=True).first()


def published_judgements() -> list[PublishedJudgement]:
    """Each local authority's latest judgements: the shipped set with the newest upload."""
    shipped, uploaded = shipped_outcomes(), current_outcomes()
    return outcomes.current_judgements(
        shipped.judgements.all() if shipped else (), uploaded.judgements.all() if uploaded else ()
    )


def outcome_sources() -> list[str]:
    """Plain sentences: where the outcomes come from, and as at when."""
    sentences = []
    shipped, uploaded = shipped_outcomes(), current_outcomes()
    if shipped:
        sentences.append(shipped.source)
    if uploaded:
        published = f", published up to {uploaded.as_at:%-d %B %Y}" if uploaded.as_at else ""
        uploaded_on = f"{timezone.localtime(uploaded.uploaded_at):%-d %B %Y}"
        upload = (
            f"the file '{uploaded.file_name}' a data admin uploaded on {uploaded_on} "
            f"({uploaded.row_count} local authorities{published})"
        )
        sentences.append(
            f"Updated with {upload}: where both hold a local authority, the later inspection "
            "is shown."
            if shipped
            else f"From {upload}."
        )
    return sentences


def comparison_group() -> ComparisonGroup | None:
    return ComparisonGroup.objects.filter(council=current_council()).first()


class UnknownAuthority(Exception):
    """No council in the DfE's list has that name or code."""


def find_authority(text: str) -> PublishedAuthority:
    """A council by its name, ONS area code (E08000035) or DfE LA number (383)."""
    wanted = " ".join(text.split())
    found = (
        PublishedAuthority.objects.filter(
            Q(name__iexact=wanted) | Q(area_code__iexact=wanted) | Q(la_number=wanted)
        ).first()
        if wanted
        else None
    )
    if found is None:
        raise UnknownAuthority(
            f"'{wanted}' is not a council in the DfE's published figures. Enter its name, like "
            "Leeds, or its code, like E08000035 or 383."
        )
    return found


def own_authority() -> PublishedAuthority | None:
    group = comparison_group()
    return (
        PublishedAuthority.objects.filter(area_code=group.own_area_code).first() if group else None
    )


def published_authority_names() -> list[str]:
    return list(PublishedAuthority.objects.values_list("name", flat=True))


def published_comparison() -> dict | None:
    """For each measure the DfE publishes, the council's latest published figure, England's,
    its region's and its statistical neighbours' median, each with its year. None until the
    council has chosen itself, or if the published figures are not loaded."""
    group = comparison_group()
    own = own_authority()
    if own is None:
        return None
    neighbours = list(
        PublishedAuthority.objects.filter(area_code__in=group.neighbour_area_codes).order_by()
    )
    numbers = [own.la_number, *(neighbour.la_number for neighbour in neighbours)]
    figures: dict[str, dict] = {}
    rows = PublishedFigure.objects.filter(
        Q(level=published.ENGLAND)
        | Q(level=published.REGION, area=own.region)
        | Q(level=published.AUTHORITY, area__in=numbers)
    ).values_list("series", "level", "area", "year", "value")
    for series, level, area, year, value in rows:
        figures.setdefault(series, {}).setdefault((level, area), {})[year] = value
    if not figures:
        return None
    return {
        "authority": {"name": own.name, "area_code": own.area_code, "region": own.region},
        "neighbours": sorted(neighbour.name for neighbour in neighbours),
        "measures": {
            measure.key: published.comparators(
                published.SERIES_BY_KEY[measure.comparator],
                figures.get(measure.comparator, {}),
                own=own.la_number,
                region=own.region,
                neighbours=[neighbour.la_number for neighbour in neighbours],
            )
            for measure in MEASURES
            if measure.comparator
        },
    }


# ---- The pack shaped for pages, the workbook and the PDF --------------------------------------


@dataclass
class Headline:
    """A measure the DfE publishes: the council's Annex A figure beside the published ones."""

    measure: Measure
    ours: float | None
    comparison: dict
    as_at: str
    # The same figure in the version before by as-at date: ``previous_version`` is None when
    # there was none, ``previous`` None when it had no figure.
    previous: float | None = None
    previous_version: int | None = None

    @property
    def change(self) -> Change:
        """Since the version before, in words, in the unit the figure is shown in."""
        if self.previous_version is None:
            return Change("", "No earlier version")
        if not self.measure.compare_rate:
            return describe_change(self.measure, self.ours, self.previous)
        if self.ours is None or self.previous is None:
            return describe_change(self.measure, self.ours, self.previous)
        difference = round(self.ours - self.previous, 1)
        was = f"{self.previous:,.1f} per 10,000"
        if difference > 0:
            return Change("↑", f"Up {difference:,.1f} from {was}")
        if difference < 0:
            return Change("↓", f"Down {-difference:,.1f} from {was}")
        return Change("→", f"No change from {was}")

    @property
    def element(self) -> Element | None:
        return self.measure.framework_element

    @property
    def series(self) -> published.Series:
        return published.SERIES_BY_KEY[self.comparison["series"]]

    @property
    def ours_shown(self) -> str:
        return self.series.formatted(self.ours) if self.ours is not None else "No figure"

    def _shown(self, key: str) -> dict | None:
        figure = self.comparison.get(key)
        if not figure:
            return None
        return {
            "shown": self.series.formatted(figure["value"]),
            "year": published.year_words(figure["year"]),
            "count": figure.get("count"),
        }

    @property
    def own(self) -> dict | None:
        return self._shown("own")

    @property
    def england(self) -> dict | None:
        return self._shown("england")

    @property
    def region(self) -> dict | None:
        return self._shown("region")

    @property
    def neighbours(self) -> dict | None:
        return self._shown("neighbours")

    @property
    def published_figures(self) -> list[dict | None]:
        """The council's own, England's, the region's and the neighbours', in that order."""
        return [self.own, self.england, self.region, self.neighbours]

    @property
    def note(self) -> str:
        """Said where the Annex A figure covers six months and the published ones a year."""
        if self.measure.six_months:
            return (
                f"Annex A's figure covers the six months to {self.as_at}; the published "
                "figures cover years to 31 March."
            )
        return ""


def headlines(results: dict) -> list[Headline]:
    """Every measure with published comparators, as stored in the pack when it was built,
    with its change since the version before, in the order of the National Framework."""
    comparison = results.get("published") or {}
    previous = results.get("previous") or {}
    before = previous.get("measures") or {}
    lines = []
    for key, compared in (comparison.get("measures") or {}).items():
        measure = MEASURES_BY_KEY.get(key)
        value = results["measures"].get(key) if measure else None
        if value is None:
            continue
        figure = "rate" if measure.compare_rate else "value"
        lines.append(
            Headline(
                measure=measure,
                ours=value.get(figure),
                comparison=compared,
                as_at=_as_at_words(results.get("as_at")),
                previous=(before.get(key) or {}).get(figure),
                previous_version=previous.get("version_number"),
            )
        )
    order = {element.code: place for place, element in enumerate(national_framework.elements())}
    return sorted(lines, key=lambda line: order.get(line.measure.framework, len(order)))


def headline_groups(lines: list[Headline]) -> list[tuple[Element | None, list[Headline]]]:
    """The headlines under the National Framework outcome or enabler each serves."""
    groups: dict[str, tuple[Element | None, list[Headline]]] = {}
    for line in lines:
        groups.setdefault(line.measure.framework, (line.element, []))[1].append(line)
    return list(groups.values())


def comparison_words(results: dict) -> str:
    """What a pack's changes compare with, or "" when there was no earlier version."""
    previous = results.get("previous")
    if not previous or not results.get("as_at"):
        return ""
    return describe_comparison(
        as_at=date.fromisoformat(results["as_at"]),
        previous_as_at=date.fromisoformat(previous["as_at"]),
        previous_number=previous["version_number"],
    )


def _as_at_words(iso: str | None) -> str:
    return f"{date.fromisoformat(iso):%-d %B %Y}" if iso else "the as-at date"


@dataclass
class MeasureLine:
    measure: Measure
    value: dict
    previous: dict | None
    change: Change
    standard: str = ""  # the council's standard it counts against, in words

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
        standard = (results.get("standards") or {}).get(measure.standard)
        sections[measure.area].measures.append(
            MeasureLine(
                measure,
                value,
                before,
                describe_change(measure, value["value"], before["value"] if before else None),
                standard_words(measure.standard, standard) if standard else "",
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
