"""Background jobs: one model and one Celery task for all long work.

Each app registers a *job kind* with a handler. A handler takes the job and a ``report``
callback and returns a ``JobResult`` (a file) or ``None``. It raises ``JobFailed`` with a
plain-English reason when the work cannot be done; any other exception is recorded too, so a
job never stays "in progress" after its work has stopped.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)

ProgressReporter = Callable[[int, str], None]


class JobFailed(Exception):
    """The work cannot be done; the message is shown to the person as the reason."""


@dataclass(frozen=True)
class JobResult:
    """The file a job made: ``content`` in memory, or a temporary file at ``path`` for large
    results written as a stream (the file is moved into storage and the temporary one removed)."""

    name: str
    content: bytes = b""
    path: Path | None = None


@dataclass(frozen=True)
class JobKind:
    code: str
    label: str
    handler: Callable[[Job, ProgressReporter], JobResult | None]


_KINDS: dict[str, JobKind] = {}


def register_job_kind(code: str, label: str) -> Callable:
    """Decorator that registers ``handler`` as the work done for jobs of kind ``code``."""

    def decorator(handler: Callable[[Job, ProgressReporter], JobResult | None]) -> Callable:
        _KINDS[code] = JobKind(code=code, label=label, handler=handler)
        return handler

    return decorator


def job_kind(code: str) -> JobKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(f"No job kind {code!r} is registered") from None


def start_job(
    *,
    kind: str,
    owner: AbstractBaseUser,
    subject: models.Model | None = None,
    parameters: dict | None = None,
) -> Job:
    """Create a queued job and hand it to a worker once the surrounding transaction commits."""
    job_kind(kind)  # fail now, not in the worker, for an unknown kind
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        parameters=parameters or {},
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        message="Waiting for a worker to start this job.",
    )
    from .tasks import run_job  # the task module imports this one

    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def report_progress(job_id: int, percent: int, message: str) -> None:
    """Record progress straight away, outside any transaction the handler holds open."""
    Job.objects.filter(pk=job_id).update(
        progress=max(0, min(100, int(percent))), message=message[:300]
    )


def execute_job(job_id: int) -> Job:
    """Run a job's handler and record how it ended. Called by the Celery task."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.is_finished:
        return job
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), message="Started."
    )
    kind = job_kind(job.kind)
    try:
        from auditlog.context import set_actor

        with set_actor(job.owner):
            result = kind.handler(job, lambda p, m: report_progress(job.pk, p, m))
    except JobFailed as failure:
        return _record_failure(job, str(failure))
    except Exception as error:  # noqa: BLE001  any error must end the job, not leave it running
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return _record_failure(
            job,
            f"An unexpected error stopped the job ({type(error).__name__}: {error}). "
            "Try again; if it fails again, tell your data admin.",
        )
    job.refresh_from_db()
    if result is not None:
        job.result_name = result.name
        if result.path is not None:
            with result.path.open("rb") as handle:
                job.result_file.save(result.name, File(handle), save=False)
            result.path.unlink(missing_ok=True)
        else:
            job.result_file.save(result.name, ContentFile(result.content), save=False)
    job.status = Job.Status.SUCCEEDED
    job.progress = 100
    job.message = "Finished."
    job.finished_at = timezone.now()
    job.save(
        update_fields=["result_name", "result_file", "status", "progress", "message", "finished_at"]
    )
    return job


def _record_failure(job: Job, reason: str) -> Job:
    job.refresh_from_db()
    job.status = Job.Status.FAILED
    job.error = reason
    job.message = "Failed."
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "message", "finished_at"])
    return job


def latest_job(kind: str, subject: models.Model) -> Job | None:
    """The newest job of ``kind`` about ``subject``, whatever its status."""
    return (
        Job.objects.filter(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
        )
        .select_related("owner")
        .order_by("-created_at", "-pk")
        .first()
    )


def previous_good_result(job: Job) -> Job | None:
    """The latest succeeded job of the same kind and subject, other than ``job`` itself."""
    return (
        Job.objects.filter(
            kind=job.kind,
            subject_type=job.subject_type,
            subject_id=job.subject_id,
            status=Job.Status.SUCCEEDED,
        )
        .exclude(pk=job.pk)
        .exclude(result_file="")
        .order_by("-finished_at", "-pk")
        .first()
    )
