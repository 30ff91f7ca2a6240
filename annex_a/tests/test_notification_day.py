"""Notification day: an as-at date far from the call, after it, or older than the newest
version is questioned before import and kept only knowingly; "Mark as submitted" links a
version to an inspection, on a confirmation page, and the inspection's page shows it."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from annex_a.models import AnnexAImport, AnnexAVersion
from annex_a.notification_day import (
    DAYS_BEFORE_NOTIFICATION_WITHOUT_QUESTION,
    INSPECTION_CURRENT_FOR_DAYS,
    as_at_questions,
    current_inspection,
)
from annex_a.synthetic import generate_rows, store_version
from frameworks.models import Framework, Inspection
from inspection_readiness.audit import history_for
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role

from .conftest import AS_AT

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOTIFIED = date(2026, 11, 20)
TODAY = date(2026, 11, 30)
REAL_DATE = "Enter the as-at date as a real date"


def _inspection(notified: date, *, status=Inspection.Status.NOTIFIED, rehearsal=False):
    return Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=datetime(notified.year, notified.month, notified.day, 9, 30, tzinfo=LONDON),
        status=status,
        is_rehearsal=rehearsal,
    )


def _version(as_at: date, user, *, warnings: int = 0) -> AnnexAVersion:
    _, tables = generate_rows(rows=50, as_at=as_at, seed=1)
    version = store_version(tables, as_at=as_at, created_by=user)
    if warnings:
        AnnexAVersion.objects.filter(pk=version.pk).update(warning_count=warnings)
        version.refresh_from_db()
    return version


def _date_fields(value: date) -> dict:
    return {"as_at_0": value.day, "as_at_1": value.month, "as_at_2": value.year}


# ---- The threshold: more than 7 days before the call, or after it --------------------------


@pytest.mark.parametrize(
    ("as_at", "expected"),
    [
        (NOTIFIED - timedelta(days=30), "30 days before the inspection was notified"),
        (NOTIFIED - timedelta(days=8), "8 days before the inspection was notified"),
        (NOTIFIED - timedelta(days=7), None),  # the boundary: a week before is usual
        (NOTIFIED - timedelta(days=1), None),
        (NOTIFIED, None),
        (NOTIFIED + timedelta(days=1), "1 day after the inspection was notified"),
        (NOTIFIED + timedelta(days=9), "9 days after the inspection was notified"),
    ],
)
def test_an_as_at_date_far_from_the_call_is_questioned(as_at, expected):
    assert DAYS_BEFORE_NOTIFICATION_WITHOUT_QUESTION == 7
    _inspection(NOTIFIED)
    questions = as_at_questions(council=current_council(), as_at=as_at, today=TODAY)
    if expected is None:
        assert questions == []
    else:
        assert len(questions) == 1
        assert expected in questions[0]
        assert "Friday 20 November 2026" in questions[0]


@pytest.mark.parametrize(
    ("notified_days_ago", "status", "counts"),
    [
        (0, Inspection.Status.NOTIFIED, True),
        (INSPECTION_CURRENT_FOR_DAYS, Inspection.Status.ON_SITE, True),  # boundary: still current
        (INSPECTION_CURRENT_FOR_DAYS + 1, Inspection.Status.NOTIFIED, False),
        (3, Inspection.Status.CLOSED, False),
        (-1, Inspection.Status.NOTIFIED, False),  # a rehearsal planned for tomorrow
    ],
)
def test_only_the_inspection_being_prepared_for_is_compared(notified_days_ago, status, counts):
    inspection = _inspection(TODAY - timedelta(days=notified_days_ago), status=status)
    found = current_inspection(current_council(), today=TODAY)
    assert (found == inspection) is counts
    far_before = TODAY - timedelta(days=notified_days_ago + 20)
    assert bool(as_at_questions(council=current_council(), as_at=far_before, today=TODAY)) is counts


def test_the_latest_of_several_inspections_is_compared_and_a_rehearsal_says_so():
    _inspection(NOTIFIED - timedelta(days=20))
    _inspection(NOTIFIED, rehearsal=True)
    questions = as_at_questions(
        council=current_council(), as_at=NOTIFIED - timedelta(days=8), today=TODAY
    )
    assert questions and "before the rehearsal was notified" in questions[0]


@pytest.mark.parametrize(
    ("days_after_the_newest", "questioned"), [(-30, True), (-1, True), (0, False), (1, False)]
)
def test_an_as_at_date_older_than_the_newest_version_is_questioned(
    data_admin_user, days_after_the_newest, questioned
):
    _version(AS_AT - timedelta(days=40), data_admin_user)
    newest = _version(AS_AT, data_admin_user)
    as_at = AS_AT + timedelta(days=days_after_the_newest)
    questions = as_at_questions(council=current_council(), as_at=as_at, today=TODAY)
    assert bool(questions) is questioned
    if questioned:
        assert f"older than version {newest.number}'s (Friday 20 November 2026)" in questions[0]


def test_no_inspection_and_no_version_means_no_question():
    assert as_at_questions(council=current_council(), as_at=date(2020, 1, 1), today=TODAY) == []


# ---- The upload form: plain date messages, the question, the knowing choice ----------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"as_at_0": "31", "as_at_1": "2", "as_at_2": "2026"},
            "Enter the as-at date as a real date",
        ),
        (
            {"as_at_0": "1", "as_at_1": "13", "as_at_2": "2026"},
            "Enter the as-at date as a real date",
        ),
        ({"as_at_0": "1", "as_at_1": "11", "as_at_2": ""}, "Enter the year"),
        ({"as_at_0": "", "as_at_1": "", "as_at_2": ""}, "Enter the as-at date"),
        ({"as_at_0": "1", "as_at_1": "1", "as_at_2": "2999"}, "must be today or in the past"),
    ],
)
def test_the_upload_form_says_what_is_wrong_with_a_date_in_plain_words(
    client, data_admin_user, clean_workbook, fields, message
):
    client.force_login(data_admin_user)
    response = client.post(
        reverse("annex_a:upload"),
        {
            "source": SimpleUploadedFile("a.xlsx", clean_workbook.read_bytes()),
            "spec_version": "2023",
            **fields,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "There is a problem" in page
    assert message in page
    assert "out of range" not in page and "must be in" not in page
    assert not AnnexAImport.objects.exists()


def test_a_questioned_as_at_date_is_imported_only_when_confirmed_and_the_choice_is_recorded(
    client, data_admin_user, clean_workbook, django_capture_on_commit_callbacks
):
    _inspection(AS_AT)
    too_early = AS_AT - timedelta(days=10)
    client.force_login(data_admin_user)
    data = {"spec_version": "2023", **_date_fields(too_early)}

    def upload(**extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("annex_a:upload"),
                {
                    "source": SimpleUploadedFile("early.xlsx", clean_workbook.read_bytes()),
                    **data,
                    **extra,
                },
            )

    asked = upload()
    assert asked.status_code == 400
    page = asked.content.decode()
    assert "Check the as-at date" in page
    assert "10 days before the inspection was notified on Friday 20 November 2026" in page
    assert "The as-at date is right: import the file with it" in page
    assert "govuk-error-summary" in page
    assert not AnnexAImport.objects.exists()

    confirmed = upload(as_at_confirmed="on")
    annex_a_import = AnnexAImport.objects.get()
    assert confirmed.url == annex_a_import.get_absolute_url()
    assert annex_a_import.as_at == too_early
    chosen = [
        entry
        for entry in history_for(annex_a_import)
        if "after being asked to check it" in (entry.additional_data or {}).get("event", "")
    ]
    assert len(chosen) == 1
    assert chosen[0].actor == data_admin_user
    assert "10 days before" in chosen[0].additional_data["questions"][0]


def test_an_ordinary_as_at_date_is_not_questioned(
    client, data_admin_user, clean_workbook, django_capture_on_commit_callbacks
):
    _inspection(AS_AT)
    client.force_login(data_admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("annex_a:upload"),
            {
                "source": SimpleUploadedFile("ok.xlsx", clean_workbook.read_bytes()),
                "spec_version": "2023",
                **_date_fields(AS_AT),
            },
        )
    assert response.status_code == 302
    assert AnnexAImport.objects.count() == 1


# ---- Mark as submitted ---------------------------------------------------------------------


def test_the_confirmation_page_asks_which_inspection_and_the_inspection_shows_the_version(
    client, data_admin_user, manager_user
):
    older = _inspection(AS_AT - timedelta(days=30))
    inspection = _inspection(AS_AT, rehearsal=True)
    version = _version(AS_AT, data_admin_user)
    client.force_login(data_admin_user)
    detail = client.get(version.get_absolute_url()).content.decode()
    assert reverse("annex_a:version_submit", args=[version.pk]) in detail

    page = client.get(reverse("annex_a:version_submit", args=[version.pk]))
    assert page.status_code == 200
    shown = page.content.decode()
    assert "Which inspection was it sent for?" in shown
    assert f'value="{inspection.pk}"' in shown and f'value="{older.pk}"' in shown
    assert page.context["form"].fields["inspection"].initial == inspection.pk  # newest first
    assert not AnnexAVersion.objects.get(pk=version.pk).is_submitted  # a GET changes nothing

    done = client.post(
        reverse("annex_a:version_submit", args=[version.pk]), {"inspection": inspection.pk}
    )
    assert done.url == version.get_absolute_url()
    version.refresh_from_db()
    assert version.is_submitted and version.submitted_for == inspection
    assert version.submitted_by == data_admin_user
    assert (
        "submitted to Ofsted for the rehearsal"
        in (history_for(version).first().additional_data["event"])
    )
    assert f"version {version.number}" in history_for(inspection).first().additional_data["event"]

    client.force_login(manager_user)
    inspection_page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Annex A sent to Ofsted" in inspection_page
    assert version.get_absolute_url() in inspection_page
    assert "Not recorded yet" in client.get(older.get_absolute_url()).content.decode()

    again = client.post(
        reverse("annex_a:version_submit", args=[version.pk]), {"inspection": older.pk}
    )
    assert again.status_code == 302
    version.refresh_from_db()
    assert version.submitted_for == inspection  # marked once


def test_a_version_with_warnings_needs_a_managers_reason(client, data_admin_user, manager_user):
    inspection = _inspection(AS_AT)
    version = _version(AS_AT, data_admin_user, warnings=3)
    url = reverse("annex_a:version_submit", args=[version.pk])
    client.force_login(manager_user)
    missing = client.post(url, {"inspection": inspection.pk, "reason": "  "})
    assert missing.status_code == 400
    assert "Enter why the version is submitted with its errors or warnings" in (
        missing.content.decode()
    )
    assert "govuk-error-summary" in missing.content.decode()
    closed = _inspection(AS_AT, status=Inspection.Status.CLOSED)
    refused = client.post(url, {"inspection": closed.pk, "reason": "Agreed"})
    assert refused.status_code == 400 and "Select one of the inspections listed" in (
        refused.content.decode()
    )
    client.post(url, {"inspection": inspection.pk, "reason": "Agreed with the lead inspector"})
    version.refresh_from_db()
    assert version.submission_reason == "Agreed with the lead inspector"
    assert version.submitted_for == inspection


def test_with_no_open_inspection_the_page_says_what_to_do_next(client, data_admin_user):
    version = _version(AS_AT, data_admin_user)
    client.force_login(data_admin_user)
    page = client.get(reverse("annex_a:version_submit", args=[version.pk])).content.decode()
    assert "There is no inspection or rehearsal to send it for" in page
    assert reverse("frameworks:index") in page


@pytest.mark.parametrize(
    ("role", "warnings", "allowed"),
    [
        (Role.DATA_ADMIN, 0, True),
        (Role.MANAGER, 0, True),
        (Role.PREPARATION_STAFF, 0, False),
        (None, 0, False),
        (Role.DATA_ADMIN, 2, False),  # a version with findings is a manager's choice
        (Role.MANAGER, 2, True),
        (Role.PREPARATION_STAFF, 2, False),
    ],
)
def test_who_may_mark_a_version_submitted(
    client, user_for_role, data_admin_user, role, warnings, allowed
):
    inspection = _inspection(AS_AT)
    version = _version(AS_AT, data_admin_user, warnings=warnings)
    client.force_login(user_for_role(role))
    url = reverse("annex_a:version_submit", args=[version.pk])
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(url, {"inspection": inspection.pk, "reason": "Known and agreed"})
    assert response.status_code == (302 if allowed else 403)
    version.refresh_from_db()
    assert version.is_submitted is allowed
    assert (version.submitted_for == inspection) is allowed


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PREPARATION_STAFF, None])
def test_only_a_data_admin_may_post_an_upload_even_when_confirming_the_date(
    client, user_for_role, clean_workbook, role
):
    _inspection(AS_AT)
    client.force_login(user_for_role(role))
    response = client.post(
        reverse("annex_a:upload"),
        {
            "source": SimpleUploadedFile("early.xlsx", clean_workbook.read_bytes()),
            "spec_version": "2023",
            "as_at_confirmed": "on",
            **_date_fields(AS_AT - timedelta(days=10)),
        },
    )
    assert response.status_code == 403
    assert not AnnexAImport.objects.exists()


def test_the_import_command_questions_the_date_and_records_it(clean_workbook, data_admin_user):
    _inspection(AS_AT)
    too_early = AS_AT - timedelta(days=10)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:  # the earlier date puts later events in error
        call_command(
            "import_annex_a",
            str(clean_workbook),
            "--as-at",
            too_early.isoformat(),
            stdout=out,
            stderr=err,
        )
    assert exited.value.code == 1  # imported, with its errors
    assert "Check the as-at date: The as-at date is 10 days before the inspection" in (
        err.getvalue()
    )
    version = AnnexAVersion.objects.get()
    assert version.as_at == too_early  # asked for on purpose: imported, and the question kept
    events = [
        (entry.additional_data or {}).get("event", "")
        for entry in history_for(version.annex_a_import)
    ]
    assert any("after being asked to check it" in event for event in events)
