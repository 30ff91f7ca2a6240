"""One job through a real Celery worker over Redis, as in production."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from inspection_readiness import celery_app, job_kinds
from inspection_readiness.models import Job

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start `celery worker` on a private queue against the test database; stop it after."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "CELERY_BROKER_URL": REDIS_URL,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "inspection_readiness",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    original = {
        "task_always_eager": celery_app.conf.task_always_eager,
        "broker_url": celery_app.conf.broker_url,
    }
    celery_app.conf.update(task_always_eager=False, broker_url=REDIS_URL)
    # Drop any connection pool made for the in-process default so sends go to Redis.
    celery_app._pool = None
    try:
        yield queue
    finally:
        celery_app.conf.update(**original)
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
        print(output.decode(errors="replace"))


def _wait_until_finished(job: Job, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {seconds} s")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_job_runs_on_a_real_worker_over_redis(celery_worker_process, data_admin_user):
    from inspection_readiness.tasks import run_job

    job = Job.objects.create(kind=job_kinds.ACTIVITY_EXPORT, owner=data_admin_user)
    # An explicit connection, so no pool made earlier in the session can send it elsewhere.
    with celery_app.connection_for_write(REDIS_URL) as broker:
        run_job.apply_async(args=[job.pk], queue=celery_worker_process, connection=broker)
    job = _wait_until_finished(job)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.result_file.read().decode("utf-8-sig").startswith("When,Who,Kind of object")
