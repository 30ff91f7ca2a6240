"""Journey: a data admin uploads a file in Ofsted's 2019 layout without choosing a template,
sees each list's template on the import's page, and has the file read as 2023/24 instead,
which makes a new version; every page passes axe."""

import pytest
from django.utils import timezone

from annex_a.models import AnnexAVersion
from annex_a.services import IMPORT_JOB
from annex_a.synthetic import write_generated_workbook
from inspection_readiness.tests.browser import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_data_admin_sees_and_changes_each_lists_template(signed_in_page, tmp_path, held_worker):
    as_at = timezone.localdate()
    layout_2019 = write_generated_workbook(
        tmp_path / "extract-2019.xlsx", rows=200, as_at=as_at, seed=4, spec_version="2019"
    ).path
    versions_before = AnnexAVersion.objects.count()
    page = signed_in_page("admin")

    page.goto("/annex-a/upload/")
    page.get_by_label("Annex A file").set_input_files(str(layout_2019))
    page.get_by_label("Day").fill(str(as_at.day))
    page.get_by_label("Month").fill(str(as_at.month))
    page.get_by_label("Year").fill(str(as_at.year))
    # The template is left to the file's headers unless the admin chooses one.
    assert page.get_by_label("Recognise it from each list's headers (recommended)").is_checked()
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("progressbar").wait_for()
    held_worker.release(kind=IMPORT_JOB).join()
    page.get_by_role("link", name=f"version {versions_before + 1}").wait_for()

    templates = page.locator("#list-templates")
    templates.get_by_text("August 2019 template: its headers have none of").wait_for()
    assert templates.get_by_text("The same in both templates").count() >= 1
    assert_accessible(page)

    page.get_by_role("link", name="Change the template").click()
    assert_accessible(page)
    page.get_by_label("2023/24 changes").check()
    page.get_by_role("button", name="Check the file again with this template").click()
    page.get_by_role("progressbar").wait_for()
    held_worker.release(kind=IMPORT_JOB).join()
    page.get_by_role("link", name=f"version {versions_before + 2}").wait_for()
    newest = AnnexAVersion.objects.order_by("-number").first()
    assert newest.spec_version == "2023"
