"""Journey: on a fresh clone, with nothing uploaded, a manager opens the data pack and sees the
council's re-referral rate beside England, its region and its statistical neighbours, with the
year of each, then follows it to the referrals behind it."""

import re

import pytest

from inspection_readiness.tests.browser import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_manager_sees_the_pack_compared_with_published_figures(signed_in_page):
    page = signed_in_page("manager")  # load_demo chose a real council and built the pack
    page.get_by_role("link", name="Day 1 data pack", exact=True).first.click()
    page.get_by_role("link", name="Open the data pack").first.click()
    page.get_by_role("heading", name="Headline measures compared with published figures").wait_for()
    # The headlines are grouped by National Framework outcome; re-referrals serve outcome 1.
    table = page.get_by_role(
        "table", name="Outcome 1: Children, young people and families stay together"
    )
    for heading in ("England", "South West", "Statistical neighbours (median)"):
        table.get_by_role("columnheader", name=heading).wait_for()
    row = table.get_by_role("row").filter(has_text="Re-referrals within 12 months")
    text = row.inner_text()
    assert "22.6%" in text  # England, 2024 to 2025
    assert "22.1%" in text  # the South West
    assert text.count("2024 to 2025") == 4  # Plymouth, England, region and neighbours
    assert "10 councils" in text
    assert "covers the six months" in text
    assert_accessible(page)

    row.get_by_role("link", name=re.compile("see the children")).click()
    page.get_by_role("heading", name="Re-referrals within 12 months", level=1).wait_for()
    assert page.locator("a[href^='/casework/children/']").count() > 0
    assert_accessible(page)
