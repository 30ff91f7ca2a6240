"""The DfE's published figures that the pack compares the council with: every council, region
and England, with each council's ten statistical neighbours.

They come from the DfE's dashboard "Children's social care: outcomes and enablers" (the
National Framework dashboard, repository ``dfe-analytical-services/CSC_outcomes_and_enablers``,
folder ``data/``, under the Open Government Licence). The pack needs a few of its series; those
are extracted into ``datapack/data/dfe_comparators/`` (one CSV per series, values exactly as
DfE wrote them) with its ``stats_neighbours.csv`` and ``location_data.csv``, so a fresh clone
compares out of the box. ``load_dfe_comparators --from <folder>`` reads a new year's files in
the same layout.

Everything here is plain Python over CSV text; ``services.load_published_figures`` stores it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent / "data" / "dfe_comparators"
NEIGHBOURS_FILE = "stats_neighbours.csv"
LOCATIONS_FILE = "location_data.csv"
EXTRACT_COLUMNS = ("year", "level", "area", "name", "area_code", "value")

ENGLAND, REGION, AUTHORITY = "National", "Regional", "Local authority"
LEVELS = (ENGLAND, REGION, AUTHORITY)
ENGLAND_AREA = "England"
# How DfE marks a value it does not publish (README of the folder; DfE's
# explore-education-statistics conventions): confidential, not available, not applicable,
# fewer than 5, low. Each is missing, never zero.
SUPPRESSED = frozenset({"c", "x", "z", "k", "low", "u", ":", ""})
PERCENT, RATE = "percent", "rate"
NEIGHBOURS = 10


@dataclass(frozen=True)
class Series:
    """One published figure, as a column of one of DfE's files, picked out by ``filters``."""

    key: str
    title: str
    unit: str
    file: str
    column: str
    filters: tuple[tuple[str, str], ...] = ()
    # Its National Framework outcome is the measure's (``Measure.framework``), in one place.

    def formatted(self, value: float | None) -> str:
        if value is None:
            return "Not published"
        return f"{value:.1f}%" if self.unit == PERCENT else f"{value:,.1f} per 10,000"


_LEAVERS = "care_leavers_{0}_{1}"
SERIES: tuple[Series, ...] = (
    Series(
        key="re_referrals",
        title="Re-referrals within 12 months (% of referrals)",
        unit=PERCENT,
        file="cin_referrals.csv",
        column="Re_referrals_percent",
    ),
    Series(
        key="cin_rate",
        title="Children in need at 31 March, per 10,000 children",
        unit=RATE,
        file="cin_rates.csv",
        column="CIN_rate",
    ),
    Series(
        key="cpp_repeat",
        title="Child protection plans starting that were second or subsequent (%)",
        unit=PERCENT,
        file="repeat_cpp.csv",
        column="CPP_subsequent_percent",
    ),
    Series(
        key="cla_rate",
        title="Children looked after at 31 March, per 10,000 children",
        unit=RATE,
        file="cla_rates.csv",
        column="rate_per_10000",
        filters=(("population_count", "Children looked after on 31 March each year"),),
    ),
    Series(
        key="cla_three_placements",
        title="Children looked after with 3 or more placements in the year (%)",
        unit=PERCENT,
        file="placement_changes_data.csv",
        column="Percentage",
        filters=(
            ("cla_group", "CLA on 31 March"),
            ("placement_stability", "With 3 or more placements during the year"),
        ),
    ),
    Series(
        key="long_term_stability",
        title="Children under 16 in care 2½ years, with the same carer 2 years (%)",
        unit=PERCENT,
        file="placement_changes_data.csv",
        column="Percentage",
        filters=(
            (
                "cla_group",
                "Children looked after continuously for at least 2.5 years on 31 March aged "
                "under 16 years",
            ),
            ("placement_stability", "Living with the same carer for at least 2 years"),
        ),
    ),
    *(
        Series(
            key=_LEAVERS.format(name, band.replace(" to ", "_")),
            title=f"Care leavers aged {band} {words} (%)",
            unit=PERCENT,
            file=file,
            column="percentage",
            filters=(("age", f"{band} years"), (column, category)),
        )
        for name, words, file, column, category in (
            (
                "suitable",
                "in suitable accommodation",
                "care_leavers_accommodation_data.csv",
                "accommodation_suitability",
                "Accommodation considered suitable",
            ),
            (
                "eet",
                "in education, employment or training",
                "care_leavers_activity_data.csv",
                "activity",
                "Total in education, employment or training",
            ),
        )
        for band in ("17 to 18", "19 to 21")
    ),
)
SERIES_BY_KEY = {series.key: series for series in SERIES}


