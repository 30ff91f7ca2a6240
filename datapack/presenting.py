"""The children behind a count, as rows for the drill-down page."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from django.urls import reverse

from annex_a.spec import load_spec

from .frames import NOT_KNOWN, UNBORN
from .measures import DrillDown


def date_headings(found: DrillDown) -> list[str]:
    list_spec = load_spec("2023").list(found.list_number)
    return [list_spec.column(name).header.strip() for name in found.dates]


class ChildRows(Sequence):
    """The children behind a count, sorted by child ID, made into rows only when sliced.

    A count can stand for tens of thousands of rows; the drill-down shows one page of them, so
    only that page is turned into dicts (and links)."""

    def __init__(self, found: DrillDown):
        self.found = found
        self.rows = found.rows.sort_values("child_id", kind="stable")

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return children_rows(self.found, self.rows.iloc[index])
        return children_rows(self.found, self.rows.iloc[[index]])[0]


def children_rows(found: DrillDown, rows: pd.DataFrame | None = None) -> list[dict]:
    """Child ID (linked to the child's journey), age and the dates that matter for the count,
    for ``rows`` (by default all of them, sorted by child ID)."""
    if rows is None:
        rows = found.rows.sort_values("child_id", kind="stable")
    ages = rows["age_years"] if "age_years" in rows else pd.Series(index=rows.index, dtype=float)
    unborn = rows["unborn"] if "unborn" in rows else pd.Series(False, index=rows.index)
    dates = {
        name: rows[name].dt.strftime("%d/%m/%Y").fillna("Not recorded") for name in found.dates
    }
    is_child = found.list_number != 11  # List 11 is adopters, who have no journey page
    return [
        {
            "child_id": child_id,
            "url": reverse("casework:child", kwargs={"child_id": child_id}) if is_child else "",
            "age": UNBORN if is_unborn else (NOT_KNOWN if pd.isna(age) else f"{int(age)}"),
            "dates": [dates[name].iloc[position] for name in found.dates],
        }
        for position, (child_id, age, is_unborn) in enumerate(
            zip(rows["child_id"], ages, unborn, strict=True)
        )
    ]
