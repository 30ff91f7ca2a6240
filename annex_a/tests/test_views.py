"""Annex A pages through HTTP: who may do what, and what each page does."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annex_a import services
from annex_a.models import AnnexAImport, AnnexAVersion, CodeSynonym

from .conftest import AS_AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(clean_workbook, data_admin_user):
    _, version = services.import_annex_a_file(
        path=clean_workbook, as_at=AS_AT, spec_version="2023", imported_by=data_admin_user
    )
    return version


@pytest.fixture
def messy_import(messy_workbook, data_admin_user):
    annex_a_import, _ = services.import_annex_a_file(
        path=messy_workbook, as_at=AS_AT, spec_version="2023", imported_by=data_admin_user
    )
    return annex_a_import


@pytest.mark.parametrize(
    ("url_name", "role", "status"),
    [
        ("annex_a:upload", "data_admin", 200),
        ("annex_a:upload", "manager", 403),
        ("annex_a:upload", "preparation_staff", 403),
        ("annex_a:import_detail", "data_admin", 200),
        ("annex_a:import_detail", "manager", 200),
        ("annex_a:import_detail", "preparation_staff", 403),
        ("annex_a:findings_csv", "preparation_staff", 403),
        ("annex_a:synonyms", "manager", 403),
        ("annex_a:synonyms", "data_admin", 200),
    ],
)
def test_who_may_see_uploads(client, user_for_role, messy_import, url_name, role, status):
    client.force_login(user_for_role(role))
    args = [] if url_name in ("annex_a:upload", "annex_a:synonyms") else [messy_import.pk]
    assert client.get(reverse(url_name, args=args)).status_code == status


def test_everyone_sees_versions_but_only_admins_and_managers_export(
    client, staff_user, manager_user, version
):
    client.force_login(staff_user)
    page = client.get(version.get_absolute_url())
    assert page.status_code == 200 and b"Prepare the workbook" not in page.content
    assert client.post(reverse("annex_a:version_export", args=[version.pk])).status_code == 403
    client.force_login(manager_user)
    assert b"Prepare the workbook" in client.get(version.get_absolute_url()).content


def test_uploading_checks_the_file_and_shows_the_findings(
    client, data_admin_user, messy_workbook, django_capture_on_commit_callbacks
):
    client.force_login(data_admin_user)
    upload = SimpleUploadedFile("messy.xlsx", messy_workbook.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("annex_a:upload"),
            {
                "source": upload,
                "as_at_0": AS_AT.day,
                "as_at_1": AS_AT.month,
                "as_at_2": AS_AT.year,
                "spec_version": "2023",
            },
        )
    annex_a_import = AnnexAImport.objects.get()
    assert response.url == annex_a_import.get_absolute_url()
    assert annex_a_import.status == AnnexAImport.Status.IMPORTED
    page = client.get(annex_a_import.get_absolute_url())
    assert b"Imported as" in page.content and b"Has errors" in page.content
    assert b"Check the file again as a new version" in page.content
    assert "“1 - Male”".encode() in page.content  # offered for mapping
    only_list_7 = client.get(annex_a_import.get_absolute_url(), {"list_number": 7})
    shown = {finding.list_number for finding in only_list_7.context["table"].data}
    assert shown == {7}
    assert "AA33Q" in {finding.rule for finding in only_list_7.context["table"].data}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "must be an Excel workbook"),
        ("empty.csv", b"", "The submitted file is empty"),
    ],
)
def test_upload_refuses_other_files_with_a_clear_message(
    client, data_admin_user, name, content, message
):
    client.force_login(data_admin_user)
    response = client.post(
        reverse("annex_a:upload"),
        {
            "source": SimpleUploadedFile(name, content),
            "as_at_0": AS_AT.day,
            "as_at_1": AS_AT.month,
            "as_at_2": AS_AT.year,
            "spec_version": "2023",
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not AnnexAImport.objects.exists()


def test_upload_size_limit(client, data_admin_user, settings):
    settings.UPLOAD_MAX_MEGABYTES = 1
    client.force_login(data_admin_user)
    big = SimpleUploadedFile("big.csv", b"x" * (1024 * 1024 + 1))
    response = client.post(
        reverse("annex_a:upload"),
        {
            "source": big,
            "as_at_0": AS_AT.day,
            "as_at_1": AS_AT.month,
            "as_at_2": AS_AT.year,
            "spec_version": "2023",
        },
    )
    assert "must be smaller than 1 MB" in response.content.decode()
    assert not AnnexAImport.objects.exists()


def test_mapping_a_spelling_from_the_findings_page(
    client, data_admin_user, messy_import, django_capture_on_commit_callbacks
):
    client.force_login(data_admin_user)
    response = client.post(
        reverse("annex_a:map_spelling", args=[messy_import.pk]),
        {
            "prefix": "map-0",
            "map-0-code_set": "gender",
            "map-0-spelling": "1 - Male",
            "map-0-code": "a) Male",
        },
    )
    assert response.status_code == 302
    assert CodeSynonym.objects.get().code == "a) Male"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("annex_a:recheck", args=[messy_import.pk]))
    again = AnnexAImport.objects.latest("pk")
    assert response.url == again.get_absolute_url() and again.pk != messy_import.pk
    assert again.version.number == 2
    assert not again.findings.filter(code_set="gender", value="1 - Male").exists()
    assert messy_import.findings.filter(code_set="gender", value="1 - Male").exists()


def test_findings_csv_has_the_report_columns_and_neutralises_formulas(
    client, manager_user, messy_import
):
    messy_import.findings.create(
        list_number=1,
        row=9,
        column="Gender",
        value="=cmd|' /C calc'!A0",
        rule="CELL-CODE",
        severity="error",
        message="bad",
    )
    client.force_login(manager_user)
    response = client.get(reverse("annex_a:findings_csv", args=[messy_import.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0].startswith("OFFICIAL-SENSITIVE: ")
    assert rows[1] == ["list", "row", "column", "value", "rule", "severity", "message"]
    assert ["1", "9", "Gender", "'=cmd|' /C calc'!A0", "CELL-CODE", "error", "bad"] in rows


def test_export_job_produces_the_workbook(
    client, manager_user, version, django_capture_on_commit_callbacks
):
    client.force_login(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("annex_a:version_export", args=[version.pk]))
    job_page = client.get(response.url)
    assert b"Download annex-a-version-1" in job_page.content


def test_comparing_two_imports_of_the_same_file_shows_no_differences(
    client, manager_user, version, clean_workbook, data_admin_user
):
    _, second = services.import_annex_a_file(
        path=clean_workbook,
        as_at=AS_AT - timedelta(days=1),
        spec_version="2023",
        imported_by=data_admin_user,
    )
    client.force_login(manager_user)
    page = client.get(reverse("annex_a:version_compare", args=[second.pk]), {"other": version.pk})
    differences = page.context["differences"]
    assert [d.list_spec.number for d in differences] == list(range(1, 12))
    assert not any(d.has_differences for d in differences)
    assert [d.after for d in differences] == [version.row_counts[str(n)] for n in range(1, 12)]
    assert (page.context["older"], page.context["newer"]) == (version, second)
    shown = page.content.decode()  # each version's status
    assert shown.count('class="govuk-tag govuk-tag--') == 2 and ">Ready</strong>" in shown


def test_submitting_with_warnings_is_refused_to_a_data_admin(client, data_admin_user, version):
    AnnexAVersion.objects.filter(pk=version.pk).update(warning_count=2)
    client.force_login(data_admin_user)
    client.post(reverse("annex_a:version_submit", args=[version.pk]), {"reason": "because"})
    version.refresh_from_db()
    assert not version.is_submitted


def test_the_empty_state_says_what_to_do_next(client, data_admin_user, staff_user):
    client.force_login(data_admin_user)
    assert b"becomes version 1" in client.get(reverse("annex_a:index")).content
    client.force_login(staff_user)
    assert b"A data admin uploads" in client.get(reverse("annex_a:index")).content
