"""Chart labels stay distinct: Annex A labels four source codes "Individual" and six "Health
services", so a chart of sources takes each code's full label from the DfE's list."""

import re

import pytest

from datapack.charts import _shortened, bar_chart
from datapack.measures import BREAKDOWNS, BREAKDOWNS_BY_KEY, compute_breakdown

from .scenario import build_lists, child

SOURCES = ("a) 1A: Individual", "b) 1B: Individual", "c) 1C: Individual", "d) 1D: Individual",
           "g) 3A: Health services", "h) 3B: Health services", "i) 3C: Health services",
           "j) 3D: Health services", "k) 3E: Health services", "l) 3F: Health services",
           "q) 6: Police")  # fmt: skip


@pytest.mark.parametrize("breakdown", BREAKDOWNS, ids=[b.key for b in BREAKDOWNS])
def test_every_category_reads_differently_on_the_chart(breakdown):
    drawn = [_shortened(label) for label in breakdown.order]
    assert len(set(drawn)) == len(drawn)
    # Without its code, a label still says which category it is.
    words = [label.partition(": ")[2] or label for label in breakdown.order]
    assert len(set(words)) == len(words), breakdown.key


def test_the_sources_chart_gives_each_code_its_full_label():
    tables = {3: [child(f"R{n}", referral_date="2025-05-01", referral_source=source)
                  for n, source in enumerate(SOURCES)]}  # fmt: skip
    breakdown = BREAKDOWNS_BY_KEY["referrals_by_source"]
    rows = dict(map(tuple, compute_breakdown(breakdown, build_lists(tables))["rows"]))
    assert rows["1A: Individual – family member, relative or carer"] == 1
    assert rows["1C: Individual – self"] == 1
    assert rows["3E: Health services – A&E"] == 1
    assert rows["6: Police"] == 1  # a label that never repeats is Annex A's own
    assert "1A: Individual" not in rows

    svg = bar_chart(title=breakdown.title, rows=list(rows.items()), value_label="Count",
                    chart_id="chart-sources")  # fmt: skip
    drawn = [text for text in re.findall(r">([^<>]+)</text>", svg) if ": " in text]
    assert len(drawn) == len(set(drawn)) == len(rows)  # one label for each code, each its own
    assert not [text for text in drawn if text.endswith(": Individual")]
