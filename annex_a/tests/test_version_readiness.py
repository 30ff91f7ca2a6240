"""A version holds the data as it is, with its findings (issue 14, item 1): its readiness is shown
wherever it appears, sending one with errors or warnings is a manager's recorded choice, and the
same file uploaded again is offered as the version it already is."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from annex_a import services, submission
from annex_a.exporting import COVER_SHEET
from annex_a.models import AnnexAImport, AnnexAVersion
from inspection_readiness.audit import history_for
from inspection_readiness.models import Job

from .conftest import AS_AT

pytestmark = pytest.mark.django_db

LISTS = [f"List_{number}" for number in range(1, 12)]


def import_file(path, user):
    _, version = services.import_annex_a_file(
        path=path, as_at=AS_AT, spec_version="2023", imported_by=user
    )
    return version


@pytest.fixture
def ready_version(clean_workbook, data_admin_user):
    return import_file(clean_workbook, data_admin_user)


@pytest.fixture
def version_with_errors(messy_workbook, data_admin_user):
    return import_file(messy_workbook, data_admin_user)


def test_readiness_follows_the_counts(ready_version):
    cases = [
        ((0, 0), AnnexAVersion.Readiness.READY, "Ready"),
        ((0, 1), AnnexAVersion.Readiness.HAS_WARNINGS, "Has warnings"),
        ((1, 0), AnnexAVersion.Readiness.HAS_ERRORS, "Has errors"),
        ((3, 7), AnnexAVersion.Readiness.HAS_ERRORS, "Has errors"),
    ]
    for (errors, warnings), readiness, label in cases:
        ready_version.error_count, ready_version.warning_count = errors, warnings
        assert ready_version.readiness == readiness
        assert ready_version.get_readiness_display() == label
        assert ready_version.is_ready == (readiness == AnnexAVersion.Readiness.READY)


def test_the_status_is_shown_on_the_index_and_the_version_page(
    client, staff_user, manager_user, ready_version, version_with_errors
):
    client.force_login(staff_user)
    index = client.get(reverse("annex_a:index")).content.decode()
    assert "Ready" in index and "Has errors" in index
    assert f"{version_with_errors.error_count:,} error" in index
    client.force_login(manager_user)  # recent uploads, for admins and managers, say it too
    uploads = client.get(reverse("annex_a:index")).content.decode()
    assert uploads.count(f"{version_with_errors.error_count:,} error") == 2
    client.force_login(staff_user)
    page = client.get(version_with_errors.get_absolute_url()).content.decode()
    assert 'id="version-status"' in page and "Has errors" in page
    assert "cells that could not be read are blank" in page


@pytest.mark.parametrize("role", ["data_admin", "preparation_staff"])
def test_only_a_manager_may_confirm_the_export_of_a_version_with_errors(
    client, user_for_role, version_with_errors, role
):
    client.force_login(user_for_role(role))
    url = reverse("annex_a:version_export", args=[version_with_errors.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Needed today"}).status_code == 403
    assert not Job.objects.filter(kind="annex_a_export").exists()


def test_a_data_admin_is_told_a_manager_must_confirm(client, data_admin_user, version_with_errors):
    client.force_login(data_admin_user)
    page = client.get(version_with_errors.get_absolute_url())
    assert b'id="export-needs-manager"' in page.content


def test_a_manager_confirms_with_a_reason_and_it_is_on_the_cover_and_in_the_audit_trail(
    client, manager_user, version_with_errors, django_capture_on_commit_callbacks
):
    client.force_login(manager_user)
    url = reverse("annex_a:version_export", args=[version_with_errors.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Are you sure you want to send version 1 with its known problems?" in page.content

    blank = client.post(url, {"reason": "   "})
    assert blank.status_code == 200
    assert "Enter why this version is being sent with its errors or warnings" in (
        blank.content.decode()
    )
    assert b"<title>Error: " in blank.content
    assert not Job.objects.filter(kind="annex_a_export").exists()

    reason = "Agreed with the lead inspector; corrected list to follow"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": reason})
    job = Job.objects.get(kind="annex_a_export")
    assert response.url == job.get_absolute_url()
    assert job.parameters["confirmation"]["reason"] == reason
    [event] = [
        entry.additional_data
        for entry in history_for(version_with_errors)
        if "reason" in (entry.additional_data or {})
    ]
    assert event["reason"] == reason and "Confirmed the export of version 1" in event["event"]
    assert event["errors"] == version_with_errors.error_count

    job.refresh_from_db()
    workbook = load_workbook(job.result_file.path, read_only=True)
    assert workbook.sheetnames == [COVER_SHEET, *LISTS]
    cover = [row for row in workbook[COVER_SHEET].iter_rows(values_only=True) if any(row)]
    text = {row[0]: row[1] for row in cover if len(row) > 1}
    assert text["Reason"] == reason
    assert text["Status"].startswith("Has errors")
    assert text["Sent with its findings, confirmed by"] == (
        manager_user.get_full_name() or manager_user.get_username()
    )
    assert workbook["List_1"]["A1"].value == "List 1: Contacts"  # the lists' layout is unchanged


def test_a_ready_version_exports_without_a_confirmation_with_only_the_marking_on_its_cover(
    client, data_admin_user, ready_version, django_capture_on_commit_callbacks
):
    client.force_login(data_admin_user)
    url = reverse("annex_a:version_export", args=[ready_version.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    job = Job.objects.get(kind="annex_a_export")
    assert job.status == "succeeded" and "confirmation" not in job.parameters
    workbook = load_workbook(job.result_file.path, read_only=True)
    assert workbook.sheetnames == [COVER_SHEET, *LISTS]
    cover = [row[0] for row in workbook[COVER_SHEET].iter_rows(values_only=True) if any(row)]
    assert cover[0].startswith("OFFICIAL-SENSITIVE: ") and len(cover) == 2  # marking and title


def test_an_export_job_for_a_version_with_findings_needs_the_confirmation(
    data_admin_user, version_with_errors, django_capture_on_commit_callbacks
):
    from inspection_readiness.jobs import start_job

    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind="annex_a_export", owner=data_admin_user, subject=version_with_errors)
    job.refresh_from_db()
    assert job.status == "failed" and "a manager must confirm" in job.error


def test_uploading_the_same_file_again_offers_the_existing_version(
    client, data_admin_user, clean_workbook, ready_version
):
    client.force_login(data_admin_user)
    response = client.post(
        reverse("annex_a:upload"),
        {
            "source": SimpleUploadedFile("again.xlsx", clean_workbook.read_bytes()),
            "as_at_0": AS_AT.day,
            "as_at_1": AS_AT.month,
            "as_at_2": AS_AT.year,
            "spec_version": "2023",
        },
    )
    assert response.status_code == 200
    assert b"This file is already version 1" in response.content
    assert ready_version.get_absolute_url().encode() in response.content
    assert AnnexAImport.objects.count() == 1 and AnnexAVersion.objects.count() == 1


def test_the_submission_of_a_version_with_errors_needs_a_manager(
    data_admin_user, manager_user, version_with_errors, inspection
):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        submission.mark_version_submitted(
            inspection=inspection,
            version=version_with_errors,
            submitted_by=data_admin_user,
            reason="x",
        )
    with pytest.raises(ValidationError):
        submission.mark_version_submitted(
            inspection=inspection, version=version_with_errors, submitted_by=manager_user
        )
    submission.mark_version_submitted(
        inspection=inspection,
        version=version_with_errors,
        submitted_by=manager_user,
        reason="Known problems agreed",
    )


def test_children_and_the_data_pack_build_from_a_version_with_errors_and_say_its_status(
    client, manager_user, version_with_errors
):
    from django.utils import timezone

    from casework.services import refresh_children
    from datapack.services import build_data_pack, pack_summary

    build = refresh_children(version=version_with_errors, built_by=manager_user)
    assert build.child_count > 0
    pack = build_data_pack(version=version_with_errors, built_by=manager_user)
    client.force_login(manager_user)
    for url in (reverse("casework:index"), pack.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Has errors" in page, url
        assert f"{version_with_errors.error_count:,} error" in page, url
    summary = dict(pack_summary(version_with_errors, {}, timezone.now()))  # workbook and PDF
    assert summary["Annex A status"].startswith("Has errors (")
