"""Jobs through a real Celery worker over Redis, as in production: one that runs, one whose
worker process is killed part-way, one past its time limit, and one queued while the broker
is down. Each must end, with a reason, and leave the next job of its kind free to run."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from inspection_readiness import celery_app, job_kinds
from inspection_readiness.jobs import (
    BROKER_DOWN_REASON,
    WORKER_LOST_REASON,
    job_kind,
    sweep_stuck_jobs,
    time_limit_reason,
)
from inspection_readiness.models import Job

from .job_kinds_for_tests import RUNAWAY_JOB, WAITING_JOB

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Nothing listens here: a broker that is down.
CLOSED_BROKER_URL = "redis://127.0.0.1:6390/0"


@contextmanager
def _worker(*, pool: str = "solo", app: str = "inspection_readiness", env: dict | None = None):
    """Start `celery worker` on a private queue against the test database; stop it after."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = settings.DATABASES["default"]
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            app,
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "CELERY_BROKER_URL": REDIS_URL,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **(env or {}),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    original = {
        "task_always_eager": celery_app.conf.task_always_eager,
        "broker_url": celery_app.conf.broker_url,
    }
    celery_app.conf.update(task_always_eager=False)
    _point_celery_at(REDIS_URL)
    try:
        yield queue, worker
    finally:
        celery_app.conf.update(**original)
        _point_celery_at(original["broker_url"])
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        print(output.decode(errors="replace"))


def _point_celery_at(broker_url: str) -> None:
    """Send tasks to ``broker_url`` from now on, dropping connections pooled for another."""
    celery_app.conf.update(broker_url=broker_url)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_worker_process(transactional_db):
    """A solo worker on a private queue; yields the queue's name."""
    with _worker() as (queue, _process):
        yield queue


@pytest.fixture
def prefork_worker(transactional_db):
    """A prefork worker with one pool process (which a test can kill), knowing the test-only
    job kinds, with a heartbeat every second; yields the queue and the worker's process."""
    with _worker(
        pool="prefork",
        app="inspection_readiness.tests.worker_app",
        env={"JOB_HEARTBEAT_SECONDS": "1"},
    ) as running:
        yield running


def _send(job: Job, queue: str) -> None:
    from inspection_readiness.tasks import run_job

    # An explicit connection, so no pool made earlier in the session can send it elsewhere.
    with celery_app.connection_for_write(REDIS_URL) as broker:
        run_job.apply_async(args=[job.pk], queue=queue, connection=broker)


def _wait_until_finished(job: Job, seconds: float = 60, *, sweep: bool = False) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if sweep:
            sweep_stuck_jobs()
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {seconds} s")


def _wait_for(condition, seconds: float = 60, what: str = "condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"no {what} after {seconds} s")


def _pool_processes(worker: subprocess.Popen) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_job_runs_on_a_real_worker_over_redis(celery_worker_process, data_admin_user):
    job = Job.objects.create(kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user)
    _send(job, celery_worker_process)
    job = _wait_until_finished(job)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.result_file.read().decode("utf-8-sig").startswith("When,Who,Kind of object")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_whose_pool_process_is_killed_ends_failed_and_the_next_one_runs(
    prefork_worker, data_admin_user, settings, tmp_path
):
    queue, worker = prefork_worker
    # The sweep in this process, if the broker does not hand the task out again, sees the
    # heartbeat (every second in the worker) stop after a few seconds.
    settings.JOB_HEARTBEAT_SECONDS = 1
    settings.JOB_HEARTBEAT_TIMEOUT_SECONDS = 5
    pid_file, release_file = tmp_path / "pid", tmp_path / "release"
    job = Job.objects.create(
        kind=WAITING_JOB,
        owner=data_admin_user,
        parameters={"pid_file": str(pid_file), "release_file": str(release_file)},
    )
    _send(job, queue)
    _wait_for(pid_file.exists, what="job started")
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    _wait_for(lambda: Job.objects.get(pk=job.pk).heartbeat_at > job.started_at, what="heartbeat")
    (child,) = _pool_processes(worker)
    assert child == int(pid_file.read_text()), "the job runs in the pool process"

    os.kill(child, signal.SIGKILL)  # what the out-of-memory killer does

    job = _wait_until_finished(job, seconds=90, sweep=True)
    assert job.status == Job.Status.FAILED
    assert job.error == WORKER_LOST_REASON
    assert job.finished_at is not None

    release_file.write_text("go")
    pid_file.unlink()
    following = Job.objects.create(
        kind=WAITING_JOB,
        owner=data_admin_user,
        parameters={"pid_file": str(pid_file), "release_file": str(release_file)},
    )
    _send(following, queue)
    following = _wait_until_finished(following)
    assert following.status == Job.Status.SUCCEEDED, following.error
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED, "the killed job is never run a second time"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_past_its_hard_time_limit_is_stopped_and_the_next_one_runs(
    prefork_worker, data_admin_user
):
    queue, _worker_process = prefork_worker
    runaway = Job.objects.create(
        kind=RUNAWAY_JOB, owner=data_admin_user, parameters={"runaway": True}
    )
    _send(runaway, queue)
    runaway = _wait_until_finished(runaway, seconds=60)
    assert runaway.status == Job.Status.FAILED
    assert runaway.error == time_limit_reason(job_kind(RUNAWAY_JOB))
    assert runaway.error.startswith("This job took longer than 4 seconds and was stopped.")

    following = Job.objects.create(kind=RUNAWAY_JOB, owner=data_admin_user)
    _send(following, queue)
    following = _wait_until_finished(following)
    assert following.status == Job.Status.SUCCEEDED, following.error


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_started_while_the_broker_is_down_fails_with_a_message_and_not_a_500(
    celery_worker_process, client, data_admin_user, monkeypatch
):
    from inspection_readiness.tasks import run_job

    client.force_login(data_admin_user)
    _point_celery_at(CLOSED_BROKER_URL)

    response = client.post(reverse("activity_export"), follow=True)

    assert response.status_code == 200
    failed = Job.objects.get(kind=job_kinds.ACTIVITY_EXPORT)
    assert failed.status == Job.Status.FAILED
    assert failed.error == BROKER_DOWN_REASON
    assert BROKER_DOWN_REASON.encode() in response.content.replace(b"&#x27;", b"'")

    # The broker is back: the person tries again from the failed job's page.
    _point_celery_at(REDIS_URL)
    monkeypatch.setattr(
        run_job, "delay", lambda job_id: _send(Job(pk=job_id), celery_worker_process)
    )
    response = client.post(reverse("job_retry", args=[failed.pk]))
    again = Job.objects.exclude(pk=failed.pk).get(kind=job_kinds.ACTIVITY_EXPORT)
    assert response.status_code == 302 and response.url == again.get_absolute_url()
    again = _wait_until_finished(again)
    assert again.status == Job.Status.SUCCEEDED, again.error
