"""Background jobs: progress, success, failure that keeps the previous good result, jobs that
always end (the sweep, the broker down, a task handed out twice) and trying a job again."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from inspection_readiness import job_kinds
from inspection_readiness.jobs import (
    WORKER_LOST_REASON,
    JobFailed,
    JobResult,
    execute_job,
    job_kind,
    latest_job,
    previous_good_result,
    send_job,
    start_job,
    stuck_reason,
    sweep_stuck_jobs,
)
from inspection_readiness.jobs import job_kinds as job_kinds_registered
from inspection_readiness.models import Job
from inspection_readiness.roles import Role
from inspection_readiness.spreadsheets import neutralise_formula

from .job_kinds_for_tests import RUNAWAY_JOB, SILENT_JOB, WAITING_JOB


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


# ---- Jobs that always end ---------------------------------------------------------------------

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _ago(seconds: float | None):
    return None if seconds is None else NOW - timedelta(seconds=seconds)


@pytest.fixture
def job_timeouts(settings):
    settings.JOB_HEARTBEAT_SECONDS = 30
    settings.JOB_HEARTBEAT_TIMEOUT_SECONDS = 300
    settings.JOB_QUEUED_TIMEOUT_SECONDS = 3600
    return settings


RUNAWAY_HARD_LIMIT = job_kind(RUNAWAY_JOB).time_limit_seconds  # 4 s, plus a 30 s heartbeat grace


@pytest.mark.parametrize(
    ("status", "kind", "created", "started", "heartbeat", "expected"),
    [
        ("running", WAITING_JOB, 4000, 400, 300, None),
        ("running", WAITING_JOB, 4000, 400, 301, WORKER_LOST_REASON),
        ("running", WAITING_JOB, 4000, 300, None, None),
        ("running", WAITING_JOB, 4000, 301, None, WORKER_LOST_REASON),
        ("running", WAITING_JOB, 4000, 400, 0, None),
        ("running", RUNAWAY_JOB, 100, RUNAWAY_HARD_LIMIT + 30, 0, None),
        ("running", RUNAWAY_JOB, 100, RUNAWAY_HARD_LIMIT + 31, 0, "time limit"),
        ("running", "no_longer_registered", 9000, 9000, 0, None),
        ("queued", WAITING_JOB, 3600, None, None, None),
        ("queued", WAITING_JOB, 3601, None, None, "never started"),
        ("succeeded", WAITING_JOB, 9000, 9000, 9000, None),
        ("failed", WAITING_JOB, 9000, 9000, 9000, None),
    ],
    ids=[
        "heartbeat-exactly-at-threshold",
        "heartbeat-one-second-past",
        "no-heartbeat-started-exactly-at-threshold",
        "no-heartbeat-started-one-second-past",
        "long-running-with-fresh-heartbeat",
        "exactly-at-hard-limit-plus-grace",
        "one-second-past-hard-limit-plus-grace",
        "unknown-kind-with-fresh-heartbeat",
        "queued-exactly-at-threshold",
        "queued-one-second-past",
        "succeeded-long-ago",
        "failed-long-ago",
    ],
)
def test_stuck_reason(job_timeouts, status, kind, created, started, heartbeat, expected):
    job = Job(
        kind=kind,
        status=status,
        created_at=_ago(created),
        started_at=_ago(started),
        heartbeat_at=_ago(heartbeat),
    )
    reason = stuck_reason(job, NOW)
    if expected is None:
        assert reason is None
    elif expected == "time limit":
        assert reason == (
            "This job took longer than 4 seconds and was stopped. Nothing was saved from this "
            "attempt. Try again; if it happens again, tell your IT team."
        )
    elif expected == "never started":
        assert reason.startswith("The job waited 61 minutes without starting")
    else:
        assert reason == expected


def _job(owner, *, status, kind=job_kinds.ACTIVITY_EXPORT, created=0, started=None, beat=None):
    job = Job.objects.create(kind=kind, owner=owner, status=status)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        created_at=now - timedelta(seconds=created),
        started_at=None if started is None else now - timedelta(seconds=started),
        heartbeat_at=None if beat is None else now - timedelta(seconds=beat),
    )
    return job


@pytest.mark.django_db
def test_sweep_fails_only_jobs_that_will_never_end(job_timeouts, data_admin_user):
    dead = _job(data_admin_user, status="running", created=900, started=500, beat=400)
    alive = _job(data_admin_user, status="running", created=900, started=500, beat=5)
    lost = _job(data_admin_user, status="queued", created=4000)
    waiting = _job(data_admin_user, status="queued", created=60)
    done = _job(data_admin_user, status="succeeded", created=9000, started=9000, beat=9000)

    failed = sweep_stuck_jobs()

    assert sorted(job.pk for job in failed) == sorted([dead.pk, lost.pk])
    for job, status in [
        (dead, "failed"),
        (alive, "running"),
        (lost, "failed"),
        (waiting, "queued"),
        (done, "succeeded"),
    ]:
        job.refresh_from_db()
        assert job.status == status, job
    assert dead.error == WORKER_LOST_REASON and dead.finished_at is not None
    assert "without starting" in lost.error
    assert sweep_stuck_jobs() == [], "a second sweep finds nothing more"


@pytest.mark.django_db
def test_a_stuck_job_keeps_the_previous_result_and_does_not_block_the_next(
    job_timeouts, client, data_admin_user, django_capture_on_commit_callbacks
):
    good = _run_export(data_admin_user, django_capture_on_commit_callbacks)
    stuck = _job(data_admin_user, status="running", created=900, started=500, beat=400)

    client.force_login(data_admin_user)
    status = client.get(reverse("job_status", args=[stuck.pk])).json()
    assert status["status"] == "failed" and status["finished"] is True
    page = client.get(reverse("job_detail", args=[stuck.pk]))
    assert b"This job failed" in page.content
    assert b"background service running it stopped" in page.content
    assert reverse("job_download", args=[good.pk]).encode() in page.content

    following = _run_export(data_admin_user, django_capture_on_commit_callbacks)
    assert following.status == Job.Status.SUCCEEDED


@pytest.mark.django_db
def test_latest_job_fails_a_stuck_job_so_it_never_blocks(job_timeouts, data_admin_user):
    subject = data_admin_user  # any model will do as a job's subject
    stuck = Job.objects.create(
        kind=WAITING_JOB,
        owner=data_admin_user,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )
    Job.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=2))
    latest = latest_job(WAITING_JOB, subject)
    assert latest.pk == stuck.pk
    assert latest.status == Job.Status.FAILED and latest.is_finished


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_running_job_keeps_its_heartbeat_without_reporting_progress(settings, data_admin_user):
    settings.JOB_HEARTBEAT_SECONDS = 0.1
    job = Job.objects.create(kind=SILENT_JOB, owner=data_admin_user)
    job = execute_job(job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.heartbeat_at > job.started_at


@pytest.mark.django_db
def test_a_task_handed_out_again_never_runs_an_ended_or_abandoned_job(data_admin_user, monkeypatch):
    def must_not_run(job, report):
        raise AssertionError("the handler ran again")

    monkeypatch.setattr(job_kinds.export_activity, "__code__", must_not_run.__code__)
    swept = Job.objects.create(
        kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user, status="failed", error="Swept."
    )
    abandoned = Job.objects.create(
        kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user, status="running"
    )

    assert execute_job(swept.pk).error == "Swept."
    assert execute_job(abandoned.pk).error == WORKER_LOST_REASON


@pytest.mark.django_db
def test_a_job_failed_by_the_sweep_while_it_ran_stays_failed(data_admin_user, monkeypatch):
    def finishes_after_the_sweep(job, report):
        Job.objects.filter(pk=job.pk).update(status="failed", error="Swept.")
        return JobResult(name="late.csv", content=b"late")

    monkeypatch.setattr(job_kinds.export_activity, "__code__", finishes_after_the_sweep.__code__)
    job = Job.objects.create(kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user)
    job = execute_job(job.pk)
    assert job.status == Job.Status.FAILED and job.error == "Swept."
    assert not job.result_file


@pytest.mark.django_db
def test_broker_down_fails_the_job_with_a_message(data_admin_user, monkeypatch):
    from kombu.exceptions import OperationalError

    from inspection_readiness import tasks

    def refuse(job_id):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(tasks.run_job, "delay", refuse)
    job = Job.objects.create(kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user)
    send_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == (
        "The background service is not answering, so the job could not start. Try again in a "
        "few minutes; if it keeps happening, tell your IT team."
    )


def test_every_job_kind_has_time_limits_that_fit_the_visibility_timeout(settings):
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > settings.JOB_TIME_LIMIT_CEILING_SECONDS
    for kind in job_kinds_registered():
        assert 0 < kind.soft_time_limit_seconds <= kind.time_limit_seconds, kind.code
        assert kind.time_limit_seconds <= settings.JOB_TIME_LIMIT_CEILING_SECONDS, kind.code
        assert kind.roles, kind.code


@pytest.mark.django_db
def test_sweep_jobs_command_reports_what_it_failed(job_timeouts, data_admin_user):
    dead = _job(data_admin_user, status="running", created=900, started=500, beat=400)
    out = io.StringIO()
    call_command("sweep_jobs", stdout=out)
    assert f"Job {dead.pk} (Activity log export) failed: {WORKER_LOST_REASON}" in out.getvalue()
    assert "1 stuck job failed." in out.getvalue()


# ---- Try again ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "owner", "expected"),
    [
        ("owner", Role.DATA_ADMIN, 302),
        ("another-data-admin", Role.DATA_ADMIN, 302),
        ("owner-without-the-role", Role.PREPARATION_STAFF, 403),
        ("someone-else", Role.MANAGER, 403),
        ("no-role", Role.DATA_ADMIN, 403),
    ],
    ids=lambda value: str(value),
)
def test_who_may_try_a_failed_job_again(
    client,
    django_user_model,
    user_for_role,
    who,
    owner,
    expected,
    django_capture_on_commit_callbacks,
):
    owner_user = user_for_role(owner)
    failed = Job.objects.create(
        kind=job_kinds.ACTIVITY_EXPORT,
        owner=owner_user,
        status="failed",
        error="Broken.",
        parameters={"filters": {"date_from": "01/01/2026"}},
    )
    if who in ("owner", "owner-without-the-role"):
        person = owner_user
    elif who == "another-data-admin":
        person = make_user(django_user_model, "dana", Role.DATA_ADMIN)
    elif who == "someone-else":
        person = user_for_role(Role.PREPARATION_STAFF)
    else:
        person = user_for_role(None)
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job_retry", args=[failed.pk]))

    assert response.status_code == expected
    new_jobs = Job.objects.exclude(pk=failed.pk)
    if expected == 302:
        again = new_jobs.get()
        assert response.url == again.get_absolute_url()
        assert (again.kind, again.owner, again.parameters) == (
            failed.kind,
            person,
            failed.parameters,
        )
        assert again.status == Job.Status.SUCCEEDED
        assert LogEntry.objects.filter(
            additional_data__failed_job_id=failed.pk, actor=person
        ).exists()
    else:
        assert not new_jobs.exists()


@pytest.mark.django_db
def test_try_again_is_offered_only_on_a_failed_job_to_people_who_may(
    client, data_admin_user, staff_user
):
    failed = Job.objects.create(
        kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user, status="failed", error="Broken."
    )
    done = Job.objects.create(
        kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user, status="succeeded"
    )
    client.force_login(data_admin_user)
    assert b"Try again" in client.get(reverse("job_detail", args=[failed.pk])).content
    assert b"Try again" not in client.get(reverse("job_detail", args=[done.pk])).content

    response = client.post(reverse("job_retry", args=[done.pk]), follow=True)
    assert b"Only a failed job can be tried again." in response.content
    assert Job.objects.count() == 2
    assert client.get(reverse("job_retry", args=[failed.pk])).status_code == 405
    assert client.post(reverse("job_retry", args=[999999])).status_code == 404

    staff_failed = Job.objects.create(
        kind=job_kinds.ACTIVITY_EXPORT, owner=staff_user, status="failed", error="Broken."
    )
    client.force_login(staff_user)
    assert b"Try again" not in client.get(reverse("job_detail", args=[staff_failed.pk])).content


# ---- A stuck job never blocks a new one where an app refuses to start a second --------------


def _subject_job(kind, subject, owner, *, silent_for):
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        status=Job.Status.RUNNING,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )
    Job.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - timedelta(seconds=silent_for),
        heartbeat_at=timezone.now() - timedelta(seconds=silent_for),
    )
    return job


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("silent_for", "blocks"), [(10, True), (301, False)], ids=["alive", "dead"]
)
def test_a_dead_check_does_not_stop_the_file_being_checked_again(
    job_timeouts, data_admin_user, monkeypatch, silent_for, blocks
):
    from django.core.exceptions import ValidationError

    from annex_a.models import AnnexAImport
    from annex_a.services import IMPORT_JOB, recheck_import
    from inspection_readiness import tasks
    from inspection_readiness.councils import current_council

    monkeypatch.setattr(tasks.run_job, "delay", lambda job_id: None)
    upload = AnnexAImport.objects.create(
        council=current_council(),
        source_name="annex-a.xlsx",
        source_sha256="0" * 64,
        source_size=1,
        as_at=date(2026, 3, 31),
        uploaded_by=data_admin_user,
        uploaded_at=timezone.now(),
        status=AnnexAImport.Status.CHECKING,
    )
    checking = _subject_job(IMPORT_JOB, upload, data_admin_user, silent_for=silent_for)

    if blocks:
        with pytest.raises(ValidationError, match="This file is being checked already."):
            recheck_import(annex_a_import=upload, requested_by=data_admin_user)
        return
    again = recheck_import(annex_a_import=upload, requested_by=data_admin_user)
    checking.refresh_from_db()
    assert again.pk != checking.pk and again.status == Job.Status.QUEUED
    assert checking.status == Job.Status.FAILED and checking.error == WORKER_LOST_REASON


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("silent_for", "blocks"), [(10, True), (301, False)], ids=["alive", "dead"]
)
def test_a_dead_pack_build_does_not_stand_in_for_a_new_one(
    job_timeouts, data_admin_user, monkeypatch, silent_for, blocks
):
    from annex_a.synthetic import store_version
    from datapack.services import BUILD_JOB, request_pack_build
    from inspection_readiness import tasks

    monkeypatch.setattr(tasks.run_job, "delay", lambda job_id: None)
    version = store_version({}, as_at=date(2026, 3, 31), created_by=data_admin_user)
    building = _subject_job(BUILD_JOB, version, data_admin_user, silent_for=silent_for)

    job = request_pack_build(version=version, requested_by=data_admin_user)

    assert (job.pk == building.pk) is blocks
    building.refresh_from_db()
    assert building.status == (Job.Status.RUNNING if blocks else Job.Status.FAILED)
