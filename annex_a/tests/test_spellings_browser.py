"""Journey: a data admin exports the council's mappings, brings a CSV of last year's mappings
in, sees each bad row and what the good ones will change, and confirms; every page axe clean."""

import pytest

from annex_a.models import CodeSynonym
from inspection_readiness.tests.browser import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_data_admin_brings_in_last_years_mappings(signed_in_page, tmp_path):
    page = signed_in_page("admin")
    page.goto("/annex-a/spellings/")
    page.get_by_role("heading", name="Your council's spellings of Ofsted codes").wait_for()
    assert_accessible(page)

    last_year = tmp_path / "last-year.csv"
    last_year.write_text(
        "Kind of code,Your spelling,Ofsted code\n"
        "gender,1 - Male,a) Male\n"
        "Gender (Lists 1 to 10),2 - Female,b) Female\n"
        "gender,9 - Other,z) Other\n",
        encoding="utf-8",
    )
    page.get_by_role("link", name="Bring in mappings from a CSV file").click()
    assert_accessible(page)
    page.get_by_label("Mappings file (CSV)").set_input_files(str(last_year))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("1 row cannot be used").wait_for()
    assert page.locator("#row-problems").get_by_role("cell", name="4", exact=True).count() == 1
    assert_accessible(page)
    assert not CodeSynonym.objects.filter(spelling="1 - Male").exists()

    page.get_by_role("button", name="Add or change 2 mappings").click()
    page.get_by_text("2 mappings added or changed.").wait_for()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export your mappings (CSV)").click()
    saved = tmp_path / "exported.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert "1 - Male,a) Male" in text and "2 - Female,b) Female" in text
