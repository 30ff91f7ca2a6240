"""The children behind a count, shown a page at a time."""

import pandas as pd
from django.core.paginator import Paginator

from datapack import presenting
from datapack.measures import DrillDown


def _drill_down(count: int) -> DrillDown:
    rows = pd.DataFrame(
        {
            "child_id": [f"C{number:05d}" for number in reversed(range(count))],
            "age_years": [5.0] * count,
            "unborn": [False] * count,
            "contact_date": pd.to_datetime(["2025-01-31"] * count),
        }
    )
    return DrillDown("contacts", "Contacts", "Contacts", 1, "rows", ("contact_date",), rows)


def test_only_the_page_shown_is_made_into_rows(monkeypatch):
    links = []
    monkeypatch.setattr(
        presenting, "reverse", lambda name, kwargs: links.append(kwargs) or f"/c/{kwargs}"
    )
    rows = presenting.ChildRows(_drill_down(20_000))

    page = Paginator(rows, 100).get_page(3)

    assert len(rows) == 20_000 and page.paginator.num_pages == 200
    assert [row["child_id"] for row in page.object_list][:2] == ["C00200", "C00201"]
    assert page.object_list[0] == {
        "child_id": "C00200",
        "url": "/c/{'child_id': 'C00200'}",
        "age": "5",
        "dates": ["31/01/2025"],
    }
    assert len(links) == 100  # not 20,000