class ComparatorFileProblem(Exception):
    """A file of DfE's figures is missing or not in the layout the pack reads."""


@dataclass(frozen=True)
class Figure:
    series: str
    year: int
    level: str
    area: str  # the three-digit LA number, the region's name, or "England"
    name: str
    area_code: str
    text: str  # as DfE wrote it

    @property
    def value(self) -> float | None:
        return published_value(self.text)


@dataclass(frozen=True)
class Authority:
    area_code: str  # ONS code, e.g. E08000035
    la_number: str  # DfE's three-digit number, e.g. 383
    name: str
    region: str
    neighbours: tuple[str, ...]  # LA numbers, nearest first


def published_value(text: str) -> float | None:
    """DfE's cell as a number, or None where it is suppressed or blank (never zero)."""
    cleaned = (text or "").strip()
    if cleaned.lower() in SUPPRESSED:
        return None
    try:
        return float(cleaned.replace(",", ""))
    except ValueError:
        return None


def _year(text: str) -> int:
    """``2025``, ``2025.0`` or ``2024/25`` -> 2025, the year ending 31 March."""
    text = text.strip()
    if "/" in text:
        first, _, second = text.partition("/")
        return int(first[:2] + second) if len(second) == 2 else int(second)
    return int(float(text))


def _la_number(text: str) -> str:
    return text.strip().removesuffix(".0")


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        raise ComparatorFileProblem(f"{path} is missing.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def extract_series(series: Series, rows: Iterable[Mapping[str, str]]) -> list[Figure]:
    """The series' figures for England, each region and each council, from one DfE file's
    rows. Statistical-neighbour rows are left out: the pack takes the neighbours' median itself
    (as DfE does), over the neighbours the council has chosen."""
    figures = []
    for row in rows:
        if any(row.get(column) != wanted for column, wanted in series.filters):
            continue
        level = row.get("geographic_level", "")
        if level not in LEVELS:
            continue
        if level == ENGLAND:
            area, name, code = ENGLAND_AREA, ENGLAND_AREA, "E92000001"
        elif level == REGION:
            area = name = row["geo_breakdown"]
            code = row.get("region_code", "")
        else:
            area, name, code = (
                _la_number(row["old_la_code"]),
                row["geo_breakdown"],
                row.get("new_la_code", ""),
            )
        figures.append(
            Figure(
                series.key,
                _year(row["time_period"]),
                level,
                area,
                name,
                code,
                (row.get(series.column) or "").strip(),
            )  # fmt: skip
        )
    return figures


def read_dfe_folder(folder: Path) -> list[Figure]:
    """Every series the pack compares with, from a folder in the DfE dashboard's layout."""
    by_file: dict[str, list[dict[str, str]]] = {}
    figures = []
    for series in SERIES:
        if series.file not in by_file:
            by_file[series.file] = _read(folder, series.file)
        if series.column not in (by_file[series.file][0] if by_file[series.file] else {}):
            raise ComparatorFileProblem(f"{folder / series.file} has no column {series.column}.")
        figures.extend(extract_series(series, by_file[series.file]))
    return figures


def read_extract(folder: Path = BUNDLED) -> list[Figure]:
    """The figures as bundled with the app: one CSV per series."""
    figures = []
    for series in SERIES:
        for row in _read(folder, f"{series.key}.csv"):
            figures.append(
                Figure(
                    series.key,
                    int(row["year"]),
                    row["level"],
                    row["area"],
                    row["name"],
                    row["area_code"],
                    row["value"],
                )  # fmt: skip
            )
    return figures


def extract_text(figures: Iterable[Figure], series_key: str) -> str:
    """One series' CSV, sorted by year (newest first) then England, regions, councils."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXTRACT_COLUMNS)
    chosen = [figure for figure in figures if figure.series == series_key]
    chosen.sort(key=lambda f: (-f.year, LEVELS.index(f.level), f.name, f.area))
    for f in chosen:
        writer.writerow((f.year, f.level, f.area, f.name, f.area_code, f.text))
    return out.getvalue()


def merged(older: Iterable[Figure], newer: Iterable[Figure]) -> list[Figure]:
    """``older`` with ``newer`` laid over it: a new year's files add a year and correct any
    they repeat, and never take away a year they do not hold."""
    keyed = {(f.series, f.year, f.level, f.area): f for f in older}
    keyed.update({(f.series, f.year, f.level, f.area): f for f in newer})
    return list(keyed.values())


def read_authorities(folder: Path = BUNDLED) -> list[Authority]:
    """Each council with its region (location_data.csv) and ten statistical neighbours, nearest
    first (stats_neighbours.csv, which names them; names are matched to numbers here)."""
    locations = _read(folder, LOCATIONS_FILE)
    number_of = {row["la_name"]: _la_number(row["old_la_code"]) for row in locations}
    neighbours: dict[str, tuple[str, ...]] = {}
    for row in _read(folder, NEIGHBOURS_FILE):
        names = [row[f"SN{n}"] for n in range(1, NEIGHBOURS + 1)]
        unknown = [name for name in names if name not in number_of]
        if unknown:
            raise ComparatorFileProblem(
                f"{NEIGHBOURS_FILE} names {', '.join(unknown)}, not in {LOCATIONS_FILE}."
            )
        neighbours[_la_number(row["LA.number"])] = tuple(number_of[name] for name in names)
    return [
        Authority(
            area_code=row["new_la_code"],
            la_number=_la_number(row["old_la_code"]),
            name=row["la_name"],
            region=row["region_name"],
            neighbours=neighbours.get(_la_number(row["old_la_code"]), ()),
        )
        for row in locations
    ]


def copy_reference_files(source: Path, target: Path) -> None:
    """Copy the neighbours and locations files as DfE published them."""
    for name in (NEIGHBOURS_FILE, LOCATIONS_FILE):
        if not (source / name).exists():
            raise ComparatorFileProblem(f"{source / name} is missing.")
        (target / name).write_bytes((source / name).read_bytes())


# ---- Comparing a figure ------------------------------------------------------------------------


def _latest(values: Mapping[int, float | None]) -> dict | None:
    years = [year for year, value in values.items() if value is not None]
    if not years:
        return None
    year = max(years)
    return {"value": values[year], "year": year}


def neighbour_median(values: Iterable[float]) -> float:
    """The median to one decimal place, halves rounded up, as DfE's dashboard shows it (its
    median of 21.4 and 21.5 is 21.5). Worked in decimals, so 21.45 is not 21.4499…"""
    ordered = sorted(Decimal(str(value)) for value in values)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return float(median.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def comparators(
    series: Series,
    figures: Mapping[tuple[str, str], Mapping[int, float | None]],
    *,
    own: str,
    region: str,
    neighbours: Iterable[str],
) -> dict:
    """The council's latest published figure, England's, its region's and its neighbours'
    average, each with its year (None where nothing is published).

    ``figures`` maps (level, area) to {year: value}. The neighbours' figure is their median, as
    the DfE's dashboard gives it ("Statistical neighbours (median)" in its files), in the latest
    year any of them has a figure, over those that have one, saying how many that is.
    """
    neighbour_values: dict[int, list[float]] = {}
    for area in neighbours:
        for year, value in figures.get((AUTHORITY, area), {}).items():
            if value is not None:
                neighbour_values.setdefault(year, []).append(value)
    if neighbour_values:
        year = max(neighbour_values)
        values = neighbour_values[year]
        neighbour = {
            "value": neighbour_median(values),
            "year": year,
            "count": len(values),
        }
    else:
        neighbour = None
    return {
        "series": series.key,
        "title": series.title,
        "unit": series.unit,
        "own": _latest(figures.get((AUTHORITY, own), {})),
        "england": _latest(figures.get((ENGLAND, ENGLAND_AREA), {})),
        "region": _latest(figures.get((REGION, region), {})),
        "region_name": region,
        "neighbours": neighbour,
    }


def year_words(year: int | None) -> str:
    """2025 -> "2024 to 2025" (DfE's years end on 31 March)."""
    return f"{year - 1} to {year}" if year else ""
