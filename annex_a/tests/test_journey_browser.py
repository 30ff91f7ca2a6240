"""Journey: a data admin uploads a messy extract, watches it being checked, sees it become a
version that has errors, filters the findings, maps every council spelling on one screen (which
checks the file again as a new version), imports a clean (ready) version, compares it with the
previous one and downloads Ofsted's workbook; a manager confirms sending the version with
errors, with a reason."""

import pytest
from django.utils import timezone

from annex_a.job_kinds import EXPORT_JOB
from annex_a.models import AnnexAVersion
from annex_a.services import IMPORT_JOB
from annex_a.synthetic import write_generated_workbook
from inspection_readiness.tests.browser import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_data_admin_imports_annex_a(signed_in_page, tmp_path, held_worker):
    worker = held_worker
    as_at = timezone.localdate()
    messy = write_generated_workbook(
        tmp_path / "extract.xlsx", rows=500, as_at=as_at, seed=8, messy=True
    ).path
    clean = write_generated_workbook(
        tmp_path / "extract-fixed.xlsx", rows=500, as_at=as_at, seed=8
    ).path
    versions_before = AnnexAVersion.objects.count()  # the demo data imports two
    page = signed_in_page("admin")

    page.get_by_role("link", name="Annex A", exact=True).first.click()
    page.get_by_role("link", name="Upload an Annex A file").click()
    assert_accessible(page)
    page.get_by_label("Annex A file").set_input_files(str(messy))
    page.get_by_label("Day").fill(str(as_at.day))
    page.get_by_label("Month").fill(str(as_at.month))
    page.get_by_label("Year").fill(str(as_at.year))
    page.get_by_role("button", name="Upload and check").click()

    progress = page.get_by_role("progressbar")
    progress.wait_for()
    assert progress.get_attribute("aria-valuenow") == "0"
    assert_accessible(page)
    worker.release(kind=IMPORT_JOB).join()
    messy_number = versions_before + 1
    page.get_by_role("link", name=f"version {messy_number}").wait_for()
    # A new version also queues casework's and the data pack's builds: release the import.
    page.locator(".govuk-notification-banner").get_by_text("Has errors").wait_for()
    assert_accessible(page)

    page.get_by_label("List", exact=True).select_option("7")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**list_number=7**")  # AA33Q is on the unfiltered page too
    page.get_by_role("cell", name="AA33Q").first.wait_for()
    assert page.get_by_role("cell", name="AA08").count() == 0

    # Every spelling on one screen, each with the code proposed: accept them all in one submit.
    page.get_by_role("link", name="Map your spellings to Ofsted's codes").click()
    in_lists_1_to_10 = "in Gender (Lists 1 to 10)"
    male = page.get_by_label(f"Ofsted code for “1 - Male” {in_lists_1_to_10}")
    assert male.input_value() == "a) Male"
    female = page.get_by_label(f"Ofsted code for “2 - Female” {in_lists_1_to_10}")
    assert female.input_value() == "b) Female"
    assert_accessible(page)
    page.get_by_role("button", name="Save mappings and check the file again").click()
    progress.wait_for()
    worker.release(kind=IMPORT_JOB).join()
    page.get_by_role("link", name=f"version {messy_number + 1}").wait_for()
    assert page.get_by_role("link", name="Map your spellings to Ofsted's codes").count() == 0

    page.goto("/annex-a/upload/")
    page.get_by_label("Annex A file").set_input_files(str(clean))
    page.get_by_label("Day").fill(str(as_at.day))
    page.get_by_label("Month").fill(str(as_at.month))
    page.get_by_label("Year").fill(str(as_at.year))
    page.get_by_role("button", name="Upload and check").click()
    progress.wait_for()
    worker.release(kind=IMPORT_JOB).join()
    new_number = versions_before + 3
    page.get_by_role("link", name=f"version {new_number}").click()
    page.get_by_role("heading", name=f"Version {new_number}").wait_for()
    page.get_by_text("Ready", exact=True).first.wait_for()
    assert_accessible(page)

    page.get_by_label("Compare with").select_option(
        label=str(AnnexAVersion.objects.get(number=messy_number + 1))
    )
    page.get_by_role("button", name="Compare").click()
    page.get_by_text(f"Version {messy_number + 1} compared with version {new_number}").wait_for()
    assert_accessible(page)

    page.go_back()
    page.get_by_role("button", name="Prepare the workbook").click()
    page.get_by_role("progressbar").first.wait_for()
    worker.release(kind=EXPORT_JOB).join()
    page.get_by_text("Finished").first.wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download annex-a-version-{new_number}").first.click()
    saved = tmp_path / "export.xlsx"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"PK")
    assert_accessible(page)

    manager = signed_in_page("manager")
    manager.goto(AnnexAVersion.objects.get(number=messy_number).get_absolute_url())
    manager.get_by_role("link", name="Prepare the workbook").click()
    manager.get_by_role(
        "heading", name=f"Are you sure you want to send version {messy_number}"
    ).wait_for()
    assert_accessible(manager)
    manager.get_by_role("button", name="Confirm and prepare the workbook").click()
    manager.get_by_text("Enter why this version is being sent").first.wait_for()
    assert_accessible(manager)
    manager.get_by_label("Why is this version being sent with its errors or warnings?").fill(
        "Agreed with the lead inspector; corrected lists to follow"
    )
    manager.get_by_role("button", name="Confirm and prepare the workbook").click()
    manager.get_by_role("progressbar").first.wait_for()
    worker.release(kind=EXPORT_JOB).join()
    manager.get_by_text("Finished").first.wait_for()
    assert_accessible(manager)
