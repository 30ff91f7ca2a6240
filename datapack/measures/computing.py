"""Counting: each measure's value, each breakdown's table, the change since the previous
version, and the children behind a count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .base import (
    A_YEAR,
    AVERAGE,
    CHILDREN,
    MONTHS_IN_ANNEX_A_PERIOD,
    NOT_RECORDED,
    PER_10000,
    PERCENT,
    Breakdown,
    Lists,
    Mask,
    Measure,
    Value,
)
from .breakdowns import (
    BREAKDOWNS,
    BREAKDOWNS_BY_KEY,
)
from .catalogue import (
    MEASURES,
    MEASURES_BY_KEY,
)

# ---- Computing ------------------------------------------------------------------------------


def _mask(mask: Mask | None, df: pd.DataFrame, lists: Lists) -> pd.Series:
    if mask is None:
        return pd.Series(True, index=df.index)
    return mask(df, lists).fillna(False).astype(bool)


def measure_rows(measure: Measure, lists: Lists) -> tuple[pd.Series, pd.Series]:
    """The rows in the measure's cohort, and those of them it counts, as boolean masks."""
    df = lists[measure.list_number]
    cohort = _mask(measure.cohort, df, lists)
    return cohort, cohort & _mask(measure.selected, df, lists)


def _tally(df: pd.DataFrame, mask: pd.Series, per: str) -> int:
    if per == CHILDREN:
        return int(df.loc[mask, "child_id"].nunique())
    return int(mask.sum())


def compute_measure(measure: Measure, lists: Lists, population: int | None) -> Value:
    df = lists[measure.list_number]
    cohort, selected = measure_rows(measure, lists)
    if measure.kind == AVERAGE:
        values = measure.average_of(df, lists)[selected].dropna()
        average = round(float(values.mean()), 1) if len(values) else None
        return Value(average, int(len(values)))
    numerator = _tally(df, selected, measure.per)
    if measure.kind == PERCENT:
        denominator = _tally(df, cohort, measure.per)
        percent = round(100 * numerator / denominator, 1) if denominator else None
        return Value(percent, numerator, denominator)
    rate = None
    if measure.with_rate and population:
        # A six-month count is doubled to a year, as the DfE publishes its rates.
        per_year = 12 / MONTHS_IN_ANNEX_A_PERIOD if measure.rate == A_YEAR else 1
        rate = round(PER_10000 * numerator * per_year / population, 1)
    return Value(float(numerator), numerator, None, rate)


def breakdown_categories(breakdown: Breakdown, lists: Lists) -> tuple[pd.DataFrame, pd.Series]:
    """The cohort's rows (one per child when counted per child) and each one's category."""
    df = lists[breakdown.list_number]
    rows = df[_mask(breakdown.cohort, df, lists)]
    if breakdown.per == CHILDREN:
        rows = rows.drop_duplicates("child_id", keep="last")
    return rows, breakdown.categorise(rows, lists)


def compute_breakdown(breakdown: Breakdown, lists: Lists) -> dict:
    rows, categories = breakdown_categories(breakdown, lists)
    counts = categories.value_counts()
    order = list(breakdown.ordered(lists))
    # Categories outside the expected order (a code from another template, or every category
    # of a breakdown with none, like teams) are still shown: largest first, then by name.
    order += sorted(
        (label for label in counts.index if label not in order),
        key=lambda label: (-counts[label], str(label)),
    )
    table = [[label, int(counts.get(label, 0))] for label in order]
    # "Not recorded" and other empty trailing rows say nothing when they are zero.
    table = [row for row in table if row[1] or row[0] != NOT_RECORDED]
    return {"total": int(len(rows)), "rows": table}


def compute_all(lists: Lists, population: int | None) -> dict:
    return {
        "measures": {
            measure.key: compute_measure(measure, lists, population).as_dict()
            for measure in MEASURES
        },
        "breakdowns": {
            breakdown.key: compute_breakdown(breakdown, lists) for breakdown in BREAKDOWNS
        },
    }


def compute_measures(lists: Lists, population: int | None) -> dict:
    return {
        measure.key: compute_measure(measure, lists, population).as_dict() for measure in MEASURES
    }


# ---- Change since the previous version --------------------------------------------------------


@dataclass(frozen=True)
class Change:
    arrow: str
    words: str


def describe_change(measure: Measure, current: float | None, previous: float | None) -> Change:
    """The change in words as well as an arrow, so it never depends on the symbol or colour."""
    if previous is None and current is None:
        return Change("", "Not available in either version")
    if previous is None:
        return Change("", "No figure for the previous version")
    if current is None:
        return Change("", "No figure for this version")
    difference = round(current - previous, 1)
    if measure.kind == PERCENT:
        amount = f"{abs(difference):.1f} percentage points"
        was = f"{previous:.1f}%"
    elif measure.kind == AVERAGE:
        amount = f"{abs(difference):,.1f} days"
        was = f"{previous:,.1f} days"
    else:
        amount = f"{abs(difference):,.0f}"
        was = f"{previous:,.0f}"
    if difference > 0:
        return Change("↑", f"Up {amount} from {was}")
    if difference < 0:
        return Change("↓", f"Down {amount} from {was}")
    return Change("→", f"No change from {was}")


def describe_comparison(*, as_at: date, previous_as_at: date, previous_number: int) -> str:
    """What the change since the previous version compares, said plainly when the two versions
    cover different periods (each list runs up to its own as-at date)."""
    if previous_as_at == as_at:
        return (
            f"Version {previous_number}, an earlier file for the same as-at date "
            f"({as_at:%-d %B %Y}): each change is what differs between the two files."
        )
    return (
        f"Version {previous_number}, as at {previous_as_at:%-d %B %Y}. It covers a different "
        f"period: each change compares the months to {previous_as_at:%-d %B %Y} with the months "
        f"to {as_at:%-d %B %Y}, not the same children at two dates."
    )


# ---- The children behind a count -------------------------------------------------------------


@dataclass(frozen=True)
class DrillDown:
    area: str
    title: str
    cohort_words: str
    list_number: int
    per: str
    dates: tuple[str, ...]
    rows: pd.DataFrame


def drill_down(
    lists: Lists, *, measure_key: str = "", breakdown_key: str = "", category: str = ""
) -> DrillDown:
    """The rows behind a measure's count, or behind one category of a breakdown, using the
    same masks as the count itself. Raises ``KeyError`` for an unknown measure or category."""
    if measure_key:
        measure = MEASURES_BY_KEY[measure_key]
        df = lists[measure.list_number]
        _, selected = measure_rows(measure, lists)
        rows = df[selected]
        if measure.per == CHILDREN:
            rows = rows.drop_duplicates("child_id", keep="last")
        return DrillDown(
            measure.area,
            measure.name,
            measure.numerator,
            measure.list_number,
            measure.per,
            measure.dates,
            rows,
        )
    breakdown = BREAKDOWNS_BY_KEY[breakdown_key]
    rows, categories = breakdown_categories(breakdown, lists)
    known = set(breakdown.ordered(lists)) | set(categories.unique())
    if category not in known:
        raise KeyError(category)
    return DrillDown(
        breakdown.area,
        f"{breakdown.title}: {category}",
        breakdown.cohort_words,
        breakdown.list_number,
        breakdown.per,
        breakdown.dates,
        rows[categories == category],
    )
