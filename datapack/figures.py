"""A built pack's figures as plain data, for scripts: one object per measure, with its
numerator, denominator, value and unit, and the DfE's published comparators beside it."""

from __future__ import annotations

from .measures import AVERAGE, MEASURES, PERCENT, Measure

UNITS = {PERCENT: "percent", AVERAGE: "days"}
COMPARATORS = ("england", "region", "neighbours")


def _unit(measure: Measure) -> str:
    return UNITS.get(measure.kind, "count")


def _comparator(published: dict | None) -> dict | None:
    if not published or published.get("value") is None:
        return None
    return {"value": published["value"], "year": published.get("year")}


def pack_figures(results: dict) -> list[dict]:
    """Every measure of a pack's stored results, in the pack's order.

    ``comparators`` holds England's, the region's and the statistical neighbours' median
    published figures, each ``{"value": ..., "year": ...}`` (the year ending 31 March) or
    ``None``. Where the published figure is a rate per 10,000 children (``compared``:
    ``"rate"``), it stands beside ``rate``, not ``value``."""
    compared = ((results.get("published") or {}).get("measures")) or {}
    figures = []
    for measure in MEASURES:
        value = results["measures"].get(measure.key)
        if value is None:  # a measure added since the pack was built
            continue
        published = compared.get(measure.key) or {}
        figures.append(
            {
                "key": measure.key,
                "label": measure.name,
                "numerator": value["numerator"],
                "denominator": value["denominator"],
                "value": value["value"],
                "unit": _unit(measure),
                "rate": value.get("rate"),
                "compared": ("rate" if measure.compare_rate else "value")
                if measure.comparator
                else None,
                "comparators": {key: _comparator(published.get(key)) for key in COMPARATORS},
            }
        )
    return figures
