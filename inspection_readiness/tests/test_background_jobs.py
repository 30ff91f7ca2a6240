"""Jobs with no broker run in a thread of the web process (background.py): the request that
starts one ends at once, its progress shows while it runs, and a crash fails it with a reason."""

import time
from pathlib import Path

import pytest
from django.urls import reverse

from inspection_readiness import background
from inspection_readiness.jobs import register_job_kind, start_job, unregister_job_kind
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

from .job_kinds_for_tests import WAITING_JOB

CRASHING_JOB = "test_background_crash"


@pytest.fixture
def in_background(settings):
    settings.CELERY_BROKER_URL = ""
    settings.JOBS_RUN_IN_BACKGROUND_THREAD = True
    yield
    assert background.wait_until_idle(timeout=30), "a background job never ended"


def _wait_for(job: Job, condition, timeout: float = 15.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} stayed {job.status} at {job.progress}%: {job.message}")


def test_the_mode_is_off_under_tests_and_with_a_broker(settings):
    settings.JOBS_RUN_IN_BACKGROUND_THREAD = False
    assert not background.runs_in_background_thread()
    settings.JOBS_RUN_IN_BACKGROUND_THREAD = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/7"
    assert not background.runs_in_background_thread()
    settings.CELERY_BROKER_URL = ""
    assert background.runs_in_background_thread()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_started_job_returns_the_request_at_once_shows_progress_and_finishes(
    in_background, client, data_admin_user, tmp_path: Path
):
    release = tmp_path / "release"
    # A failed job tried again: "Try again" is a real request that starts a job.
    failed = Job.objects.create(
        kind=WAITING_JOB,
        owner=data_admin_user,
        status=Job.Status.FAILED,
        parameters={"pid_file": str(tmp_path / "pid"), "release_file": str(release)},
    )
    client.force_login(data_admin_user)
    started = time.monotonic()
    response = client.post(reverse("job_retry", args=[failed.pk]))
    assert response.status_code == 302
    assert time.monotonic() - started < 5  # the job waits for the release file: not in here
    job = Job.objects.exclude(pk=failed.pk).get(kind=WAITING_JOB)

    # Mid-way: the page's progress endpoint shows the job running at its reported progress.
    _wait_for(job, lambda j: j.status == Job.Status.RUNNING and j.progress == 50)
    status = client.get(reverse("job_status", args=[job.pk])).json()
    assert status["status"] == "running"
    assert status["progress"] == 50
    assert status["message"] == "Waiting for the test."
    assert not status["finished"]
    assert job.heartbeat_at is not None

    release.write_text("go")
    job = _wait_for(job, lambda j: j.is_finished)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.progress == 100


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_that_crashes_in_the_thread_is_failed_with_a_plain_reason(
    in_background, data_admin_user, monkeypatch
):
    @register_job_kind(CRASHING_JOB, "Test job that crashes", roles=[Role.DATA_ADMIN])
    def crash(job, report):
        report(10, "Starting.")
        raise RuntimeError("disk on fire")

    try:
        job = start_job(kind=CRASHING_JOB, owner=data_admin_user)  # no transaction: sent at once
        job = _wait_for(job, lambda j: j.is_finished)
        assert job.status == Job.Status.FAILED
        assert "An unexpected error stopped the job" in job.error
    finally:
        unregister_job_kind(CRASHING_JOB)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failure_around_the_handler_still_ends_the_job(
    in_background, data_admin_user, monkeypatch
):
    def broken(job_id):
        raise ConnectionError("database went away")

    monkeypatch.setattr("inspection_readiness.jobs.execute_job", broken)
    job = Job.objects.create(kind=WAITING_JOB, owner=data_admin_user)
    background.submit(job.pk)
    job = _wait_for(job, lambda j: j.is_finished)
    assert job.status == Job.Status.FAILED
    assert job.error == background.CRASHED_REASON
