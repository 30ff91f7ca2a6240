"""Background jobs: progress, success, and failure that keeps the previous good result."""

import csv
import io

import pytest
from django.urls import reverse

from inspection_readiness import job_kinds
from inspection_readiness.jobs import JobFailed, execute_job, previous_good_result, start_job
from inspection_readiness.models import Job
from inspection_readiness.spreadsheets import neutralise_formula


def _run_export(user, django_capture_on_commit_callbacks, **filters):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind=job_kinds.ACTIVITY_EXPORT, owner=user, parameters={"filters": filters})
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_activity_export_runs_to_a_downloadable_csv(
    client, data_admin_user, staff_user, django_capture_on_commit_callbacks
):
    job = _run_export(data_admin_user, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    client.force_login(data_admin_user)
    download = client.get(reverse("job_download", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["When", "Who", "Kind of object"]
    assert any(row[3] == "pat" for row in rows[1:]), "the staff user's creation is not exported"


@pytest.mark.django_db
def test_failed_job_keeps_previous_result_and_says_why(
    client, data_admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    good = _run_export(data_admin_user, django_capture_on_commit_callbacks)
    good_content = good.result_file.read()

    def broken(job, report):
        report(40, "Halfway.")
        raise JobFailed("The activity log could not be read: the database refused the query.")

    monkeypatch.setattr(
        job_kinds.export_activity, "__code__", broken.__code__
    )  # the registered handler now fails
    failed = _run_export(data_admin_user, django_capture_on_commit_callbacks)

    assert failed.status == Job.Status.FAILED
    assert failed.error == "The activity log could not be read: the database refused the query."
    assert previous_good_result(failed) == good
    good.refresh_from_db()
    assert good.result_file.read() == good_content

    client.force_login(data_admin_user)
    page = client.get(reverse("job_detail", args=[failed.pk]))
    assert b"This job failed" in page.content
    assert b"the database refused the query" in page.content
    assert reverse("job_download", args=[good.pk]).encode() in page.content
    assert client.get(reverse("job_download", args=[good.pk])).status_code == 200


@pytest.mark.django_db
def test_unexpected_error_ends_the_job_with_a_reason(data_admin_user, monkeypatch):
    def crash(job, report):
        raise KeyError("missing column")

    monkeypatch.setattr(job_kinds.export_activity, "__code__", crash.__code__)
    job = Job.objects.create(kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user)
    execute_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "KeyError" in job.error and "Try again" in job.error
    assert job.finished_at is not None


@pytest.mark.django_db
def test_bad_filters_fail_with_the_field_named(data_admin_user, django_capture_on_commit_callbacks):
    job = _run_export(data_admin_user, django_capture_on_commit_callbacks, date_from="31/02/2026")
    assert job.status == Job.Status.FAILED
    assert "From (date)" in job.error


@pytest.mark.django_db
def test_status_endpoint_reports_progress_for_the_live_bar(client, data_admin_user):
    job = Job.objects.create(
        kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user, progress=42, message="Writing rows."
    )
    client.force_login(data_admin_user)
    data = client.get(reverse("job_status", args=[job.pk])).json()
    assert data == {
        "status": "queued",
        "status_label": "Waiting to start",
        "progress": 42,
        "message": "Writing rows.",
        "finished": False,
    }
    page = client.get(reverse("job_detail", args=[job.pk]))
    assert b'aria-valuenow="42"' in page.content


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+44 1234", "'+44 1234"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("Normal text", "Normal text"),
        ("a=b", "a=b"),
        (-1, -1),
        (None, None),
    ],
    ids=["equals", "plus", "minus", "at", "plain", "equals-inside", "number", "none"],
)
def test_formula_like_text_is_neutralised(value, expected):
    assert neutralise_formula(value) == expected


@pytest.mark.django_db
def test_activity_export_neutralises_formula_like_names(
    data_admin_user, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_user(username="=HYPERLINK(evil)", password="x")
    job = _run_export(data_admin_user, django_capture_on_commit_callbacks)
    text = job.result_file.read().decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text
    assert ",=HYPERLINK" not in text
