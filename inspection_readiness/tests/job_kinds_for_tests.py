"""Job kinds that exist only in tests: one that waits (heartbeating) until the test lets it go,
and one that runs away past its time limit. The worker tests start Celery with
``inspection_readiness.tests.worker_app``, which imports this module in the worker too."""

import os
import time
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded

from inspection_readiness.jobs import ProgressReporter, register_job_kind
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

WAITING_JOB = "test_waiting"
RUNAWAY_JOB = "test_runaway"
RUNAWAY_SOFT_LIMIT_SECONDS = 2
RUNAWAY_HARD_LIMIT_SECONDS = 4


@register_job_kind(WAITING_JOB, "Test job that waits", roles=[Role.DATA_ADMIN])
def wait_for_release(job: Job, report: ProgressReporter) -> None:
    """Write the process id to ``pid_file``, then wait (reporting) until ``release_file``
    exists."""
    Path(job.parameters["pid_file"]).write_text(str(os.getpid()))
    release = Path(job.parameters["release_file"])
    deadline = time.monotonic() + 60
    while not release.exists() and time.monotonic() < deadline:
        report(50, "Waiting for the test.")
        time.sleep(0.2)


@register_job_kind(
    RUNAWAY_JOB,
    "Test job that runs away",
    roles=[Role.DATA_ADMIN],
    time_limit_seconds=RUNAWAY_HARD_LIMIT_SECONDS,
    soft_time_limit_seconds=RUNAWAY_SOFT_LIMIT_SECONDS,
)
def run_away(job: Job, report: ProgressReporter) -> None:
    """With ``runaway`` set, loop for ever, ignoring the soft time limit as stuck C code would,
    so only the hard limit stops it; otherwise end at once."""
    if not job.parameters.get("runaway"):
        report(100, "Done.")
        return
    while True:
        try:
            time.sleep(0.1)
        except SoftTimeLimitExceeded:
            pass


SILENT_JOB = "test_silent"


@register_job_kind(SILENT_JOB, "Test job that never reports progress", roles=[Role.DATA_ADMIN])
def stay_silent(job: Job, report: ProgressReporter) -> None:
    """Report nothing: wait (up to 30 s) until the heartbeat alone has said the job is alive."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        beat = Job.objects.filter(pk=job.pk).values_list("heartbeat_at", flat=True).get()
        if beat > job.started_at:
            return
        time.sleep(0.05)
    raise AssertionError("no heartbeat while the handler ran")
