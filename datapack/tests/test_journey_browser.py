"""Journey: a data admin builds the pack from the demo version, watches it being built, opens
the children-in-care page, follows a count to its children, and downloads the XLSX and PDF."""

import pytest

from annex_a.queries import latest_version
from inspection_readiness.tests.browser import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_data_admin_builds_and_reads_the_pack(signed_in_page, tmp_path, held_worker):
    worker = held_worker
    page = signed_in_page("admin")  # the demo data has built a pack already
    version = latest_version()

    page.get_by_role("link", name="Day 1 data pack", exact=True).first.click()
    page.get_by_role("heading", name=f"Latest version: {version}").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Build the pack again").click()
    progress = page.get_by_role("progressbar")
    progress.wait_for()
    assert progress.get_attribute("aria-valuenow") == "0"
    assert_accessible(page)
    worker.release().join()
    page.get_by_role("progressbar").wait_for(state="detached", timeout=30_000)
    page.get_by_role("link", name="Open the data pack").click()
    page.get_by_role("heading", name="Summary").wait_for()
    assert_accessible(page)

    page.get_by_role("navigation", name="Areas of the data pack").get_by_role(
        "link", name="Children in care"
    ).click()
    page.get_by_role("heading", name="Children in care", level=1).wait_for()
    assert page.locator("svg[role=img]").count() > 5
    assert_accessible(page)

    page.get_by_role("link", name="counted for children in care: see the children").click()
    page.get_by_role("heading", name="Children in care", level=1).wait_for()
    page.get_by_text("counted, from Annex A List 8").wait_for()
    assert page.locator("a[href^='/casework/children/']").count() > 0
    assert_accessible(page)

    page.get_by_role("link", name="Back to Children in care").click()
    page.get_by_role("link", name="Summary", exact=True).click()
    for name, signature in (("Download the workbook (XLSX)", b"PK"), ("Download the PDF", b"%PDF")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.read_bytes().startswith(signature)
